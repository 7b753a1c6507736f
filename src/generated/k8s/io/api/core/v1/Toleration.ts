// Original file: proto/k8s/core-v1.proto

import type { Long } from '@grpc/proto-loader';

export interface Toleration {
  'key'?: (string);
  'operator'?: (string);
  'value'?: (string);
  'effect'?: (string);
  'tolerationSeconds'?: (number | string | Long);
}

export interface Toleration__Output {
  'key': (string);
  'operator': (string);
  'value': (string);
  'effect': (string);
  'tolerationSeconds': (string);
}
