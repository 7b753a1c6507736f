// Original file: proto/k8s/core-v1.proto

import type { VolumeSource as _k8s_io_api_core_v1_VolumeSource, VolumeSource__Output as _k8s_io_api_core_v1_VolumeSource__Output } from '../../../../../k8s/io/api/core/v1/VolumeSource.js';

export interface Volume {
  'name'?: (string);
  'volumeSource'?: (_k8s_io_api_core_v1_VolumeSource | null);
}

export interface Volume__Output {
  'name': (string);
  'volumeSource': (_k8s_io_api_core_v1_VolumeSource__Output | null);
}
