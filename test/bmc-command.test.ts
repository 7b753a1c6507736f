import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultDriverFactories } from '../providers/drivers.js';
import { DriverRegistry } from '../providers/registry.js';
import { SimWorld } from '../providers/sim/world.js';
import { BmcGate } from '../src/bmc/gate.js';
import { runBmcCommand, type BmcCommandDeps } from '../src/commands/bmc.js';

const FAST = '?powerOnDelay=20ms&shutdownDelay=20ms&bootTime=50ms';

const CONFIG = `
racks:
  - name: r1
nodeGroups:
  - id: cpu
    minSize: 0
    maxSize: 4
    template:
      capacity: { cpu: "8", memory: 32Gi, pods: "110" }
    boot: { mode: uefi, powerOnTimeout: 5s }
    powerOff: { gracefulTimeout: 300ms, forceTimeout: 5s }
    machines:
      - name: m1
        rack: r1
        bmc: sim://m1${FAST}
        mac: b8:ca:3a:00:00:01
      - name: m2
        rack: r1
        bmc: [ "sim://m2a?fault=auth", "sim://m2b${FAST}" ]
        mac: b8:ca:3a:00:00:02
      - name: m3
        rack: r1
        bmc: sim://m3?fault=refuse
        mac: b8:ca:3a:00:00:03
      - name: m4
        rack: r1
        bmc: sim://m4?fault=stuck-on&powerOnDelay=0ms
        mac: b8:ca:3a:00:00:04
`;

let dir: string;
let config: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rackscaler-bmc-cli-'));
  config = join(dir, 'rackscaler.yaml');
  writeFileSync(config, CONFIG);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const quick = { gate: new BmcGate({ minIntervalMs: 0 }), bmcOptions: { attemptTimeoutMs: 1_000, backoffBaseMs: 1, pollMinMs: 5, pollMaxMs: 20 } };

async function run(argv: string[], deps: BmcCommandDeps = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runBmcCommand(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) }, deps);
  return { code, stdout, stderr };
}

function withWorld() {
  const world = new SimWorld();
  return { world, deps: { ...quick, registry: new DriverRegistry(defaultDriverFactories({ sim: world })) } };
}

describe('rackscaler bmc', () => {
  it('status prints the machine, each endpoint and which one answered', async () => {
    const { deps } = withWorld();
    const r = await run(['status', 'm2', '--config', config], deps);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('machine   m2 (group cpu, rack r1)');
    expect(r.stdout).toContain('power     off (BMC says "Off")');
    expect(r.stdout).toContain(`answered  sim://m2b${FAST} (sim)`);
    expect(r.stdout).toMatch(/1\. sim +sim:\/\/m2a\?fault=auth +1 failed \(last: auth: .*credentials/);
    expect(r.stdout).toMatch(/2\. sim +sim:\/\/m2b\S+ +answered\n/);
  });

  it('status --json gives the same as an object', async () => {
    const { deps } = withWorld();
    const r = await run(['status', 'm2', '--config', config, '--json'], deps);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      machine: 'm2',
      group: 'cpu',
      rack: 'r1',
      action: 'status',
      ok: true,
      power: { state: 'off', raw: 'Off' },
      answeredBy: { driver: 'sim', endpoint: `sim://m2b${FAST}` },
      endpoints: [
        {
          endpoint: 'sim://m2a?fault=auth',
          driver: 'sim',
          result: 'failed',
          attempts: [{ ok: false, kind: 'auth', error: expect.any(String), ms: expect.any(Number) }],
        },
        { endpoint: `sim://m2b${FAST}`, driver: 'sim', result: 'answered', attempts: [{ ok: true, ms: expect.any(Number) }] },
      ],
    });
  });

  it('on waits for power on, pxe sets the group boot mode, off shuts down gracefully with a warning', async () => {
    const { world, deps } = withWorld();
    expect((await run(['pxe', 'm1', '--config', config], deps)).code).toBe(0);
    expect(world.status('m1')).toMatchObject({ pxeNext: true, pxeMode: 'uefi' });

    const on = await run(['on', 'm1', '--config', config], deps);
    expect(on.code).toBe(0);
    expect(on.stdout).toContain('done      powered on');
    expect(world.status('m1')).toMatchObject({ power: 'on', bootedFrom: 'pxe' });

    const off = await run(['off', 'm1', '--config', config], deps);
    expect(off.code).toBe(0);
    expect(off.stderr).toMatch(/^warning: .*m1.*server/);
    expect(world.status('m1').power).toBe('off');
  });

  it('off --force powers off at once; cycle powers back on', async () => {
    const { world, deps } = withWorld();
    await run(['on', 'm1', '--config', config], deps);
    expect(world.status('m1').bootedFrom).toBe('disk');
    await run(['pxe', 'm1', '--config', config], deps);
    const cycle = await run(['cycle', 'm1', '--config', config], deps);
    expect(cycle.code).toBe(0);
    expect(cycle.stderr).toContain('warning:');
    expect(world.status('m1')).toMatchObject({ bootedFrom: 'pxe', pxeNext: false }); // the cycle's power-on took the PXE setting
    const off = await run(['off', 'm1', '--config', config, '--force', '--json'], deps);
    expect(off.code).toBe(0);
    expect(JSON.parse(off.stdout)).toMatchObject({ action: 'off', ok: true, power: { state: 'off' } });
  });

  it('exits 1 when every endpoint fails, saying why', async () => {
    const { deps } = withWorld();
    const r = await run(['status', 'm3', '--config', config], deps);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/machine m3: read power state failed on every BMC endpoint: sim:\/\/m3\?fault=refuse: busy ×3/);
    const j = await run(['on', 'm3', '--config', config, '--json'], deps);
    expect(j.code).toBe(1);
    expect(JSON.parse(j.stdout)).toMatchObject({ machine: 'm3', ok: false, error: { kind: 'busy' }, endpoints: [{ result: 'failed' }] });
  });

  it('exits 1 when a graceful off does not complete in time and hints at --force', async () => {
    const { world, deps } = withWorld();
    await run(['on', 'm4', '--config', config], deps);
    const r = await run(['off', 'm4', '--config', config], deps);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/machine m4: power did not reach off within 300 ms/);
    expect(r.stderr).toContain('--force');
    expect(world.status('m4').power).toBe('on');
  });

  it.each([
    [['status', 'nope', '--config', '<config>'], /machine "nope" is not in .*rackscaler\.yaml/],
    [['status', 'm1'], /--config FILE is required/],
    [['boop', 'm1', '--config', '<config>'], /unknown action "boop"/],
    [['on', 'm1', '--config', '<config>', '--force'], /--force only applies to off/],
    [['status', 'm1', '--config', '<config>', '--loud'], /--loud/],
    [['status', 'm1', '--config', '<missing>'], /missing\.yaml/],
  ])('%j exits 2 naming what is wrong', async (argv, message) => {
    const args = argv.map((a) => a.replace('<config>', config).replace('<missing>', join(dir, 'missing.yaml')));
    const r = await run(args, withWorld().deps);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('keeps simulated machines across invocations with --sim-state (default drivers and gate)', async () => {
    const state = join(dir, 'sim-state.json');
    const on = await run(['on', 'm1', '--config', config, '--sim-state', state], { bmcOptions: quick.bmcOptions });
    expect(on.code).toBe(0);
    const status = await run(['status', 'm1', '--config', config, '--sim-state', state, '--json'], { bmcOptions: quick.bmcOptions });
    expect(JSON.parse(status.stdout)).toMatchObject({ ok: true, power: { state: 'on', raw: 'On' } });
    expect(new SimWorld({ stateFile: state }).status('m1').power).toBe('on');
  });
});
