// Original file: proto/externalgrpc.proto


export interface NodeGroupIncreaseSizeRequest {
  'delta'?: (number);
  'id'?: (string);
}

export interface NodeGroupIncreaseSizeRequest__Output {
  'delta': (number);
  'id': (string);
}
