// Original file: proto/externalgrpc.proto

import type { InstanceErrorInfo as _clusterautoscaler_cloudprovider_v1_externalgrpc_InstanceErrorInfo, InstanceErrorInfo__Output as _clusterautoscaler_cloudprovider_v1_externalgrpc_InstanceErrorInfo__Output } from '../../../../clusterautoscaler/cloudprovider/v1/externalgrpc/InstanceErrorInfo.js';

// Original file: proto/externalgrpc.proto

export const _clusterautoscaler_cloudprovider_v1_externalgrpc_InstanceStatus_InstanceState = {
  unspecified: 'unspecified',
  instanceRunning: 'instanceRunning',
  instanceCreating: 'instanceCreating',
  instanceDeleting: 'instanceDeleting',
} as const;

export type _clusterautoscaler_cloudprovider_v1_externalgrpc_InstanceStatus_InstanceState =
  | 'unspecified'
  | 0
  | 'instanceRunning'
  | 1
  | 'instanceCreating'
  | 2
  | 'instanceDeleting'
  | 3

export type _clusterautoscaler_cloudprovider_v1_externalgrpc_InstanceStatus_InstanceState__Output = typeof _clusterautoscaler_cloudprovider_v1_externalgrpc_InstanceStatus_InstanceState[keyof typeof _clusterautoscaler_cloudprovider_v1_externalgrpc_InstanceStatus_InstanceState]

export interface InstanceStatus {
  'instanceState'?: (_clusterautoscaler_cloudprovider_v1_externalgrpc_InstanceStatus_InstanceState);
  'errorInfo'?: (_clusterautoscaler_cloudprovider_v1_externalgrpc_InstanceErrorInfo | null);
}

export interface InstanceStatus__Output {
  'instanceState': (_clusterautoscaler_cloudprovider_v1_externalgrpc_InstanceStatus_InstanceState__Output);
  'errorInfo': (_clusterautoscaler_cloudprovider_v1_externalgrpc_InstanceErrorInfo__Output | null);
}
