// Original file: proto/k8s/core-v1.proto

import type { NodeSelectorRequirement as _k8s_io_api_core_v1_NodeSelectorRequirement, NodeSelectorRequirement__Output as _k8s_io_api_core_v1_NodeSelectorRequirement__Output } from '../../../../../k8s/io/api/core/v1/NodeSelectorRequirement.js';

export interface NodeSelectorTerm {
  'matchExpressions'?: (_k8s_io_api_core_v1_NodeSelectorRequirement)[];
  'matchFields'?: (_k8s_io_api_core_v1_NodeSelectorRequirement)[];
}

export interface NodeSelectorTerm__Output {
  'matchExpressions': (_k8s_io_api_core_v1_NodeSelectorRequirement__Output)[];
  'matchFields': (_k8s_io_api_core_v1_NodeSelectorRequirement__Output)[];
}
