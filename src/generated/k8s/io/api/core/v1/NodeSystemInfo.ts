// Original file: proto/k8s/core-v1.proto


export interface NodeSystemInfo {
  'machineID'?: (string);
  'systemUUID'?: (string);
  'bootID'?: (string);
  'kernelVersion'?: (string);
  'osImage'?: (string);
  'containerRuntimeVersion'?: (string);
  'kubeletVersion'?: (string);
  'kubeProxyVersion'?: (string);
  'operatingSystem'?: (string);
  'architecture'?: (string);
}

export interface NodeSystemInfo__Output {
  'machineID': (string);
  'systemUUID': (string);
  'bootID': (string);
  'kernelVersion': (string);
  'osImage': (string);
  'containerRuntimeVersion': (string);
  'kubeletVersion': (string);
  'kubeProxyVersion': (string);
  'operatingSystem': (string);
  'architecture': (string);
}
