// Original file: proto/k8s/core-v1.proto

import type { Volume as _k8s_io_api_core_v1_Volume, Volume__Output as _k8s_io_api_core_v1_Volume__Output } from '../../../../../k8s/io/api/core/v1/Volume.js';
import type { Container as _k8s_io_api_core_v1_Container, Container__Output as _k8s_io_api_core_v1_Container__Output } from '../../../../../k8s/io/api/core/v1/Container.js';
import type { Affinity as _k8s_io_api_core_v1_Affinity, Affinity__Output as _k8s_io_api_core_v1_Affinity__Output } from '../../../../../k8s/io/api/core/v1/Affinity.js';
import type { Toleration as _k8s_io_api_core_v1_Toleration, Toleration__Output as _k8s_io_api_core_v1_Toleration__Output } from '../../../../../k8s/io/api/core/v1/Toleration.js';
import type { Quantity as _k8s_io_apimachinery_pkg_api_resource_Quantity, Quantity__Output as _k8s_io_apimachinery_pkg_api_resource_Quantity__Output } from '../../../../../k8s/io/apimachinery/pkg/api/resource/Quantity.js';

export interface PodSpec {
  'volumes'?: (_k8s_io_api_core_v1_Volume)[];
  'containers'?: (_k8s_io_api_core_v1_Container)[];
  'restartPolicy'?: (string);
  'nodeSelector'?: ({[key: string]: string});
  'nodeName'?: (string);
  'hostNetwork'?: (boolean);
  'affinity'?: (_k8s_io_api_core_v1_Affinity | null);
  'schedulerName'?: (string);
  'initContainers'?: (_k8s_io_api_core_v1_Container)[];
  'tolerations'?: (_k8s_io_api_core_v1_Toleration)[];
  'priorityClassName'?: (string);
  'priority'?: (number);
  'overhead'?: ({[key: string]: _k8s_io_apimachinery_pkg_api_resource_Quantity});
}

export interface PodSpec__Output {
  'volumes': (_k8s_io_api_core_v1_Volume__Output)[];
  'containers': (_k8s_io_api_core_v1_Container__Output)[];
  'restartPolicy': (string);
  'nodeSelector': ({[key: string]: string});
  'nodeName': (string);
  'hostNetwork': (boolean);
  'affinity': (_k8s_io_api_core_v1_Affinity__Output | null);
  'schedulerName': (string);
  'initContainers': (_k8s_io_api_core_v1_Container__Output)[];
  'tolerations': (_k8s_io_api_core_v1_Toleration__Output)[];
  'priorityClassName': (string);
  'priority': (number);
  'overhead': ({[key: string]: _k8s_io_apimachinery_pkg_api_resource_Quantity__Output});
}
