// Original file: proto/k8s/core-v1.proto


export interface HostPathVolumeSource {
  'path'?: (string);
  'type'?: (string);
}

export interface HostPathVolumeSource__Output {
  'path': (string);
  'type': (string);
}
