// Original file: proto/externalgrpc.proto


export interface GetAvailableGPUTypesRequest {
}

export interface GetAvailableGPUTypesRequest__Output {
}
