// Original file: proto/k8s/core-v1.proto

import type { Quantity as _k8s_io_apimachinery_pkg_api_resource_Quantity, Quantity__Output as _k8s_io_apimachinery_pkg_api_resource_Quantity__Output } from '../../../../../k8s/io/apimachinery/pkg/api/resource/Quantity.js';
import type { NodeCondition as _k8s_io_api_core_v1_NodeCondition, NodeCondition__Output as _k8s_io_api_core_v1_NodeCondition__Output } from '../../../../../k8s/io/api/core/v1/NodeCondition.js';
import type { NodeAddress as _k8s_io_api_core_v1_NodeAddress, NodeAddress__Output as _k8s_io_api_core_v1_NodeAddress__Output } from '../../../../../k8s/io/api/core/v1/NodeAddress.js';
import type { NodeDaemonEndpoints as _k8s_io_api_core_v1_NodeDaemonEndpoints, NodeDaemonEndpoints__Output as _k8s_io_api_core_v1_NodeDaemonEndpoints__Output } from '../../../../../k8s/io/api/core/v1/NodeDaemonEndpoints.js';
import type { NodeSystemInfo as _k8s_io_api_core_v1_NodeSystemInfo, NodeSystemInfo__Output as _k8s_io_api_core_v1_NodeSystemInfo__Output } from '../../../../../k8s/io/api/core/v1/NodeSystemInfo.js';

export interface NodeStatus {
  'capacity'?: ({[key: string]: _k8s_io_apimachinery_pkg_api_resource_Quantity});
  'allocatable'?: ({[key: string]: _k8s_io_apimachinery_pkg_api_resource_Quantity});
  'phase'?: (string);
  'conditions'?: (_k8s_io_api_core_v1_NodeCondition)[];
  'addresses'?: (_k8s_io_api_core_v1_NodeAddress)[];
  'daemonEndpoints'?: (_k8s_io_api_core_v1_NodeDaemonEndpoints | null);
  'nodeInfo'?: (_k8s_io_api_core_v1_NodeSystemInfo | null);
}

export interface NodeStatus__Output {
  'capacity': ({[key: string]: _k8s_io_apimachinery_pkg_api_resource_Quantity__Output});
  'allocatable': ({[key: string]: _k8s_io_apimachinery_pkg_api_resource_Quantity__Output});
  'phase': (string);
  'conditions': (_k8s_io_api_core_v1_NodeCondition__Output)[];
  'addresses': (_k8s_io_api_core_v1_NodeAddress__Output)[];
  'daemonEndpoints': (_k8s_io_api_core_v1_NodeDaemonEndpoints__Output | null);
  'nodeInfo': (_k8s_io_api_core_v1_NodeSystemInfo__Output | null);
}
