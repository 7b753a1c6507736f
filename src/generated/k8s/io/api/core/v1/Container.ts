// Original file: proto/k8s/core-v1.proto

import type { ContainerPort as _k8s_io_api_core_v1_ContainerPort, ContainerPort__Output as _k8s_io_api_core_v1_ContainerPort__Output } from '../../../../../k8s/io/api/core/v1/ContainerPort.js';
import type { ResourceRequirements as _k8s_io_api_core_v1_ResourceRequirements, ResourceRequirements__Output as _k8s_io_api_core_v1_ResourceRequirements__Output } from '../../../../../k8s/io/api/core/v1/ResourceRequirements.js';

export interface Container {
  'name'?: (string);
  'image'?: (string);
  'ports'?: (_k8s_io_api_core_v1_ContainerPort)[];
  'resources'?: (_k8s_io_api_core_v1_ResourceRequirements | null);
}

export interface Container__Output {
  'name': (string);
  'image': (string);
  'ports': (_k8s_io_api_core_v1_ContainerPort__Output)[];
  'resources': (_k8s_io_api_core_v1_ResourceRequirements__Output | null);
}
