// Original file: proto/externalgrpc.proto

import type { ExternalGrpcNode as _clusterautoscaler_cloudprovider_v1_externalgrpc_ExternalGrpcNode, ExternalGrpcNode__Output as _clusterautoscaler_cloudprovider_v1_externalgrpc_ExternalGrpcNode__Output } from '../../../../clusterautoscaler/cloudprovider/v1/externalgrpc/ExternalGrpcNode.js';
import type { Time as _k8s_io_apimachinery_pkg_apis_meta_v1_Time, Time__Output as _k8s_io_apimachinery_pkg_apis_meta_v1_Time__Output } from '../../../../k8s/io/apimachinery/pkg/apis/meta/v1/Time.js';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../../../google/protobuf/Timestamp.js';

export interface PricingNodePriceRequest {
  'node'?: (_clusterautoscaler_cloudprovider_v1_externalgrpc_ExternalGrpcNode | null);
  'startTime'?: (_k8s_io_apimachinery_pkg_apis_meta_v1_Time | null);
  'endTime'?: (_k8s_io_apimachinery_pkg_apis_meta_v1_Time | null);
  'startTimestamp'?: (_google_protobuf_Timestamp | null);
  'endTimestamp'?: (_google_protobuf_Timestamp | null);
}

export interface PricingNodePriceRequest__Output {
  'node': (_clusterautoscaler_cloudprovider_v1_externalgrpc_ExternalGrpcNode__Output | null);
  'startTime': (_k8s_io_apimachinery_pkg_apis_meta_v1_Time__Output | null);
  'endTime': (_k8s_io_apimachinery_pkg_apis_meta_v1_Time__Output | null);
  'startTimestamp': (_google_protobuf_Timestamp__Output | null);
  'endTimestamp': (_google_protobuf_Timestamp__Output | null);
}
