// Original file: proto/externalgrpc.proto


export interface NodeGroupDecreaseTargetSizeResponse {
}

export interface NodeGroupDecreaseTargetSizeResponse__Output {
}
