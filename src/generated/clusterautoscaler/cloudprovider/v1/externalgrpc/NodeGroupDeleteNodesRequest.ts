// Original file: proto/externalgrpc.proto

import type { ExternalGrpcNode as _clusterautoscaler_cloudprovider_v1_externalgrpc_ExternalGrpcNode, ExternalGrpcNode__Output as _clusterautoscaler_cloudprovider_v1_externalgrpc_ExternalGrpcNode__Output } from '../../../../clusterautoscaler/cloudprovider/v1/externalgrpc/ExternalGrpcNode.js';

export interface NodeGroupDeleteNodesRequest {
  'nodes'?: (_clusterautoscaler_cloudprovider_v1_externalgrpc_ExternalGrpcNode)[];
  'id'?: (string);
}

export interface NodeGroupDeleteNodesRequest__Output {
  'nodes': (_clusterautoscaler_cloudprovider_v1_externalgrpc_ExternalGrpcNode__Output)[];
  'id': (string);
}
