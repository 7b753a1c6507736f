// Original file: proto/externalgrpc.proto

import type { Duration as _k8s_io_apimachinery_pkg_apis_meta_v1_Duration, Duration__Output as _k8s_io_apimachinery_pkg_apis_meta_v1_Duration__Output } from '../../../../k8s/io/apimachinery/pkg/apis/meta/v1/Duration.js';
import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../../../../google/protobuf/Duration.js';

export interface NodeGroupAutoscalingOptions {
  'scaleDownUtilizationThreshold'?: (number | string);
  'scaleDownGpuUtilizationThreshold'?: (number | string);
  'scaleDownUnneededTime'?: (_k8s_io_apimachinery_pkg_apis_meta_v1_Duration | null);
  'scaleDownUnreadyTime'?: (_k8s_io_apimachinery_pkg_apis_meta_v1_Duration | null);
  'MaxNodeProvisionTime'?: (_k8s_io_apimachinery_pkg_apis_meta_v1_Duration | null);
  'zeroOrMaxNodeScaling'?: (boolean);
  'ignoreDaemonSetsUtilization'?: (boolean);
  'scaleDownUnneededDuration'?: (_google_protobuf_Duration | null);
  'scaleDownUnreadyDuration'?: (_google_protobuf_Duration | null);
  'MaxNodeProvisionDuration'?: (_google_protobuf_Duration | null);
  'maxNodeStartupDuration'?: (_google_protobuf_Duration | null);
  'allowNonAtomicScaleUpToMax'?: (boolean);
}

export interface NodeGroupAutoscalingOptions__Output {
  'scaleDownUtilizationThreshold': (number);
  'scaleDownGpuUtilizationThreshold': (number);
  'scaleDownUnneededTime': (_k8s_io_apimachinery_pkg_apis_meta_v1_Duration__Output | null);
  'scaleDownUnreadyTime': (_k8s_io_apimachinery_pkg_apis_meta_v1_Duration__Output | null);
  'MaxNodeProvisionTime': (_k8s_io_apimachinery_pkg_apis_meta_v1_Duration__Output | null);
  'zeroOrMaxNodeScaling': (boolean);
  'ignoreDaemonSetsUtilization': (boolean);
  'scaleDownUnneededDuration': (_google_protobuf_Duration__Output | null);
  'scaleDownUnreadyDuration': (_google_protobuf_Duration__Output | null);
  'MaxNodeProvisionDuration': (_google_protobuf_Duration__Output | null);
  'maxNodeStartupDuration': (_google_protobuf_Duration__Output | null);
  'allowNonAtomicScaleUpToMax': (boolean);
}
