// Original file: proto/externalgrpc.proto


export interface NodeGroupNodesRequest {
  'id'?: (string);
}

export interface NodeGroupNodesRequest__Output {
  'id': (string);
}
