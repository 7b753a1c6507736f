// Builds a machine's MachineBmc from its config: one driver per endpoint, in order.
import { createHash } from 'node:crypto';
import type { DriverRegistry } from '../../providers/registry.js';
import type { BmcDriver } from '../../providers/types.js';
import { credentialSource, type SecretCredentialReader } from '../config/credentials.js';
import type { MachineConfig } from '../config/types.js';
import type { BmcGate } from './gate.js';
import { MachineBmc, type MachineBmcOptions } from './machine-bmc.js';
import { SecretRedactor } from './redact.js';

export class MachineBmcSetupError extends Error {
  override readonly name = 'MachineBmcSetupError';
}

export function createMachineBmc(
  machine: MachineConfig,
  registry: DriverRegistry,
  gate: BmcGate,
  options: Omit<MachineBmcOptions, 'redact'> = {},
  /** Reads credentials kept in Kubernetes Secrets; needed only by machines that reference one. */
  secrets?: SecretCredentialReader,
): MachineBmc {
  const redactor = new SecretRedactor();
  const credentials = machine.credentials === undefined ? undefined : redactor.watch(credentialSource(machine.credentials, secrets));
  const drivers: BmcDriver[] = [];
  for (const endpoint of machine.bmc) {
    try {
      drivers.push(registry.create(endpoint, { credentials, caFile: machine.bmcCaFile }));
    } catch (err) {
      void Promise.allSettled(drivers.map((d) => d.close()));
      throw new MachineBmcSetupError(`machine ${machine.name}: BMC endpoint ${endpoint.display}: ${(err as Error).message}`, {
        cause: err,
      });
    }
  }
  return new MachineBmc(machine.name, drivers, gate, {
    ...options,
    redact: (text) => redactor.redact(text),
    credentialStamp: async () => {
      if (!credentials) return undefined;
      const c = await credentials.get();
      return createHash('sha256').update(`${c.username}\u0000${c.password}`).digest('hex');
    },
  });
}
