// `rackscaler bmc` against real protocols: a Redfish emulator System and an ipmi_sim BMC, from a
// config file written like an operator's (password file, password env, fallback endpoints).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BmcGate } from '../src/bmc/gate.js';
import { runBmcCommand } from '../src/commands/bmc.js';
import { requireIpmiTools, startIpmiSim, type IpmiSim } from './fakes/ipmi-sim.js';
import { startRedfishEmulator, type RedfishEmulator } from './fakes/redfish-emulator/index.js';
import { realConfig, realRegistry } from './helpers/real-harness.js';
import { waitFor } from './helpers/wait.js';

const toolsOk = await requireIpmiTools('rackscaler bmc against ipmi_sim');
const PASSWORD = `cli-${randomBytes(9).toString('base64url')}`;
const ENV = `RACKSCALER_TEST_CLI_PASSWORD_${randomBytes(4).toString('hex').toUpperCase()}`;
const deps = {
  registry: realRegistry(),
  gate: new BmcGate({ minIntervalMs: 0 }),
  bmcOptions: { attemptTimeoutMs: 5_000, retries: 1, backoffBaseMs: 1, pollMinMs: 20, pollMaxMs: 100 },
};

let dir: string;
let config: string;
let emu: RedfishEmulator;
let hung: RedfishEmulator;
let sim: IpmiSim | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rackscaler-bmc-real-'));
  emu = await startRedfishEmulator({ password: PASSWORD });
  hung = await startRedfishEmulator({ password: PASSWORD, faults: { hang: true } });
  if (toolsOk) sim = await startIpmiSim();
  const file = join(dir, 'bmc.password');
  const wrong = join(dir, 'wrong.password');
  await writeFile(file, PASSWORD, { mode: 0o600 });
  await writeFile(wrong, randomBytes(9).toString('base64url'), { mode: 0o600 });
  if (sim) process.env[ENV] = sim.password;
  const rf = `${emu.url}/redfish/v1/Systems/1`;
  const machines = [
    { name: 'rf', bmc: [rf], credentials: { username: emu.username, passwordFile: file } },
    { name: 'fb', bmc: [`${hung.url}/redfish/v1/Systems/1?timeout=300ms`, rf], credentials: { username: emu.username, passwordFile: file } },
    { name: 'bad', bmc: [rf], credentials: { username: emu.username, passwordFile: wrong } },
    ...(sim ? [{ name: 'ipmi', bmc: [`${sim.url}?cipherSuite=3`], credentials: { username: sim.username, passwordEnv: ENV } }] : []),
  ];
  config = join(dir, 'rackscaler.yaml');
  await writeFile(config, realConfig(machines));
});
afterAll(async () => {
  await Promise.all([emu.stop(), hung.stop(), sim?.stop()]);
  delete process.env[ENV];
  await rm(dir, { recursive: true, force: true });
});

async function bmc(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runBmcCommand([...argv, '--config', config], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) }, deps);
  return { code, stdout, stderr };
}

describe('rackscaler bmc against the Redfish emulator', () => {
  it('status --json, pxe, on, off (graceful), cycle, off --force: exit 0, each through the emulator', async () => {
    const status = await bmc('status', 'rf', '--json');
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toEqual({
      machine: 'rf',
      group: 'pool',
      rack: 'r1',
      action: 'status',
      ok: true,
      power: { state: 'off', raw: 'Off' },
      answeredBy: { driver: 'redfish', endpoint: `${emu.url}/redfish/v1/Systems/1` },
      endpoints: [{ endpoint: `${emu.url}/redfish/v1/Systems/1`, driver: 'redfish', result: 'answered', attempts: [{ ok: true, ms: expect.any(Number) }] }],
    });

    expect((await bmc('pxe', 'rf')).code).toBe(0);
    expect(emu.state('1').boot).toEqual({ BootSourceOverrideTarget: 'Pxe', BootSourceOverrideEnabled: 'Once', BootSourceOverrideMode: 'UEFI' });
    const on = await bmc('on', 'rf');
    expect(on.code).toBe(0);
    expect(on.stdout).toContain('done      powered on');
    expect(emu.state('1')).toMatchObject({ powerState: 'On', boots: [{ target: 'Pxe', mode: 'UEFI' }] });

    const off = await bmc('off', 'rf');
    expect(off.code).toBe(0);
    expect(off.stderr).toMatch(/^warning: talking to the BMC of rf directly/);
    expect(emu.state('1').powerState).toBe('Off');
    expect((await bmc('cycle', 'rf')).code).toBe(0);
    expect(emu.state('1').powerState).toBe('On');
    const force = await bmc('off', 'rf', '--force', '--json');
    expect(force.code).toBe(0);
    expect(JSON.parse(force.stdout)).toMatchObject({ action: 'off', ok: true, power: { state: 'off', raw: 'Off' } });
    expect(emu.state('1').resets).toEqual(['On', 'GracefulShutdown', 'PowerCycle', 'ForceOff']);
  });

  it('status shows that the second endpoint answered after the first timed out', async () => {
    const r = await bmc('status', 'fb');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`answered  ${emu.url}/redfish/v1/Systems/1 (redfish)`);
    expect(r.stdout).toContain(`1. redfish  ${hung.url}/redfish/v1/Systems/1?timeout=300ms  1 failed (last: timeout: no answer from BMC`);
    expect(r.stdout).toMatch(/2\. redfish +\S+ +answered\n/);
  });

  it('exits 1 on a wrong password, naming the endpoint and auth, without retrying it', async () => {
    const before = emu.requests.length;
    const r = await bmc('status', 'bad', '--json');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { ok: boolean; error: { kind: string; message: string }; endpoints: Array<{ result: string; attempts: unknown[] }> };
    expect(report).toMatchObject({ ok: false, error: { kind: 'auth' }, endpoints: [{ result: 'failed' }] });
    expect(report.endpoints[0]?.attempts).toHaveLength(1);
    expect(report.error.message).toContain(`credentials rejected by BMC ${emu.url}`);
    expect(emu.requests.length - before).toBeLessThanOrEqual(3); // service root, login; no retry round
    const text = await bmc('on', 'bad');
    expect(text.code).toBe(1);
    expect(text.stderr).toMatch(/^rackscaler bmc: machine bad: power on failed on every BMC endpoint: .*: auth/m);
  });

  it('exits 2 for a machine that is not in the config', async () => {
    const r = await bmc('status', 'nope');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/machine "nope" is not in .*rackscaler\.yaml/);
  });
});

describe.skipIf(!toolsOk)('rackscaler bmc against ipmi_sim', () => {
  it('status --json, pxe, on, cycle, off (graceful), off --force: exit 0, each through ipmitool', { timeout: 90_000 }, async () => {
    const s = sim!;
    const status = await bmc('status', 'ipmi', '--json');
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      ok: true,
      power: { state: 'off', raw: 'Chassis Power is off' },
      answeredBy: { driver: 'ipmi', endpoint: `${s.url}?cipherSuite=3` },
      endpoints: [{ result: 'answered' }],
    });

    expect((await bmc('pxe', 'ipmi')).code).toBe(0);
    expect(await s.bootDevice()).toBe('pxe');
    const on = await bmc('on', 'ipmi');
    expect(on.code).toBe(0);
    expect(on.stdout).toContain('power     on (BMC says "Chassis Power is on")');
    expect(await s.isPoweredOn()).toBe(true);

    const before = await s.serverPid();
    expect((await bmc('cycle', 'ipmi')).code).toBe(0);
    await waitFor('a new server process after the cycle', async () => (await s.serverPid()) !== before && (await s.isPoweredOn()), 30_000);

    const off = await bmc('off', 'ipmi');
    expect(off.code).toBe(0);
    expect(off.stdout).toContain('done      powered off');
    expect(await s.isPoweredOn()).toBe(false);
    expect((await bmc('on', 'ipmi')).code).toBe(0);
    const force = await bmc('off', 'ipmi', '--force', '--json');
    expect(force.code).toBe(0);
    expect(JSON.parse(force.stdout)).toMatchObject({ ok: true, power: { state: 'off' } });
    expect(await s.isPoweredOn()).toBe(false);
  });
});
