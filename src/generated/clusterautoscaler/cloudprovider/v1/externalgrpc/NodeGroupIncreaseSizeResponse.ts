// Original file: proto/externalgrpc.proto


export interface NodeGroupIncreaseSizeResponse {
}

export interface NodeGroupIncreaseSizeResponse__Output {
}
