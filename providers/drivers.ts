// The one explicit list of BMC drivers rackscaler ships.
import { ipmiDriverFactory } from './ipmi/index.js';
import { redfishDriverFactory } from './redfish/index.js';
import { createSimDriverFactory } from './sim/index.js';
import type { SimWorld } from './sim/world.js';
import type { DriverFactory } from './types.js';

/** `sim` backs sim:// endpoints; without it they still parse (for `rackscaler validate`) but cannot be driven. */
export function defaultDriverFactories(deps: { sim: SimWorld | undefined }): DriverFactory[] {
  return [redfishDriverFactory, ipmiDriverFactory, createSimDriverFactory(deps.sim)];
}
