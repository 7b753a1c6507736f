// Original file: proto/k8s/core-v1.proto

import type { ObjectMeta as _k8s_io_apimachinery_pkg_apis_meta_v1_ObjectMeta, ObjectMeta__Output as _k8s_io_apimachinery_pkg_apis_meta_v1_ObjectMeta__Output } from '../../../../../k8s/io/apimachinery/pkg/apis/meta/v1/ObjectMeta.js';
import type { PodSpec as _k8s_io_api_core_v1_PodSpec, PodSpec__Output as _k8s_io_api_core_v1_PodSpec__Output } from '../../../../../k8s/io/api/core/v1/PodSpec.js';
import type { PodStatus as _k8s_io_api_core_v1_PodStatus, PodStatus__Output as _k8s_io_api_core_v1_PodStatus__Output } from '../../../../../k8s/io/api/core/v1/PodStatus.js';

export interface Pod {
  'metadata'?: (_k8s_io_apimachinery_pkg_apis_meta_v1_ObjectMeta | null);
  'spec'?: (_k8s_io_api_core_v1_PodSpec | null);
  'status'?: (_k8s_io_api_core_v1_PodStatus | null);
}

export interface Pod__Output {
  'metadata': (_k8s_io_apimachinery_pkg_apis_meta_v1_ObjectMeta__Output | null);
  'spec': (_k8s_io_api_core_v1_PodSpec__Output | null);
  'status': (_k8s_io_api_core_v1_PodStatus__Output | null);
}
