// Original file: proto/externalgrpc.proto

import type { ExternalGrpcNode as _clusterautoscaler_cloudprovider_v1_externalgrpc_ExternalGrpcNode, ExternalGrpcNode__Output as _clusterautoscaler_cloudprovider_v1_externalgrpc_ExternalGrpcNode__Output } from '../../../../clusterautoscaler/cloudprovider/v1/externalgrpc/ExternalGrpcNode.js';

export interface NodeGroupForNodeRequest {
  'node'?: (_clusterautoscaler_cloudprovider_v1_externalgrpc_ExternalGrpcNode | null);
}

export interface NodeGroupForNodeRequest__Output {
  'node': (_clusterautoscaler_cloudprovider_v1_externalgrpc_ExternalGrpcNode__Output | null);
}
