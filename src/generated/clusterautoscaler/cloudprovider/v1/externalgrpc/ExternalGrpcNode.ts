// Original file: proto/externalgrpc.proto


export interface ExternalGrpcNode {
  'providerID'?: (string);
  'name'?: (string);
  'labels'?: ({[key: string]: string});
  'annotations'?: ({[key: string]: string});
}

export interface ExternalGrpcNode__Output {
  'providerID': (string);
  'name': (string);
  'labels': ({[key: string]: string});
  'annotations': ({[key: string]: string});
}
