// Original file: proto/externalgrpc.proto


export interface NodeGroupTemplateNodeInfoRequest {
  'id'?: (string);
}

export interface NodeGroupTemplateNodeInfoRequest__Output {
  'id': (string);
}
