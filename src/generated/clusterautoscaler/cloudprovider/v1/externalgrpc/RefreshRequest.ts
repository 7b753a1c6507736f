// Original file: proto/externalgrpc.proto


export interface RefreshRequest {
}

export interface RefreshRequest__Output {
}
