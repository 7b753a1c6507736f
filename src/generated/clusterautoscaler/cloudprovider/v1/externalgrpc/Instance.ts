// Original file: proto/externalgrpc.proto

import type { InstanceStatus as _clusterautoscaler_cloudprovider_v1_externalgrpc_InstanceStatus, InstanceStatus__Output as _clusterautoscaler_cloudprovider_v1_externalgrpc_InstanceStatus__Output } from '../../../../clusterautoscaler/cloudprovider/v1/externalgrpc/InstanceStatus.js';

export interface Instance {
  'id'?: (string);
  'status'?: (_clusterautoscaler_cloudprovider_v1_externalgrpc_InstanceStatus | null);
}

export interface Instance__Output {
  'id': (string);
  'status': (_clusterautoscaler_cloudprovider_v1_externalgrpc_InstanceStatus__Output | null);
}
