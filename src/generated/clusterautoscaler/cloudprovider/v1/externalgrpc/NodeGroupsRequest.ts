// Original file: proto/externalgrpc.proto


export interface NodeGroupsRequest {
}

export interface NodeGroupsRequest__Output {
}
