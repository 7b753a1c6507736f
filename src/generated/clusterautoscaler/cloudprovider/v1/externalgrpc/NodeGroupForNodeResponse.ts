// Original file: proto/externalgrpc.proto

import type { NodeGroup as _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroup, NodeGroup__Output as _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroup__Output } from '../../../../clusterautoscaler/cloudprovider/v1/externalgrpc/NodeGroup.js';

export interface NodeGroupForNodeResponse {
  'nodeGroup'?: (_clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroup | null);
}

export interface NodeGroupForNodeResponse__Output {
  'nodeGroup': (_clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroup__Output | null);
}
