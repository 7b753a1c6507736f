// Original file: proto/externalgrpc.proto

import type { Instance as _clusterautoscaler_cloudprovider_v1_externalgrpc_Instance, Instance__Output as _clusterautoscaler_cloudprovider_v1_externalgrpc_Instance__Output } from '../../../../clusterautoscaler/cloudprovider/v1/externalgrpc/Instance.js';

export interface NodeGroupNodesResponse {
  'instances'?: (_clusterautoscaler_cloudprovider_v1_externalgrpc_Instance)[];
}

export interface NodeGroupNodesResponse__Output {
  'instances': (_clusterautoscaler_cloudprovider_v1_externalgrpc_Instance__Output)[];
}
