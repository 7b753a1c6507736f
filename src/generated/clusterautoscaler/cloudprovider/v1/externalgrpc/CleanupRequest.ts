// Original file: proto/externalgrpc.proto


export interface CleanupRequest {
}

export interface CleanupRequest__Output {
}
