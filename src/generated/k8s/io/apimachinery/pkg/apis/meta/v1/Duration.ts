// Original file: proto/k8s/meta-v1.proto

import type { Long } from '@grpc/proto-loader';

export interface Duration {
  'duration'?: (number | string | Long);
}

export interface Duration__Output {
  'duration': (string);
}
