// Original file: proto/externalgrpc.proto


export interface NodeGroupTargetSizeRequest {
  'id'?: (string);
}

export interface NodeGroupTargetSizeRequest__Output {
  'id': (string);
}
