// The Redfish driver as the registry sees it.
import type { DriverFactory } from '../types.js';
import { RedfishDriver } from './driver.js';
import { parse, type RedfishEndpoint } from './endpoint.js';

export const redfishDriverFactory: DriverFactory<RedfishEndpoint> = {
  driver: 'redfish',
  schemes: ['redfish', 'redfish+https', 'redfish+http'],
  parse,
  create: (endpoint, ctx) => new RedfishDriver(endpoint, ctx),
};

export type { RedfishEndpoint, RedfishAuth } from './endpoint.js';
