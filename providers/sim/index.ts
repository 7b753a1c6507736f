// The sim:// driver: machines of a SimWorld, for the demo, lifecycle tests and trying configs without hardware.
import { EndpointError, type DriverFactory, type ParsedEndpoint } from '../types.js';
import { SimDriver } from './driver.js';
import { parseSimEndpoint } from './endpoint.js';
import type { SimEndpointOptions } from './spec.js';
import type { SimWorld } from './world.js';

export { SimWorld, type SimStatus, type SimPower, type SimWorldOptions } from './world.js';
export { SIM_FAULTS, type SimFault, type SimEndpointOptions } from './spec.js';

/** Without a world only `parse` works (enough for `rackscaler validate`). */
export function createSimDriverFactory(world: SimWorld | undefined): DriverFactory<SimEndpointOptions> {
  return {
    driver: 'sim',
    schemes: ['sim'],
    parse: parseSimEndpoint,
    create(endpoint) {
      if (!world) {
        throw new EndpointError(`${endpoint.display}: sim:// endpoints need a simulated world, and none was given to this process`);
      }
      world.ensure(endpoint.options);
      return new SimDriver(world, endpoint.options.id, endpoint.display);
    },
  };
}

/** The SimWorld id behind a machine's endpoints (its first sim:// one), for reading `world.status`. */
export function simIdOf(endpoints: readonly ParsedEndpoint[]): string | undefined {
  const sim = endpoints.find((e) => e.driver === 'sim');
  return sim ? (sim.options as SimEndpointOptions).id : undefined;
}
