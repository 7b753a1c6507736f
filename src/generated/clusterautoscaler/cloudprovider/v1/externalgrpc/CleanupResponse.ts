// Original file: proto/externalgrpc.proto


export interface CleanupResponse {
}

export interface CleanupResponse__Output {
}
