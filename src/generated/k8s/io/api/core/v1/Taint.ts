// Original file: proto/k8s/core-v1.proto

import type { Time as _k8s_io_apimachinery_pkg_apis_meta_v1_Time, Time__Output as _k8s_io_apimachinery_pkg_apis_meta_v1_Time__Output } from '../../../../../k8s/io/apimachinery/pkg/apis/meta/v1/Time.js';

export interface Taint {
  'key'?: (string);
  'value'?: (string);
  'effect'?: (string);
  'timeAdded'?: (_k8s_io_apimachinery_pkg_apis_meta_v1_Time | null);
}

export interface Taint__Output {
  'key': (string);
  'value': (string);
  'effect': (string);
  'timeAdded': (_k8s_io_apimachinery_pkg_apis_meta_v1_Time__Output | null);
}
