// One MachineBmc per machine for the server's lifetime, rebuilt only when a reload changes how that
// machine's BMC is reached (Redfish sessions are reused across calls, so objects must live on).
import type { DriverRegistry } from '../../providers/registry.js';
import type { SecretCredentialReader } from '../config/credentials.js';
import type { MachineConfig } from '../config/types.js';
import { createMachineBmc } from './factory.js';
import type { BmcGate } from './gate.js';
import type { MachineBmc, MachineBmcOptions } from './machine-bmc.js';

export class BmcDirectory {
  private readonly entries = new Map<string, { key: string; bmc: MachineBmc }>();

  constructor(
    private readonly registry: DriverRegistry,
    private readonly gate: BmcGate,
    private readonly options: Omit<MachineBmcOptions, 'redact'> = {},
    private readonly secrets?: SecretCredentialReader,
  ) {}

  get(machine: MachineConfig): MachineBmc {
    const key = JSON.stringify([machine.bmc.map((e) => e.display), machine.credentials, machine.bmcCaFile]);
    const entry = this.entries.get(machine.name);
    if (entry?.key === key) return entry.bmc;
    if (entry) void entry.bmc.close();
    const bmc = createMachineBmc(machine, this.registry, this.gate, this.options, this.secrets);
    this.entries.set(machine.name, { key, bmc });
    return bmc;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.entries.values()].map((e) => e.bmc.close()));
    this.entries.clear();
  }
}
