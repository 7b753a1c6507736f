// Parses sim://ID?powerOnDelay=2s&bootTime=30s&shutdownDelay=5s&fault=never-boots.
import { parseDuration } from '../../src/config/duration.js';
import { EndpointError } from '../types.js';
import { isSimFault, SIM_DEFAULTS, SIM_FAULTS, type SimEndpointOptions, type SimMachineSpec } from './spec.js';

const DURATION_OPTIONS = {
  powerOnDelay: 'powerOnDelayMs',
  bootTime: 'bootTimeMs',
  shutdownDelay: 'shutdownDelayMs',
} as const satisfies Record<string, keyof SimMachineSpec>;

export function parseSimEndpoint(url: URL): SimEndpointOptions {
  const id = decodeURIComponent(url.hostname);
  if (id === '') throw new EndpointError(`sim endpoint ${url.href} needs a machine id as its host (sim://ID)`);
  if (url.port !== '' || (url.pathname !== '' && url.pathname !== '/')) {
    throw new EndpointError(`sim endpoint ${url.href} takes no port or path, only sim://ID?options`);
  }
  const options: SimEndpointOptions = { id, ...SIM_DEFAULTS };
  for (const [key, value] of url.searchParams) {
    if (key === 'fault') {
      if (!isSimFault(value)) {
        throw new EndpointError(`sim endpoint ${url.href}: fault "${value}" is unknown (known: ${SIM_FAULTS.join(', ')})`);
      }
      options.fault = value;
    } else if (Object.hasOwn(DURATION_OPTIONS, key)) {
      const field = DURATION_OPTIONS[key as keyof typeof DURATION_OPTIONS];
      try {
        options[field] = parseDuration(value);
      } catch (err) {
        throw new EndpointError(`sim endpoint ${url.href}: ${key}: ${(err as Error).message}`, { cause: err });
      }
    } else {
      const known = [...Object.keys(DURATION_OPTIONS), 'fault'].join(', ');
      throw new EndpointError(`sim endpoint ${url.href}: unknown option "${key}" (known: ${known})`);
    }
  }
  return options;
}
