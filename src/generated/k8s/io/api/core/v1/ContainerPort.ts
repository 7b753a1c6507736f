// Original file: proto/k8s/core-v1.proto


export interface ContainerPort {
  'name'?: (string);
  'hostPort'?: (number);
  'containerPort'?: (number);
  'protocol'?: (string);
  'hostIP'?: (string);
}

export interface ContainerPort__Output {
  'name': (string);
  'hostPort': (number);
  'containerPort': (number);
  'protocol': (string);
  'hostIP': (string);
}
