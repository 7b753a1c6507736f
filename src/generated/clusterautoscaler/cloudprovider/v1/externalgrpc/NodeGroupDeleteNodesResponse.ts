// Original file: proto/externalgrpc.proto


export interface NodeGroupDeleteNodesResponse {
}

export interface NodeGroupDeleteNodesResponse__Output {
}
