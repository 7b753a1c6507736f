// Original file: proto/externalgrpc.proto

import type { NodeGroupAutoscalingOptions as _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupAutoscalingOptions, NodeGroupAutoscalingOptions__Output as _clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupAutoscalingOptions__Output } from '../../../../clusterautoscaler/cloudprovider/v1/externalgrpc/NodeGroupAutoscalingOptions.js';

export interface NodeGroupAutoscalingOptionsRequest {
  'id'?: (string);
  'defaults'?: (_clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupAutoscalingOptions | null);
}

export interface NodeGroupAutoscalingOptionsRequest__Output {
  'id': (string);
  'defaults': (_clusterautoscaler_cloudprovider_v1_externalgrpc_NodeGroupAutoscalingOptions__Output | null);
}
