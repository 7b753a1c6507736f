import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DriverRegistry } from '../providers/registry.js';
import { createSimDriverFactory } from '../providers/sim/index.js';
import { BmcError, type BmcDriver, type DriverFactory } from '../providers/types.js';
import { BmcCallError } from '../src/bmc/call-error.js';
import { createMachineBmc, MachineBmcSetupError } from '../src/bmc/factory.js';
import { BmcGate } from '../src/bmc/gate.js';
import type { MachineConfig } from '../src/config/types.js';
import { ScriptedDriver } from './fakes/scripted-driver.js';

let dir: string;
let passwordFile: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rackscaler-bmc-factory-'));
  passwordFile = join(dir, 'password');
  writeFileSync(passwordFile, 's3cr3t-Pa55\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A careless driver that puts the password it was given into its error message. */
const leaky: DriverFactory = {
  driver: 'leaky',
  schemes: ['leaky'],
  parse: () => ({}),
  create(endpoint, ctx): BmcDriver {
    const d = new ScriptedDriver('leaky', endpoint.display, []);
    d.powerOn = async () => {
      const c = await ctx.credentials!.get();
      throw new BmcError('auth', `${endpoint.display}: login ${c.username}/${c.password} refused (ca ${ctx.caFile})`);
    };
    return d;
  },
};

function machine(bmc: string[], registry: DriverRegistry): MachineConfig {
  return {
    name: 'r650-09',
    group: 'g',
    rack: 'r',
    providerID: 'baremetal://r650-09',
    bmc: bmc.map((b) => registry.parse(b)),
    credentials: { username: 'admin', passwordFile },
    bmcCaFile: join(dir, 'ca.pem'),
    macs: [],
    cordoned: false,
  };
}

describe('createMachineBmc', () => {
  it('builds one driver per endpoint in order with the machine credentials and CA file, and redacts the password', async () => {
    const registry = new DriverRegistry([leaky]);
    const bmc = createMachineBmc(machine(['leaky://a', 'leaky://b'], registry), registry, new BmcGate({ minIntervalMs: 0 }));
    expect(bmc.drivers.map((d) => d.endpoint)).toEqual(['leaky://a', 'leaky://b']);
    const err = (await bmc.powerOn().catch((e: unknown) => e)) as BmcCallError;
    expect(err).toBeInstanceOf(BmcCallError);
    expect(err.attempts.map((a) => a.error)).toEqual([
      `leaky://a: login admin/*** refused (ca ${join(dir, 'ca.pem')})`,
      `leaky://b: login admin/*** refused (ca ${join(dir, 'ca.pem')})`,
    ]);
    expect(err.message).not.toContain('s3cr3t');
    expect(String((err.cause as Error).message)).not.toContain('s3cr3t');
    await bmc.close();
  });

  it('names the machine and endpoint when a driver cannot be created', () => {
    const parseOnly = new DriverRegistry([createSimDriverFactory(undefined)]);
    const make = () => createMachineBmc(machine(['sim://x'], parseOnly), parseOnly, new BmcGate());
    expect(make).toThrow(MachineBmcSetupError);
    expect(make).toThrow(/^machine r650-09: BMC endpoint sim:\/\/x: /);
  });
});
