// Original file: proto/k8s/core-v1.proto

import type { NodeAffinity as _k8s_io_api_core_v1_NodeAffinity, NodeAffinity__Output as _k8s_io_api_core_v1_NodeAffinity__Output } from '../../../../../k8s/io/api/core/v1/NodeAffinity.js';

export interface Affinity {
  'nodeAffinity'?: (_k8s_io_api_core_v1_NodeAffinity | null);
}

export interface Affinity__Output {
  'nodeAffinity': (_k8s_io_api_core_v1_NodeAffinity__Output | null);
}
