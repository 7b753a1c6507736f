// Original file: proto/externalgrpc.proto

import type { Any as _google_protobuf_Any, Any__Output as _google_protobuf_Any__Output } from '../../../../google/protobuf/Any.js';

export interface GetAvailableGPUTypesResponse {
  'gpuTypes'?: ({[key: string]: _google_protobuf_Any});
}

export interface GetAvailableGPUTypesResponse__Output {
  'gpuTypes': ({[key: string]: _google_protobuf_Any__Output});
}
