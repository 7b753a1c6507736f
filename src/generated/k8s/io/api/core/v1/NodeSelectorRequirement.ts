// Original file: proto/k8s/core-v1.proto


export interface NodeSelectorRequirement {
  'key'?: (string);
  'operator'?: (string);
  'values'?: (string)[];
}

export interface NodeSelectorRequirement__Output {
  'key': (string);
  'operator': (string);
  'values': (string)[];
}
