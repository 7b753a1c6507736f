// Original file: proto/k8s/core-v1.proto

import type { DaemonEndpoint as _k8s_io_api_core_v1_DaemonEndpoint, DaemonEndpoint__Output as _k8s_io_api_core_v1_DaemonEndpoint__Output } from '../../../../../k8s/io/api/core/v1/DaemonEndpoint.js';

export interface NodeDaemonEndpoints {
  'kubeletEndpoint'?: (_k8s_io_api_core_v1_DaemonEndpoint | null);
}

export interface NodeDaemonEndpoints__Output {
  'kubeletEndpoint': (_k8s_io_api_core_v1_DaemonEndpoint__Output | null);
}
