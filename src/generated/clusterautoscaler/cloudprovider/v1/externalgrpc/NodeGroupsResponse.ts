// Original file: proto/externalgrpc.proto

import type { NodeGroup as _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroup, NodeGroup__Output as _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroup__Output } from '../../../../clusterautoscaler/cloudprovider/v1/externalgrpc/NodeGroup.js';

export interface NodeGroupsResponse {
  'nodeGroups'?: (_clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroup)[];
}

export interface NodeGroupsResponse__Output {
  'nodeGroups': (_clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroup__Output)[];
}
