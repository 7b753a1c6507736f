// Original file: proto/externalgrpc.proto


export interface NodeGroup {
  'id'?: (string);
  'minSize'?: (number);
  'maxSize'?: (number);
  'debug'?: (string);
}

export interface NodeGroup__Output {
  'id': (string);
  'minSize': (number);
  'maxSize': (number);
  'debug': (string);
}
