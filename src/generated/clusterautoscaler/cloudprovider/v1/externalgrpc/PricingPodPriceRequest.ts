// Original file: proto/externalgrpc.proto

import type { Pod as _k8s_io_api_core_v1_Pod, Pod__Output as _k8s_io_api_core_v1_Pod__Output } from '../../../../k8s/io/api/core/v1/Pod.js';
import type { Time as _k8s_io_apimachinery_pkg_apis_meta_v1_Time, Time__Output as _k8s_io_apimachinery_pkg_apis_meta_v1_Time__Output } from '../../../../k8s/io/apimachinery/pkg/apis/meta/v1/Time.js';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../../../google/protobuf/Timestamp.js';

export interface PricingPodPriceRequest {
  'pod'?: (_k8s_io_api_core_v1_Pod | null);
  'startTime'?: (_k8s_io_apimachinery_pkg_apis_meta_v1_Time | null);
  'endTime'?: (_k8s_io_apimachinery_pkg_apis_meta_v1_Time | null);
  'pod_bytes'?: (Buffer | Uint8Array | string);
  'startTimestamp'?: (_google_protobuf_Timestamp | null);
  'endTimestamp'?: (_google_protobuf_Timestamp | null);
}

export interface PricingPodPriceRequest__Output {
  'pod': (_k8s_io_api_core_v1_Pod__Output | null);
  'startTime': (_k8s_io_apimachinery_pkg_apis_meta_v1_Time__Output | null);
  'endTime': (_k8s_io_apimachinery_pkg_apis_meta_v1_Time__Output | null);
  'pod_bytes': (Buffer);
  'startTimestamp': (_google_protobuf_Timestamp__Output | null);
  'endTimestamp': (_google_protobuf_Timestamp__Output | null);
}
