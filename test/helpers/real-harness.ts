// A Lifecycle wired to real-protocol BMCs (Redfish emulator over HTTP(S), ipmi_sim through ipmitool)
// and the BootingHost fake, on fast settings, for tests. Machines are described, not written as YAML.
import { mkdtemp, rm } from 'node:fs/promises';
import { machineRecord, reachState } from './machines.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIpmiDriverFactory } from '../../providers/ipmi/index.js';
import { redfishDriverFactory } from '../../providers/redfish/index.js';
import { DriverRegistry } from '../../providers/registry.js';
import { BmcDirectory } from '../../src/bmc/directory.js';
import { BmcGate } from '../../src/bmc/gate.js';
import type { MachineBmcOptions } from '../../src/bmc/machine-bmc.js';
import { compileConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/types.js';
import { Lifecycle } from '../../src/lifecycle/lifecycle.js';
import type { MachineRecord, MachineState } from '../../src/lifecycle/state.js';
import { FileStateStore } from '../../src/lifecycle/store.js';
import { silentLogger, type Logger } from '../../src/log.js';
import { createMetrics } from '../../src/metrics.js';
import { BootingHost, type BootingHostOptions, type HostSpec } from '../fakes/booting-host.js';

export interface RealMachine {
  name: string;
  /** Endpoints in fallback order. */
  bmc: string[];
  credentials: { username: string; passwordFile: string } | { username: string; passwordEnv: string };
  bmcCaFile?: string;
  host: HostSpec;
}

export interface RealHarnessOptions {
  machines: RealMachine[];
  /** YAML flow mappings, as in the config file. */
  boot?: string;
  powerOff?: string;
  logger?: Logger;
  /** ipmitool to run (a recorder's wrapper); default from PATH. */
  ipmitool?: string;
  /** How often Off/Running machines' power is re-read. Default 500 ms; large values keep the BMC quiet. */
  driftCheckMs?: number;
  bmc?: Omit<MachineBmcOptions, 'redact'>;
  hosts?: BootingHostOptions;
}

export interface RealHarness {
  dir: string;
  config: Config;
  lc: Lifecycle;
  host: BootingHost;
  stateFile: string;
  rec(name: string): MachineRecord;
  reach(name: string, state: MachineState, timeoutMs?: number): Promise<MachineRecord>;
  close(): Promise<void>;
}

export function realRegistry(ipmitool = 'ipmitool'): DriverRegistry {
  return new DriverRegistry([redfishDriverFactory, createIpmiDriverFactory(ipmitool)]);
}

/** A one-group config (group "pool", rack "r1") of the given machines. */
export function realConfig(machines: readonly Omit<RealMachine, 'host'>[], opts: { boot?: string; powerOff?: string } = {}): string {
  const lines = machines.map((m, i) => {
    const fields = [
      `name: ${m.name}`,
      'rack: r1',
      `bmc: ${JSON.stringify(m.bmc)}`,
      `credentials: ${JSON.stringify(m.credentials)}`,
      ...(m.bmcCaFile === undefined ? [] : [`bmcCaFile: ${JSON.stringify(m.bmcCaFile)}`]),
      `mac: "02:00:00:00:01:${(i + 1).toString(16).padStart(2, '0')}"`,
    ];
    return `      - { ${fields.join(', ')} }`;
  });
  return `
reconcileInterval: 20ms
racks:
  - { name: r1, maxConcurrentPowerOn: 8 }
nodeGroups:
  - id: pool
    minSize: 0
    maxSize: ${machines.length}
    template:
      capacity: { cpu: "8", memory: 32Gi, pods: "110" }
    boot: ${opts.boot ?? '{ mode: uefi, powerOnTimeout: 15s, registerTimeout: 15s, readyTimeout: 10s }'}
    powerOff: ${opts.powerOff ?? '{ gracefulTimeout: 10s, forceTimeout: 10s }'}
    quarantine: { base: 1m, max: 10m }
    machines:
${lines.join('\n')}
`;
}

export async function startRealHarness(opts: RealHarnessOptions): Promise<RealHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'rackscaler-real-'));
  const registry = realRegistry(opts.ipmitool);
  const config = compileConfig(realConfig(opts.machines, opts), 'real-test.yaml', registry);
  const bmcs = new BmcDirectory(registry, new BmcGate({ minIntervalMs: 0 }), {
    attemptTimeoutMs: 5_000,
    retries: 1,
    backoffBaseMs: 5,
    pollMinMs: 20,
    pollMaxMs: 100,
    ...opts.bmc,
  });
  const host = new BootingHost(Object.fromEntries(opts.machines.map((m) => [m.name, m.host])), opts.hosts);
  const stateFile = join(dir, 'state.json');
  let lc: Lifecycle | undefined;
  try {
    await host.start();
    lc = await Lifecycle.open(config, {
      store: new FileStateStore(stateFile),
      power: (m) => bmcs.get(m),
      registration: host,
      drain: host,
      logger: opts.logger ?? silentLogger(),
      metrics: createMetrics(),
      driftCheckMs: opts.driftCheckMs ?? 500,
      retryMs: 50,
    });
    await lc.start();
  } catch (err) {
    await host.stop();
    await bmcs.close();
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  const running = lc;
  const rec = (name: string): MachineRecord => machineRecord(running, name);
  return {
    dir,
    config,
    lc: running,
    host,
    stateFile,
    rec,
    reach: (name, state, timeoutMs = 30_000) => reachState(() => running, name, state, timeoutMs),
    async close() {
      await running.stop();
      await host.stop();
      await bmcs.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
