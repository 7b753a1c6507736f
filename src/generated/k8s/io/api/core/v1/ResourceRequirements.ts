// Original file: proto/k8s/core-v1.proto

import type { Quantity as _k8s_io_apimachinery_pkg_api_resource_Quantity, Quantity__Output as _k8s_io_apimachinery_pkg_api_resource_Quantity__Output } from '../../../../../k8s/io/apimachinery/pkg/api/resource/Quantity.js';

export interface ResourceRequirements {
  'limits'?: ({[key: string]: _k8s_io_apimachinery_pkg_api_resource_Quantity});
  'requests'?: ({[key: string]: _k8s_io_apimachinery_pkg_api_resource_Quantity});
}

export interface ResourceRequirements__Output {
  'limits': ({[key: string]: _k8s_io_apimachinery_pkg_api_resource_Quantity__Output});
  'requests': ({[key: string]: _k8s_io_apimachinery_pkg_api_resource_Quantity__Output});
}
