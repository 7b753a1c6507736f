// Original file: proto/k8s/meta-v1.proto

import type { Time as _k8s_io_apimachinery_pkg_apis_meta_v1_Time, Time__Output as _k8s_io_apimachinery_pkg_apis_meta_v1_Time__Output } from '../../../../../../../k8s/io/apimachinery/pkg/apis/meta/v1/Time.js';
import type { OwnerReference as _k8s_io_apimachinery_pkg_apis_meta_v1_OwnerReference, OwnerReference__Output as _k8s_io_apimachinery_pkg_apis_meta_v1_OwnerReference__Output } from '../../../../../../../k8s/io/apimachinery/pkg/apis/meta/v1/OwnerReference.js';
import type { Long } from '@grpc/proto-loader';

export interface ObjectMeta {
  'name'?: (string);
  'generateName'?: (string);
  'namespace'?: (string);
  'selfLink'?: (string);
  'uid'?: (string);
  'resourceVersion'?: (string);
  'generation'?: (number | string | Long);
  'creationTimestamp'?: (_k8s_io_apimachinery_pkg_apis_meta_v1_Time | null);
  'deletionTimestamp'?: (_k8s_io_apimachinery_pkg_apis_meta_v1_Time | null);
  'deletionGracePeriodSeconds'?: (number | string | Long);
  'labels'?: ({[key: string]: string});
  'annotations'?: ({[key: string]: string});
  'ownerReferences'?: (_k8s_io_apimachinery_pkg_apis_meta_v1_OwnerReference)[];
  'finalizers'?: (string)[];
}

export interface ObjectMeta__Output {
  'name': (string);
  'generateName': (string);
  'namespace': (string);
  'selfLink': (string);
  'uid': (string);
  'resourceVersion': (string);
  'generation': (string);
  'creationTimestamp': (_k8s_io_apimachinery_pkg_apis_meta_v1_Time__Output | null);
  'deletionTimestamp': (_k8s_io_apimachinery_pkg_apis_meta_v1_Time__Output | null);
  'deletionGracePeriodSeconds': (string);
  'labels': ({[key: string]: string});
  'annotations': ({[key: string]: string});
  'ownerReferences': (_k8s_io_apimachinery_pkg_apis_meta_v1_OwnerReference__Output)[];
  'finalizers': (string)[];
}
