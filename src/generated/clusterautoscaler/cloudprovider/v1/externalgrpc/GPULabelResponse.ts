// Original file: proto/externalgrpc.proto


export interface GPULabelResponse {
  'label'?: (string);
}

export interface GPULabelResponse__Output {
  'label': (string);
}
