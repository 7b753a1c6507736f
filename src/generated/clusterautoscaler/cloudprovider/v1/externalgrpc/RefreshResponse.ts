// Original file: proto/externalgrpc.proto


export interface RefreshResponse {
}

export interface RefreshResponse__Output {
}
