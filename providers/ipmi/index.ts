// The IPMI driver as the registry sees it.
import type { DriverFactory } from '../types.js';
import { IpmiDriver } from './driver.js';
import { parse, type IpmiEndpoint } from './endpoint.js';

/** `binary` names the ipmitool to run (looked up on PATH unless it has a slash). */
export function createIpmiDriverFactory(binary = 'ipmitool'): DriverFactory<IpmiEndpoint> {
  return {
    driver: 'ipmi',
    schemes: ['ipmi'],
    parse,
    create: (endpoint, ctx) => new IpmiDriver(endpoint, ctx, binary),
  };
}

export const ipmiDriverFactory = createIpmiDriverFactory();

export type { IpmiEndpoint, IpmiInterface, IpmiPrivilege } from './endpoint.js';
