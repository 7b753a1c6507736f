// Original file: proto/externalgrpc.proto


export interface GPULabelRequest {
}

export interface GPULabelRequest__Output {
}
