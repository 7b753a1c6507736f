// Original file: proto/externalgrpc.proto


export interface PricingNodePriceResponse {
  'price'?: (number | string);
}

export interface PricingNodePriceResponse__Output {
  'price': (number);
}
