// Original file: proto/externalgrpc.proto


export interface PricingPodPriceResponse {
  'price'?: (number | string);
}

export interface PricingPodPriceResponse__Output {
  'price': (number);
}
