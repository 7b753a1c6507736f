// Original file: proto/k8s/core-v1.proto

import type { NodeSelectorTerm as _k8s_io_api_core_v1_NodeSelectorTerm, NodeSelectorTerm__Output as _k8s_io_api_core_v1_NodeSelectorTerm__Output } from '../../../../../k8s/io/api/core/v1/NodeSelectorTerm.js';

export interface NodeSelector {
  'nodeSelectorTerms'?: (_k8s_io_api_core_v1_NodeSelectorTerm)[];
}

export interface NodeSelector__Output {
  'nodeSelectorTerms': (_k8s_io_api_core_v1_NodeSelectorTerm__Output)[];
}
