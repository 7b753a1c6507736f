// Original file: proto/k8s/meta-v1.proto

import type { Long } from '@grpc/proto-loader';

export interface Time {
  'seconds'?: (number | string | Long);
  'nanos'?: (number);
}

export interface Time__Output {
  'seconds': (string);
  'nanos': (number);
}
