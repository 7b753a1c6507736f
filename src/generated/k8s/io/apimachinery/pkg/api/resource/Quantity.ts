// Original file: proto/k8s/resource.proto


export interface Quantity {
  'string'?: (string);
}

export interface Quantity__Output {
  'string': (string);
}
