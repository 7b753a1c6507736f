// Original file: proto/externalgrpc.proto


export interface NodeGroupTargetSizeResponse {
  'targetSize'?: (number);
}

export interface NodeGroupTargetSizeResponse__Output {
  'targetSize': (number);
}
