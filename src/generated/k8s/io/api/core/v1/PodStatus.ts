// Original file: proto/k8s/core-v1.proto

import type { PodCondition as _k8s_io_api_core_v1_PodCondition, PodCondition__Output as _k8s_io_api_core_v1_PodCondition__Output } from '../../../../../k8s/io/api/core/v1/PodCondition.js';

export interface PodStatus {
  'phase'?: (string);
  'conditions'?: (_k8s_io_api_core_v1_PodCondition)[];
  'qosClass'?: (string);
}

export interface PodStatus__Output {
  'phase': (string);
  'conditions': (_k8s_io_api_core_v1_PodCondition__Output)[];
  'qosClass': (string);
}
