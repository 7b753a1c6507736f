// Original file: proto/externalgrpc.proto


export interface NodeGroupDecreaseTargetSizeRequest {
  'delta'?: (number);
  'id'?: (string);
}

export interface NodeGroupDecreaseTargetSizeRequest__Output {
  'delta': (number);
  'id': (string);
}
