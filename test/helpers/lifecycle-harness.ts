// A Lifecycle wired to simulated BMCs and the simulated cluster, on fast settings, for tests.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultDriverFactories } from '../../providers/drivers.js';
import { DriverRegistry } from '../../providers/registry.js';
import { SimWorld } from '../../providers/sim/world.js';
import { BmcDirectory } from '../../src/bmc/directory.js';
import { BmcGate } from '../../src/bmc/gate.js';
import { compileConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/types.js';
import { Lifecycle } from '../../src/lifecycle/lifecycle.js';
import { FileStateStore, type StateStore } from '../../src/lifecycle/store.js';
import { silentLogger } from '../../src/log.js';
import { createMetrics, type Metrics } from '../../src/metrics.js';
import { SimulatedCluster } from '../../src/registration/simulated-cluster.js';

export interface Harness {
  dir: string;
  world: SimWorld;
  registry: DriverRegistry;
  config: Config;
  lc: Lifecycle;
  metrics: Metrics;
  /** Opens a second Lifecycle on the same state and world, as after a restart. */
  reopen(): Promise<Lifecycle>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  timeScale?: number;
  readyDelayMs?: number;
  store?: (dir: string) => StateStore;
}

export async function startHarness(yaml: string, opts: HarnessOptions = {}): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'rackscaler-lc-'));
  const world = new SimWorld({ timeScale: opts.timeScale ?? 0.01, stateFile: join(dir, 'sim.json') });
  const registry = new DriverRegistry(defaultDriverFactories({ sim: world }));
  const config = compileConfig(yaml, 'test.yaml', registry);
  const bmcs = new BmcDirectory(registry, new BmcGate({ minIntervalMs: 0 }), {
    attemptTimeoutMs: 300,
    retries: 1,
    backoffBaseMs: 5,
    pollMinMs: 5,
    pollMaxMs: 20,
  });
  const cluster = new SimulatedCluster(world, { readyDelayMs: opts.readyDelayMs ?? 500 });
  const metrics = createMetrics();
  const store = opts.store ? opts.store(dir) : new FileStateStore(join(dir, 'state.json'));
  const lifecycles: Lifecycle[] = [];
  const open = async () => {
    const lc = await Lifecycle.open(config, {
      store,
      power: (m) => bmcs.get(m),
      registration: cluster,
      drain: cluster,
      logger: silentLogger(),
      metrics,
      driftCheckMs: 30,
      retryMs: 30,
    });
    await lc.start();
    lifecycles.push(lc);
    return lc;
  };
  const lc = await open();
  return {
    dir,
    world,
    registry,
    config,
    lc,
    metrics,
    async reopen() {
      await lifecycles.at(-1)!.stop();
      return open();
    },
    async close() {
      for (const l of lifecycles) await l.stop();
      await cluster.stop();
      await bmcs.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A config of sim machines: `machines` maps name → sim:// query string (e.g. "fault=never-boots"). */
export function simConfig(opts: {
  machines: Record<string, string>;
  group?: string;
  minSize?: number;
  maxSize?: number;
  boot?: string;
  powerOff?: string;
  cordoned?: string[];
  racks?: Record<string, string[]>;
}): string {
  const names = Object.keys(opts.machines);
  const rackOf = (n: string) => Object.entries(opts.racks ?? {}).find(([, ms]) => ms.includes(n))?.[0] ?? 'r1';
  const racks = new Set(['r1', ...Object.keys(opts.racks ?? {})]);
  return `
reconcileInterval: 20ms
racks:
${[...racks].map((r) => `  - { name: ${r}, maxConcurrentPowerOn: 8 }`).join('\n')}
nodeGroups:
  - id: ${opts.group ?? 'pool'}
    minSize: ${opts.minSize ?? 0}
    maxSize: ${opts.maxSize ?? names.length}
    template:
      capacity: { cpu: "8", memory: 32Gi, pods: "110" }
    boot: ${opts.boot ?? '{ powerOnTimeout: 5s, registerTimeout: 10s, readyTimeout: 10s }'}
    powerOff: ${opts.powerOff ?? '{ gracefulTimeout: 5s, forceTimeout: 5s }'}
    quarantine: { base: 1m, max: 10m }
    machines:
${names
  .map(
    (n, i) =>
      `      - { name: ${n}, rack: ${rackOf(n)}, bmc: "sim://${n}${opts.machines[n] ? `?${opts.machines[n]}` : ''}", mac: "02:00:00:00:00:${(i + 1).toString(16).padStart(2, '0')}"${opts.cordoned?.includes(n) ? ', cordoned: true' : ''} }`,
  )
  .join('\n')}
`;
}
