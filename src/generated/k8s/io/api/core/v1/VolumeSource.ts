// Original file: proto/k8s/core-v1.proto

import type { HostPathVolumeSource as _k8s_io_api_core_v1_HostPathVolumeSource, HostPathVolumeSource__Output as _k8s_io_api_core_v1_HostPathVolumeSource__Output } from '../../../../../k8s/io/api/core/v1/HostPathVolumeSource.js';
import type { EmptyDirVolumeSource as _k8s_io_api_core_v1_EmptyDirVolumeSource, EmptyDirVolumeSource__Output as _k8s_io_api_core_v1_EmptyDirVolumeSource__Output } from '../../../../../k8s/io/api/core/v1/EmptyDirVolumeSource.js';

export interface VolumeSource {
  'hostPath'?: (_k8s_io_api_core_v1_HostPathVolumeSource | null);
  'emptyDir'?: (_k8s_io_api_core_v1_EmptyDirVolumeSource | null);
}

export interface VolumeSource__Output {
  'hostPath': (_k8s_io_api_core_v1_HostPathVolumeSource__Output | null);
  'emptyDir': (_k8s_io_api_core_v1_EmptyDirVolumeSource__Output | null);
}
