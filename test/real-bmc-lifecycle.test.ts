// The lifecycle waking and sleeping machines through both real drivers: Redfish over HTTP and HTTPS to
// the DMTF-shaped emulator, IPMI through ipmitool to ipmi_sim; Nodes registered by the BootingHost fake,
// which only lets a machine join after a real one-time PXE boot.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ipmiHost, redfishHost } from './fakes/booting-host.js';
import { requireIpmiTools, startIpmiSim, startIpmitoolRecorder, type IpmiSim, type IpmitoolRecorder } from './fakes/ipmi-sim.js';
import { startRedfishEmulator, type EmulatorOptions, type RedfishEmulator } from './fakes/redfish-emulator/index.js';
import { startRealHarness, type RealHarness, type RealHarnessOptions } from './helpers/real-harness.js';
import { waitFor } from './helpers/wait.js';

const toolsOk = await requireIpmiTools('real-BMC lifecycle tests over IPMI');
const PASSWORD = `rf-${randomBytes(9).toString('base64url')}`;
const ENV = `RACKSCALER_TEST_BMC_PASSWORD_${randomBytes(4).toString('hex').toUpperCase()}`;

let dir: string;
let h: RealHarness | undefined;
const emulators: RedfishEmulator[] = [];
const sims: IpmiSim[] = [];
let recorder: IpmitoolRecorder | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rackscaler-real-lc-'));
});
afterEach(async () => {
  await h?.close();
  h = undefined;
  await Promise.all(emulators.splice(0).map((e) => e.stop()));
  await Promise.all(sims.splice(0).map((s) => s.stop()));
  await recorder?.cleanup();
  recorder = undefined;
  delete process.env[ENV];
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function emulator(opts: EmulatorOptions = {}): Promise<RedfishEmulator> {
  const emu = await startRedfishEmulator({ password: PASSWORD, ...opts });
  emulators.push(emu);
  return emu;
}

async function ipmiSim(): Promise<IpmiSim> {
  const sim = await startIpmiSim();
  sims.push(sim);
  return sim;
}

async function passwordFile(name: string, password: string): Promise<string> {
  const file = join(dir, `${name}-${randomBytes(4).toString('hex')}.password`);
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return file;
}

async function start(opts: RealHarnessOptions): Promise<RealHarness> {
  h = await startRealHarness(opts);
  return h;
}

const system = (emu: RedfishEmulator, id = '1') => `${emu.url}/redfish/v1/Systems/${id}`;

/** Presses a System's power button through its BMC, as an operator would, behind rackscaler's back. */
async function redfishReset(emu: RedfishEmulator, id: string, resetType: string): Promise<void> {
  const res = await fetch(`${emu.origin}/redfish/v1/Systems/${id}/Actions/ComputerSystem.Reset`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${emu.username}:${emu.password}`).toString('base64')}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ResetType: resetType }),
  });
  expect(res.status, `Reset ${resetType} of System ${id}`).toBe(204);
}

/** ipmitool run directly (not through rackscaler), password in the environment. */
async function ipmitool(sim: IpmiSim, password: string, ...command: string[]): Promise<string> {
  const args = ['-I', 'lanplus', '-C', '3', '-H', sim.host, '-p', String(sim.port), '-U', sim.username, '-E', '-R', '1', ...command];
  const { stdout } = await promisify(execFile)('ipmitool', args, { env: { PATH: process.env['PATH'] ?? '', IPMI_PASSWORD: password }, timeout: 10_000 });
  return stdout;
}

const node = (name: string) => ({ providerID: `baremetal://${name}`, name });
// Bounds for a loaded CI machine (every ipmitool call is a process and an RMCP+ handshake), not expectations.
const SLOW = 30_000;
const IPMI_TEST = { timeout: 90_000 };

describe('Redfish machines', () => {
  it('scale-up wakes over HTTP (password file) and HTTPS (password env, pinned CA): PXE once, then On; DeleteNodes shuts down gracefully', async () => {
    const plain = await emulator();
    // A real BMC takes seconds to change power; this one takes 300 ms each way.
    const tls = await emulator({ tls: true, systems: [{ id: 'A' }], faults: { powerTransitionMs: 300 } });
    process.env[ENV] = PASSWORD;
    const lc = (
      await start({
        machines: [
          { name: 'rf-http', bmc: [system(plain)], credentials: { username: plain.username, passwordFile: await passwordFile('rf-http', PASSWORD) }, host: { hardware: redfishHost(plain, '1') } },
          { name: 'rf-https', bmc: [system(tls, 'A')], credentials: { username: tls.username, passwordEnv: ENV }, bmcCaFile: tls.caFile, host: { hardware: redfishHost(tls, 'A') } },
        ],
      })
    ).lc;
    await lc.increaseSize('pool', 2);
    expect(lc.instances('pool').map((i) => i.status)).toEqual(['creating', 'creating']);
    for (const [name, emu, id] of [['rf-http', plain, '1'], ['rf-https', tls, 'A']] as const) {
      const running = await h!.reach(name, 'Running');
      expect(running.lastBmc).toMatchObject({ driver: 'redfish', endpoint: system(emu, id) });
      const patch = emu.requests.findIndex((r) => r.method === 'PATCH' && r.path === `/redfish/v1/Systems/${id}`);
      const on = emu.requests.findIndex((r) => r.method === 'POST' && r.path.endsWith('ComputerSystem.Reset'));
      expect(emu.requests[patch]?.body).toEqual({ Boot: { BootSourceOverrideTarget: 'Pxe', BootSourceOverrideEnabled: 'Once', BootSourceOverrideMode: 'UEFI' } });
      expect(emu.requests[on]?.body).toEqual({ ResetType: 'On' });
      expect(patch).toBeGreaterThanOrEqual(0);
      expect(patch).toBeLessThan(on);
      expect(emu.state(id)).toMatchObject({ powerState: 'On', boots: [{ target: 'Pxe', mode: 'UEFI' }] });
      expect(h!.host.bootsOf(name)).toEqual(['pxe']);
    }
    expect(lc.instances('pool').map((i) => i.status)).toEqual(['running', 'running']);

    await lc.deleteNodes('pool', [node('rf-http'), node('rf-https')]);
    for (const [name, emu, id] of [['rf-http', plain, '1'], ['rf-https', tls, 'A']] as const) {
      const off = await h!.reach(name, 'Off');
      expect(off.nodeName).toBeUndefined();
      expect(emu.state(id).powerState).toBe('Off');
      expect(emu.state(id).resets).toEqual(['On', 'GracefulShutdown']);
    }
    expect(h!.host.cordoned.sort()).toEqual(['rf-http', 'rf-https']);
    expect(h!.host.deleted.sort()).toEqual(['rf-http', 'rf-https']);
    expect(lc.instances('pool')).toEqual([]);
  });

  it('forces off when the BMC does not allow GracefulShutdown, recording why', async () => {
    const emu = await emulator({ faults: { disallowGracefulShutdown: true } });
    const lc = (
      await start({
        machines: [{ name: 'rf', bmc: [system(emu)], credentials: { username: emu.username, passwordFile: await passwordFile('rf', PASSWORD) }, host: { hardware: redfishHost(emu, '1') } }],
      })
    ).lc;
    await lc.increaseSize('pool', 1);
    await h!.reach('rf', 'Running');
    await lc.deleteNodes('pool', [node('rf')]);
    const off = await h!.reach('rf', 'Off');
    expect(emu.state('1').resets).toEqual(['On', 'ForceOff']);
    expect(off.lastProblem?.message).toMatch(/graceful shutdown did not complete .*GracefulShutdown.*forcing off/);
  });

  it('wakes through the second endpoint when the first hangs, and records which one answered', async () => {
    const hung = await emulator({ faults: { hang: true } });
    const good = await emulator();
    const lc = (
      await start({
        machines: [
          {
            name: 'rf2',
            bmc: [`${system(hung)}?timeout=300ms`, system(good)],
            credentials: { username: good.username, passwordFile: await passwordFile('rf2', PASSWORD) },
            host: { hardware: redfishHost(good, '1') },
          },
        ],
        driftCheckMs: 60_000,
      })
    ).lc;
    await lc.increaseSize('pool', 1);
    const running = await h!.reach('rf2', 'Running');
    expect(running.lastBmc).toMatchObject({ driver: 'redfish', endpoint: system(good) });
    expect(hung.requests.length).toBeGreaterThan(0); // tried first, every time
    expect(hung.state('1').resets).toEqual([]);
    expect(good.state('1').boots).toEqual([{ target: 'Pxe', mode: 'UEFI' }]);
    await lc.deleteNodes('pool', [node('rf2')]);
    await h!.reach('rf2', 'Off');
    expect(good.state('1').powerState).toBe('Off');
  });

  it('a BMC answering 503 for longer than the retries → Failed bmc-error, quarantined; the next IncreaseSize takes another machine', async () => {
    const busy = await emulator({ faults: { unavailable: 1_000_000 } });
    const good = await emulator();
    const file = await passwordFile('pool', PASSWORD);
    const lc = (
      await start({
        machines: [
          { name: 'a-busy', bmc: [system(busy)], credentials: { username: busy.username, passwordFile: file }, host: { hardware: redfishHost(busy, '1') } },
          { name: 'b-good', bmc: [system(good)], credentials: { username: good.username, passwordFile: file }, host: { hardware: redfishHost(good, '1') } },
        ],
      })
    ).lc;
    await lc.increaseSize('pool', 1);
    const failed = await h!.reach('a-busy', 'Failed');
    expect(failed.error).toMatchObject({ code: 'bmc-error', class: 99 });
    expect(failed.error?.message).toMatch(/^machine a-busy: waking failed: .*busy ×2 .*temporarily unavailable/);
    expect(failed.error?.message).not.toContain(PASSWORD);
    expect(failed.quarantineUntil).toBeGreaterThan(Date.now());
    expect(lc.instances('pool')).toEqual([{ id: 'baremetal://a-busy', status: 'creating', error: failed.error }]);
    expect(busy.state('1').powerState).toBe('Off');

    await lc.increaseSize('pool', 1);
    expect(h!.rec('b-good').state).toBe('PoweringOn');
    await h!.reach('b-good', 'Running');
  });

  it('a Node that never registers → Failed register-timeout, and the machine is powered off', async () => {
    const emu = await emulator();
    const lc = (
      await start({
        machines: [
          { name: 'nb', bmc: [system(emu)], credentials: { username: emu.username, passwordFile: await passwordFile('nb', PASSWORD) }, host: { hardware: redfishHost(emu, '1'), bootDelayMs: Infinity } },
        ],
        boot: '{ powerOnTimeout: 10s, registerTimeout: 400ms, readyTimeout: 10s }',
      })
    ).lc;
    await lc.increaseSize('pool', 1);
    await h!.reach('nb', 'Booting');
    const failed = await h!.reach('nb', 'Failed');
    expect(failed.error).toMatchObject({ code: 'register-timeout', class: 99 });
    await waitFor('the failed machine parked', () => h!.rec('nb').parked === true, SLOW);
    expect(emu.state('1')).toMatchObject({ powerState: 'Off', resets: ['On', 'ForceOff'] });
  });

  it('drift: powered off behind our back while Running or Booting → Failed powered-off; powered on while Off → reported, not adopted', async () => {
    const emu = await emulator({ systems: [{ id: '1' }, { id: '2' }, { id: '3' }] });
    const file = await passwordFile('drift', PASSWORD);
    const machine = (name: string, id: string, bootDelayMs?: number) => ({
      name,
      bmc: [system(emu, id)],
      credentials: { username: emu.username, passwordFile: file },
      host: { hardware: redfishHost(emu, id), ...(bootDelayMs === undefined ? {} : { bootDelayMs }) },
    });
    const lc = (await start({ machines: [machine('a-run', '1'), machine('b-boot', '2', Infinity), machine('c-idle', '3')], driftCheckMs: 100 })).lc;
    await lc.increaseSize('pool', 2);
    await h!.reach('a-run', 'Running');
    await h!.reach('b-boot', 'Booting');

    await redfishReset(emu, '1', 'ForceOff');
    await redfishReset(emu, '2', 'ForceOff');
    await redfishReset(emu, '3', 'On');
    const run = await h!.reach('a-run', 'Failed');
    expect(run.error).toMatchObject({ code: 'powered-off', class: 99 });
    expect(run.reason).toBe('machine was powered off outside rackscaler while Running');
    const boot = await h!.reach('b-boot', 'Failed');
    expect(boot.error?.code).toBe('powered-off');
    expect(boot.reason).toContain('while Booting');

    const idle = await waitFor('c-idle drift noted', () => (h!.rec('c-idle').lastProblem?.message.includes('not adopted') ? h!.rec('c-idle') : undefined), SLOW);
    expect(idle.state).toBe('Off');
    expect(idle.lastProblem?.message).toBe(
      'powered on outside rackscaler; not adopted (rackscaler only powers off what it woke) and not woken until seen off',
    );
    expect(idle.poweredOnOutside).toBeDefined();
    expect(emu.state('3').powerState).toBe('On'); // left alone
    expect(h!.host.bootsOf('c-idle')).toEqual(['other']); // no PXE was set: it did not join
    expect(lc.targetSize('pool')).toBe(2);
  });
});

describe.skipIf(!toolsOk)('IPMI machines (ipmi_sim)', () => {
  it('scale-up sets bootdev pxe then powers on (one machine after a refused Redfish endpoint); DeleteNodes shuts down gracefully, the server process is gone', IPMI_TEST, async () => {
    recorder = await startIpmitoolRecorder();
    const [s1, s2] = [await ipmiSim(), await ipmiSim()];
    const refused = await startRedfishEmulator();
    await refused.stop(); // nothing listens on its port any more: connection refused
    process.env[ENV] = s2.password;
    const lc = (
      await start({
        machines: [
          { name: 'i-file', bmc: [`${s1.url}?cipherSuite=3`], credentials: { username: s1.username, passwordFile: await passwordFile('i-file', s1.password) }, host: { hardware: ipmiHost(s1) } },
          { name: 'i-env', bmc: [system(refused), `${s2.url}?cipherSuite=3`], credentials: { username: s2.username, passwordEnv: ENV }, host: { hardware: ipmiHost(s2) } },
        ],
        ipmitool: recorder.binary,
      })
    ).lc;
    await lc.increaseSize('pool', 2);
    const calls = () => recorder!.calls();
    for (const [name, sim] of [['i-file', s1], ['i-env', s2]] as const) {
      const running = await h!.reach(name, 'Running');
      expect(running.lastBmc).toMatchObject({ driver: 'ipmi', endpoint: `${sim.url}?cipherSuite=3` });
      expect(await sim.isPoweredOn()).toBe(true);
      expect(h!.host.bootsOf(name)).toEqual(['pxe']);
      const mine = (await calls()).filter((c) => c.argv.includes(String(sim.port))).map((c) => c.argv.slice(c.argv.indexOf('-R') + 2).join(' '));
      const pxe = mine.indexOf('chassis bootdev pxe options=efiboot');
      expect(pxe).toBeGreaterThanOrEqual(0);
      expect(pxe).toBeLessThan(mine.indexOf('chassis power on'));
    }
    await lc.deleteNodes('pool', [node('i-file'), node('i-env')]);
    for (const [name, sim] of [['i-file', s1], ['i-env', s2]] as const) {
      await h!.reach(name, 'Off');
      expect(await sim.isPoweredOn()).toBe(false);
      const mine = (await calls()).filter((c) => c.argv.includes(String(sim.port))).map((c) => c.argv.slice(c.argv.indexOf('-R') + 2).join(' '));
      expect(mine).toContain('chassis power soft');
      expect(mine).not.toContain('chassis power off');
    }
    expect((await calls()).every((c) => c.passwordInEnv)).toBe(true);
  });

  it('a wrong password and a stopped ipmi_sim → Failed bmc-error saying why, quarantined; the next IncreaseSize takes another machine', IPMI_TEST, async () => {
    const [wrong, gone, good] = [await ipmiSim(), await ipmiSim(), await ipmiSim()];
    const badPassword = randomBytes(12).toString('base64url');
    await gone.stop();
    const lc = (
      await start({
        machines: [
          { name: 'a-wrong', bmc: [wrong.url], credentials: { username: wrong.username, passwordFile: await passwordFile('a-wrong', badPassword) }, host: { hardware: ipmiHost(wrong) } },
          { name: 'b-gone', bmc: [`${gone.url}?timeout=1s`], credentials: { username: gone.username, passwordFile: await passwordFile('b-gone', gone.password) }, host: { hardware: ipmiHost(gone) } },
          { name: 'c-good', bmc: [good.url], credentials: { username: good.username, passwordFile: await passwordFile('c-good', good.password) }, host: { hardware: ipmiHost(good) } },
        ],
      })
    ).lc;
    await lc.increaseSize('pool', 2);
    const a = await h!.reach('a-wrong', 'Failed');
    expect(a.error).toMatchObject({ code: 'bmc-error', class: 99 });
    // Rejected once already by the start-up reading; not retried since with the same password, so the
    // wake and the attempt to park the failed machine both say the credentials were rejected.
    expect(a.lastProblem?.message).toMatch(/: auth \(/);
    expect(a.error?.message).toMatch(/^machine a-wrong: waking failed: .*: auth \(not tried: credentials were rejected at /);
    const b = await h!.reach('b-gone', 'Failed');
    expect(b.error).toMatchObject({ code: 'bmc-error', class: 99 });
    expect(b.error?.message).toMatch(/^machine b-gone: waking failed: .*: timeout ×2 \(.*no answer within 1000 ms/);
    for (const r of [a, b]) {
      expect(r.quarantineUntil).toBeGreaterThan(Date.now());
      for (const secret of [badPassword, wrong.password, gone.password]) expect(JSON.stringify(r)).not.toContain(secret);
    }
    expect(await wrong.isPoweredOn()).toBe(false);

    await lc.increaseSize('pool', 1);
    expect(h!.rec('c-good').state).toBe('PoweringOn');
    await h!.reach('c-good', 'Running');
    expect(await good.isPoweredOn()).toBe(true);
  });

  it('drift through ipmitool: a Running machine powered off → Failed powered-off; an Off one powered on → stays Off, not adopted', IPMI_TEST, async () => {
    const [s1, s2] = [await ipmiSim(), await ipmiSim()];
    const lc = (
      await start({
        machines: [
          { name: 'a-run', bmc: [s1.url], credentials: { username: s1.username, passwordFile: await passwordFile('a-run', s1.password) }, host: { hardware: ipmiHost(s1) } },
          { name: 'b-idle', bmc: [s2.url], credentials: { username: s2.username, passwordFile: await passwordFile('b-idle', s2.password) }, host: { hardware: ipmiHost(s2) } },
        ],
        driftCheckMs: 200,
      })
    ).lc;
    await lc.increaseSize('pool', 1);
    await h!.reach('a-run', 'Running');
    await ipmitool(s1, s1.password, 'chassis', 'power', 'off');
    await ipmitool(s2, s2.password, 'chassis', 'power', 'on');
    const failed = await h!.reach('a-run', 'Failed');
    expect(failed.error).toMatchObject({ code: 'powered-off', class: 99 });
    expect(failed.reason).toBe('machine was powered off outside rackscaler while Running');
    const idle = await waitFor('b-idle drift noted', () => (h!.rec('b-idle').lastProblem?.message.includes('not adopted') ? h!.rec('b-idle') : undefined), SLOW);
    expect(idle.state).toBe('Off');
    expect(await s2.isPoweredOn()).toBe(true);
    expect(lc.targetSize('pool')).toBe(1);
  });

  it('a rotated password (BMC changed, file rewritten) is used by the next command, without a restart', IPMI_TEST, async () => {
    const sim = await ipmiSim();
    const file = await passwordFile('rot', sim.password);
    // No background drift checks: the only BMC commands are the ones this test causes.
    const lc = (await start({ machines: [{ name: 'rot', bmc: [sim.url], credentials: { username: sim.username, passwordFile: file }, host: { hardware: ipmiHost(sim) } }], driftCheckMs: 3_600_000 })).lc;
    await lc.increaseSize('pool', 1);
    await h!.reach('rot', 'Running');

    const rotated = randomBytes(12).toString('base64url');
    expect(await ipmitool(sim, sim.password, 'user', 'set', 'password', '2', rotated)).toMatch(/successful/);
    await writeFile(file, `${rotated}\n`);
    await expect(ipmitool(sim, sim.password, 'chassis', 'power', 'status')).rejects.toThrow(/Unable to establish/); // the old one is dead

    await lc.deleteNodes('pool', [node('rot')]);
    const off = await h!.reach('rot', 'Off');
    expect(await sim.isPoweredOn()).toBe(false);
    expect(off.lastProblem).toBeUndefined();
    await lc.increaseSize('pool', 1);
    await h!.reach('rot', 'Running');
    expect(h!.host.bootsOf('rot')).toEqual(['pxe', 'pxe']);
  });
});
