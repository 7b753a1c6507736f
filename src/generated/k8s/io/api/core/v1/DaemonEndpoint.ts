// Original file: proto/k8s/core-v1.proto


export interface DaemonEndpoint {
  'Port'?: (number);
}

export interface DaemonEndpoint__Output {
  'Port': (number);
}
