// Per-endpoint view of a call's attempts, for operators: which endpoint answered, which failed and why.
import type { BmcDriver } from '../../providers/types.js';
import type { BmcAttempt } from './call-error.js';

export interface EndpointReport {
  endpoint: string;
  driver: string;
  /** answered: its last attempt succeeded; failed: all its attempts failed; not-tried: an earlier endpoint answered. */
  result: 'answered' | 'failed' | 'not-tried';
  attempts: Array<Omit<BmcAttempt, 'endpoint' | 'driver'>>;
}

export function endpointReports(drivers: readonly Pick<BmcDriver, 'driver' | 'endpoint'>[], attempts: readonly BmcAttempt[]): EndpointReport[] {
  return drivers.map(({ driver, endpoint }) => {
    const mine = attempts.filter((a) => a.endpoint === endpoint).map(({ endpoint: _e, driver: _d, ...rest }) => rest);
    const last = mine.at(-1);
    const result = last === undefined ? 'not-tried' : last.ok ? 'answered' : 'failed';
    return { endpoint, driver, result, attempts: mine };
  });
}
