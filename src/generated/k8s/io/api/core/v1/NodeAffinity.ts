// Original file: proto/k8s/core-v1.proto

import type { NodeSelector as _k8s_io_api_core_v1_NodeSelector, NodeSelector__Output as _k8s_io_api_core_v1_NodeSelector__Output } from '../../../../../k8s/io/api/core/v1/NodeSelector.js';
import type { PreferredSchedulingTerm as _k8s_io_api_core_v1_PreferredSchedulingTerm, PreferredSchedulingTerm__Output as _k8s_io_api_core_v1_PreferredSchedulingTerm__Output } from '../../../../../k8s/io/api/core/v1/PreferredSchedulingTerm.js';

export interface NodeAffinity {
  'requiredDuringSchedulingIgnoredDuringExecution'?: (_k8s_io_api_core_v1_NodeSelector | null);
  'preferredDuringSchedulingIgnoredDuringExecution'?: (_k8s_io_api_core_v1_PreferredSchedulingTerm)[];
}

export interface NodeAffinity__Output {
  'requiredDuringSchedulingIgnoredDuringExecution': (_k8s_io_api_core_v1_NodeSelector__Output | null);
  'preferredDuringSchedulingIgnoredDuringExecution': (_k8s_io_api_core_v1_PreferredSchedulingTerm__Output)[];
}
