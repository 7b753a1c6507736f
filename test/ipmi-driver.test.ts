// The IPMI driver end to end: real ipmitool speaking RMCP+ to real ipmi_sim BMCs on 127.0.0.1, whose
// chassis_control hook starts and stops a real "server" process.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createIpmiDriverFactory, ipmiDriverFactory } from '../providers/ipmi/index.js';
import { DriverRegistry } from '../providers/registry.js';
import { BmcError, type BmcDriver, type CallContext, type DriverFactory, type PowerReading } from '../providers/types.js';
import { requireIpmiTools, startIpmiSim, startIpmitoolRecorder, type IpmiSim, type IpmitoolRecorder } from './fakes/ipmi-sim.js';

const toolsOk = await requireIpmiTools('IPMI driver tests');

function driverFor(
  sim: IpmiSim,
  opts: { query?: string; password?: string; username?: string; factory?: DriverFactory } = {},
): BmcDriver {
  const factory = opts.factory ?? ipmiDriverFactory;
  const endpoint = new DriverRegistry([factory]).parse(`${sim.url}${opts.query ? `?${opts.query}` : ''}`);
  const credentials = { username: opts.username ?? sim.username, password: opts.password ?? sim.password };
  return factory.create(endpoint, { caFile: undefined, credentials: { describe: 'test credentials', get: async () => credentials } });
}

const ctx = (): CallContext => ({ signal: new AbortController().signal });

/** Polls the BMC (a bounded number of times) until it reports `state`; returns the last reading. */
async function waitForState(driver: BmcDriver, state: PowerReading['state']): Promise<PowerReading> {
  let reading = await driver.powerState(ctx());
  for (let i = 0; i < 50 && reading.state !== state; i++) {
    await new Promise((r) => setTimeout(r, 100));
    reading = await driver.powerState(ctx());
  }
  return reading;
}

async function failure(promise: Promise<unknown>): Promise<BmcError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(BmcError);
    return err as BmcError;
  }
  throw new Error('expected the call to fail');
}

describe.skipIf(!toolsOk)('IPMI driver against ipmi_sim', () => {
  const sims: IpmiSim[] = [];
  const start = async (): Promise<IpmiSim> => {
    const sim = await startIpmiSim();
    sims.push(sim);
    return sim;
  };
  afterEach(async () => {
    await Promise.all(sims.splice(0).map((s) => s.stop()));
  });

  it('wakes with one-time PXE, shuts down gracefully, powers on again, forces off', async () => {
    const sim = await start();
    const driver = driverFor(sim);
    expect(driver.driver).toBe('ipmi');
    expect(driver.endpoint).toBe(sim.url);

    expect((await driver.powerState(ctx())).state).toBe('off');
    await driver.setOneTimePxeBoot(ctx(), 'uefi');
    expect(await sim.bootDevice()).toBe('pxe');
    await driver.powerOn(ctx());
    expect(await driver.powerState(ctx())).toEqual({ state: 'on', raw: 'Chassis Power is on' });
    expect(await sim.isPoweredOn()).toBe(true);

    // The "OS" takes a moment to shut down: the BMC reports on until the process is gone.
    await driver.powerOff(ctx(), 'graceful');
    expect((await waitForState(driver, 'off')).state).toBe('off');
    expect(await sim.isPoweredOn()).toBe(false);

    await driver.powerOn(ctx());
    expect(await sim.isPoweredOn()).toBe(true);
    await driver.powerOff(ctx(), 'force');
    expect(await sim.isPoweredOn()).toBe(false);
    expect((await driver.powerState(ctx())).state).toBe('off');
    await driver.close();
  });

  it('cycles a running machine (a new server process) and powers on an off one instead', async () => {
    const sim = await start();
    const driver = driverFor(sim);
    await driver.powerCycle(ctx());
    expect(await sim.isPoweredOn()).toBe(true);

    const before = await sim.serverPid();
    await driver.powerCycle(ctx());
    // ipmi_sim powers off at once and on again a second later, through the hook.
    let after = await sim.serverPid();
    for (let i = 0; i < 50 && (after === undefined || after === before || !(await sim.isPoweredOn())); i++) {
      await new Promise((r) => setTimeout(r, 100));
      after = await sim.serverPid();
    }
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    expect(await sim.isPoweredOn()).toBe(true);
  });

  describe('one-time PXE boot', () => {
    let recorder: IpmitoolRecorder;
    beforeAll(async () => {
      recorder = await startIpmitoolRecorder();
    });
    afterAll(async () => {
      await recorder.cleanup();
    });

    const cases = [
      { query: '', groupMode: 'uefi', efi: true },
      { query: '', groupMode: 'legacy', efi: false },
      { query: '', groupMode: undefined, efi: false },
      { query: 'bootMode=legacy', groupMode: 'uefi', efi: false },
      { query: 'bootMode=uefi', groupMode: 'legacy', efi: true },
    ] as const;
    it.each(cases)('endpoint options {$query}, group mode $groupMode → efiboot $efi', async ({ query, groupMode, efi }) => {
      const sim = await start();
      const driver = driverFor(sim, { query, factory: createIpmiDriverFactory(recorder.binary) });
      const callsBefore = (await recorder.calls()).length;
      await driver.setOneTimePxeBoot(ctx(), groupMode);
      expect(await sim.bootDevice()).toBe('pxe');

      const calls = (await recorder.calls()).slice(callsBefore);
      expect(calls).toHaveLength(1);
      const { argv, passwordInEnv } = calls[0]!;
      const command = efi ? ['chassis', 'bootdev', 'pxe', 'options=efiboot'] : ['chassis', 'bootdev', 'pxe'];
      expect(argv.slice(-command.length)).toEqual(command);
      expect(argv.includes('options=efiboot')).toBe(efi);
      expect(argv.some((a) => a.includes('persistent'))).toBe(false);
      // The password goes through the environment only.
      expect(passwordInEnv).toBe(true);
      expect(argv).not.toContain('-P');
      expect(argv.some((a) => a.includes(sim.password))).toBe(false);
      expect(argv).toEqual(expect.arrayContaining(['-I', 'lanplus', '-C', '3', '-E', '-H', '127.0.0.1', '-p', String(sim.port)]));
    });
  });

  it('reads the power state over IPMI 1.5 (interface=lan) too', async () => {
    const sim = await start();
    expect((await driverFor(sim, { query: 'interface=lan' }).powerState(ctx())).state).toBe('off');
  });

  describe('faults', () => {
    it.each<[string, { password?: string; username?: string }]>([
      ['wrong password', { password: 'not-the-password' }],
      ['unknown user', { username: 'mallory' }],
    ])('%s → auth, and no password in the message', async (_name, creds) => {
      const sim = await start();
      const err = await failure(driverFor(sim, creds).powerOn(ctx()));
      expect(err.kind).toBe('auth');
      expect(err.retryable).toBe(false);
      expect(err.message).toContain(sim.url);
      expect(err.message).not.toContain(sim.password);
      if (creds.password) expect(err.message).not.toContain(creds.password);
      expect(await sim.isPoweredOn()).toBe(false);
    });

    it('USER privilege cannot power on or set the boot device → auth (even where ipmitool exits 0)', async () => {
      const sim = await start();
      const driver = driverFor(sim, { query: 'privilege=USER' });
      expect((await driver.powerState(ctx())).state).toBe('off');
      const on = await failure(driver.powerOn(ctx()));
      expect(on.kind).toBe('auth');
      expect(on.message).toMatch(/Insufficient privilege level/);
      const boot = await failure(driver.setOneTimePxeBoot(ctx(), 'uefi'));
      expect(boot.kind).toBe('auth');
      expect(await sim.bootDevice()).toBe('default');
      expect(await sim.isPoweredOn()).toBe(false);
    });

    it('a cipher suite the BMC lacks → unsupported, naming the option', async () => {
      const sim = await start();
      const err = await failure(driverFor(sim, { query: 'cipherSuite=17' }).powerState(ctx()));
      expect(err.kind).toBe('unsupported');
      expect(err.message).toMatch(/cipherSuite/);
    });

    it('a hung BMC → timeout from our deadline, ipmitool killed', async () => {
      const sim = await start();
      sim.freeze();
      // With -R 3 ipmitool alone would keep trying for about 12 s: the 1 s deadline is what ends it.
      const err = await failure(driverFor(sim, { query: 'timeout=1s&retries=3' }).powerState(ctx()));
      sim.thaw();
      expect(err.kind).toBe('timeout');
      expect(err.retryable).toBe(true);
      expect(err.message).toMatch(/no answer within 1000 ms \(timeout option\)/);
      expect(err.message).toContain(sim.url);
    });

    it('a BMC that is gone → ipmitool gives up by itself → timeout', async () => {
      const sim = await start();
      const driver = driverFor(sim, { query: 'timeout=10s' });
      await sim.stop();
      const err = await failure(driver.powerState(ctx()));
      expect(['timeout', 'transport']).toContain(err.kind);
      expect(err.message).toMatch(/Get Auth Capabilities|Unable to establish/);
      expect(err.message).toContain(sim.url);
    });

    it('the caller aborting → ipmitool killed, timeout carrying the reason', async () => {
      const sim = await start();
      sim.freeze();
      const controller = new AbortController();
      const pending = driverFor(sim, { query: 'retries=3' }).powerState({ signal: controller.signal });
      controller.abort(new Error('shutting down'));
      const err = await failure(pending);
      sim.thaw();
      expect(err.kind).toBe('timeout');
      expect(err.message).toMatch(/aborted/);
      expect(err.cause).toEqual(new Error('shutting down'));
    });
  });

  it('wakes 20 BMCs concurrently', async () => {
    const fleet = await Promise.all(Array.from({ length: 20 }, () => start()));
    const drivers = fleet.map((sim) => driverFor(sim));
    await Promise.all(
      drivers.map(async (d) => {
        await d.setOneTimePxeBoot(ctx(), 'uefi');
        await d.powerOn(ctx());
      }),
    );
    const states = await Promise.all(drivers.map((d) => d.powerState(ctx())));
    expect(states.map((s) => s.state)).toEqual(Array(20).fill('on'));
    expect(await Promise.all(fleet.map((s) => s.isPoweredOn()))).toEqual(Array(20).fill(true));
    expect(await Promise.all(fleet.map((s) => s.bootDevice()))).toEqual(Array(20).fill('pxe'));
    expect(new Set(fleet.map((s) => s.port)).size).toBe(20);
  });
});

describe('IPMI driver without ipmitool', () => {
  it('says to install it', async () => {
    const registry = new DriverRegistry([createIpmiDriverFactory('/nonexistent/rackscaler-test/ipmitool')]);
    const driver = registry.create(registry.parse('127.0.0.1:9'), {
      caFile: undefined,
      credentials: { describe: 'test credentials', get: async () => ({ username: 'admin', password: 'pw-never-shown' }) },
    });
    const err = await failure(driver.powerState(ctx()));
    expect(err.kind).toBe('unsupported');
    expect(err.message).toMatch(/not found; install ipmitool/);
    expect(err.message).toContain('ipmi://127.0.0.1:9');
    expect(err.message).not.toContain('pw-never-shown');
  });

  it('without credentials → auth, naming the endpoint', async () => {
    const registry = new DriverRegistry([ipmiDriverFactory]);
    const driver = registry.create(registry.parse('127.0.0.1:9'), {
      caFile: undefined,
      credentials: undefined,
    });
    const err = await failure(driver.powerOn(ctx()));
    expect(err.kind).toBe('auth');
    expect(err.message).toContain('ipmi://127.0.0.1:9');
  });
});
