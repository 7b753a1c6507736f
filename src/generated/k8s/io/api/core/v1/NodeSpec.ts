// Original file: proto/k8s/core-v1.proto

import type { Taint as _k8s_io_api_core_v1_Taint, Taint__Output as _k8s_io_api_core_v1_Taint__Output } from '../../../../../k8s/io/api/core/v1/Taint.js';

export interface NodeSpec {
  'podCIDR'?: (string);
  'externalID'?: (string);
  'providerID'?: (string);
  'unschedulable'?: (boolean);
  'taints'?: (_k8s_io_api_core_v1_Taint)[];
  'podCIDRs'?: (string)[];
}

export interface NodeSpec__Output {
  'podCIDR': (string);
  'externalID': (string);
  'providerID': (string);
  'unschedulable': (boolean);
  'taints': (_k8s_io_api_core_v1_Taint__Output)[];
  'podCIDRs': (string)[];
}
