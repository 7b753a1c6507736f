// Original file: proto/k8s/meta-v1.proto


export interface OwnerReference {
  'kind'?: (string);
  'name'?: (string);
  'uid'?: (string);
  'apiVersion'?: (string);
  'controller'?: (boolean);
  'blockOwnerDeletion'?: (boolean);
}

export interface OwnerReference__Output {
  'kind': (string);
  'name': (string);
  'uid': (string);
  'apiVersion': (string);
  'controller': (boolean);
  'blockOwnerDeletion': (boolean);
}
