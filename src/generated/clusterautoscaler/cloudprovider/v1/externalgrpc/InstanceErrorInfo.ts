// Original file: proto/externalgrpc.proto


export interface InstanceErrorInfo {
  'errorCode'?: (string);
  'errorMessage'?: (string);
  'instanceErrorClass'?: (number);
}

export interface InstanceErrorInfo__Output {
  'errorCode': (string);
  'errorMessage': (string);
  'instanceErrorClass': (number);
}
