// Original file: proto/k8s/core-v1.proto

import type { ObjectMeta as _k8s_io_apimachinery_pkg_apis_meta_v1_ObjectMeta, ObjectMeta__Output as _k8s_io_apimachinery_pkg_apis_meta_v1_ObjectMeta__Output } from '../../../../../k8s/io/apimachinery/pkg/apis/meta/v1/ObjectMeta.js';
import type { NodeSpec as _k8s_io_api_core_v1_NodeSpec, NodeSpec__Output as _k8s_io_api_core_v1_NodeSpec__Output } from '../../../../../k8s/io/api/core/v1/NodeSpec.js';
import type { NodeStatus as _k8s_io_api_core_v1_NodeStatus, NodeStatus__Output as _k8s_io_api_core_v1_NodeStatus__Output } from '../../../../../k8s/io/api/core/v1/NodeStatus.js';

export interface Node {
  'metadata'?: (_k8s_io_apimachinery_pkg_apis_meta_v1_ObjectMeta | null);
  'spec'?: (_k8s_io_api_core_v1_NodeSpec | null);
  'status'?: (_k8s_io_api_core_v1_NodeStatus | null);
}

export interface Node__Output {
  'metadata': (_k8s_io_apimachinery_pkg_apis_meta_v1_ObjectMeta__Output | null);
  'spec': (_k8s_io_api_core_v1_NodeSpec__Output | null);
  'status': (_k8s_io_api_core_v1_NodeStatus__Output | null);
}
