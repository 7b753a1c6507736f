// Original file: proto/externalgrpc.proto

import type { Node as _k8s_io_api_core_v1_Node, Node__Output as _k8s_io_api_core_v1_Node__Output } from '../../../../k8s/io/api/core/v1/Node.js';

export interface NodeGroupTemplateNodeInfoResponse {
  'nodeInfo'?: (_k8s_io_api_core_v1_Node | null);
  'nodeBytes'?: (Buffer | Uint8Array | string);
  'resourceSliceBytes'?: (Buffer | Uint8Array | string)[];
}

export interface NodeGroupTemplateNodeInfoResponse__Output {
  'nodeInfo': (_k8s_io_api_core_v1_Node__Output | null);
  'nodeBytes': (Buffer);
  'resourceSliceBytes': (Buffer)[];
}
