import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSimDriverFactory } from '../providers/sim/index.js';
import { SIM_DEFAULTS, type SimEndpointOptions } from '../providers/sim/spec.js';
import { SimStateError } from '../providers/sim/state-file.js';
import { SimWorld } from '../providers/sim/world.js';
import { BmcError, type BmcDriver } from '../providers/types.js';

/** Virtual time: the world only sees what the test sets. */
function clock(start = 1_000_000) {
  const c = { t: start, now: () => c.t, advance: (ms: number) => (c.t += ms) };
  return c;
}

const spec = (id: string, extra: Partial<SimEndpointOptions> = {}): SimEndpointOptions => ({
  ...SIM_DEFAULTS,
  id,
  powerOnDelayMs: 2_000,
  bootTimeMs: 30_000,
  shutdownDelayMs: 5_000,
  ...extra,
});

function driverFor(world: SimWorld, id: string): BmcDriver {
  const factory = createSimDriverFactory(world);
  return factory.create({ driver: 'sim', display: `sim://${id}`, options: spec(id) }, { credentials: undefined, caFile: undefined });
}

describe('SimWorld power behaviour', () => {
  it('powers on after powerOnDelay and boots from disk without a PXE setting', () => {
    const c = clock();
    const w = new SimWorld({ now: c.now });
    w.ensure(spec('m1'));
    expect(w.status('m1')).toMatchObject({ power: 'off', bootedFrom: undefined, osUpAt: undefined, lastPowerChangeAt: undefined });
    const t0 = c.t;
    w.powerOn('m1');
    expect(w.status('m1')).toMatchObject({ power: 'powering-on', bootedFrom: 'disk', osUpAt: undefined, lastPowerChangeAt: t0 });
    c.advance(1_999);
    expect(w.status('m1').power).toBe('powering-on');
    c.advance(1);
    expect(w.status('m1')).toMatchObject({ power: 'on', lastPowerChangeAt: t0 + 2_000, osUpAt: undefined });
    w.powerOn('m1'); // idempotent
    expect(w.status('m1').lastPowerChangeAt).toBe(t0 + 2_000);
  });

  it('consumes the one-time PXE setting at the next power-on; the OS comes up bootTime after power reaches On', () => {
    const c = clock();
    const w = new SimWorld({ now: c.now });
    w.ensure(spec('m1'));
    w.setOneTimePxeBoot('m1', 'uefi');
    expect(w.status('m1')).toMatchObject({ pxeNext: true, pxeMode: 'uefi' });
    const t0 = c.t;
    w.powerOn('m1');
    expect(w.status('m1')).toMatchObject({ bootedFrom: 'pxe', pxeNext: false, osUpAt: t0 + 2_000 + 30_000 });
    w.powerOff('m1', 'force');
    w.powerOn('m1');
    expect(w.status('m1')).toMatchObject({ bootedFrom: 'disk', osUpAt: undefined });
  });

  it('shuts down gracefully over shutdownDelay and forces off at once', () => {
    const c = clock();
    const w = new SimWorld({ now: c.now });
    w.ensure(spec('m1'));
    w.setOneTimePxeBoot('m1', undefined);
    w.powerOn('m1');
    c.advance(40_000);
    const upAt = w.status('m1').osUpAt;
    expect(upAt).toBeDefined();
    w.powerOff('m1', 'graceful');
    expect(w.status('m1')).toMatchObject({ power: 'powering-off', osUpAt: upAt });
    c.advance(4_999);
    expect(w.status('m1').power).toBe('powering-off');
    c.advance(1);
    expect(w.status('m1')).toMatchObject({ power: 'off', osUpAt: undefined, lastPowerChangeAt: c.t });

    w.powerOn('m1');
    c.advance(2_000);
    w.powerOff('m1', 'force');
    expect(w.status('m1')).toMatchObject({ power: 'off', lastPowerChangeAt: c.t });
  });

  it('answers busy to conflicting commands during a transition; a forced off always wins', () => {
    const c = clock();
    const w = new SimWorld({ now: c.now });
    w.ensure(spec('m1'));
    w.powerOn('m1');
    expect(() => w.powerOff('m1', 'graceful')).toThrow(expect.objectContaining({ kind: 'busy', message: expect.stringContaining('m1') }));
    c.advance(2_000);
    w.powerOff('m1', 'graceful');
    expect(() => w.powerOn('m1')).toThrow(BmcError);
    w.powerOff('m1', 'force');
    expect(w.status('m1').power).toBe('off');
  });

  it('power cycle restarts the machine and takes a pending PXE setting', () => {
    const c = clock();
    const w = new SimWorld({ now: c.now });
    w.ensure(spec('m1'));
    w.powerOn('m1');
    c.advance(10_000);
    w.setOneTimePxeBoot('m1', 'legacy');
    w.powerCycle('m1');
    expect(w.status('m1')).toMatchObject({ power: 'powering-on', bootedFrom: 'pxe', lastPowerChangeAt: c.t });
  });

  it('multiplies every delay by timeScale', () => {
    const c = clock();
    const w = new SimWorld({ now: c.now, timeScale: 0.001 });
    w.ensure(spec('m1'));
    w.setOneTimePxeBoot('m1', undefined);
    const t0 = c.t;
    w.powerOn('m1');
    expect(w.status('m1').osUpAt).toBe(t0 + 32);
    c.advance(2);
    expect(w.status('m1').power).toBe('on');
    w.powerOff('m1', 'graceful');
    c.advance(5);
    expect(w.status('m1').power).toBe('off');
  });

  it('names the unknown machine', () => {
    const w = new SimWorld({ now: clock().now });
    w.ensure(spec('m1'));
    expect(() => w.status('nope')).toThrow(/"nope" does not exist.*m1/);
  });
});

describe('SimWorld faults', () => {
  it('never-boots: powers on, the OS never comes up', () => {
    const c = clock();
    const w = new SimWorld({ now: c.now });
    w.ensure(spec('m1', { fault: 'never-boots' }));
    w.setOneTimePxeBoot('m1', undefined);
    w.powerOn('m1');
    c.advance(3_600_000);
    expect(w.status('m1')).toMatchObject({ power: 'on', bootedFrom: 'pxe', osUpAt: undefined });
  });

  it('powers-off: dies bootTime after power reaches On, and stays off when the fault is cleared', () => {
    const c = clock();
    const w = new SimWorld({ now: c.now });
    w.ensure(spec('m1'));
    w.setOneTimePxeBoot('m1', undefined);
    const t0 = c.t;
    w.powerOn('m1');
    w.setFault('m1', 'powers-off'); // injected during the boot: hits this boot
    expect(w.status('m1').osUpAt).toBeUndefined();
    c.advance(2_000 + 29_999);
    expect(w.status('m1').power).toBe('on');
    c.advance(1);
    expect(w.status('m1')).toMatchObject({ power: 'off', lastPowerChangeAt: t0 + 32_000 });
    w.setFault('m1', undefined);
    c.advance(60_000);
    expect(w.status('m1')).toMatchObject({ power: 'off', lastPowerChangeAt: t0 + 32_000, fault: undefined });
  });

  it('stuck-on: power-off commands are accepted but the machine stays on', () => {
    const c = clock();
    const w = new SimWorld({ now: c.now });
    w.ensure(spec('m1', { fault: 'stuck-on' }));
    w.powerOn('m1');
    c.advance(2_000);
    w.powerOff('m1', 'graceful');
    w.powerOff('m1', 'force');
    w.powerCycle('m1');
    c.advance(60_000);
    expect(w.status('m1')).toMatchObject({ power: 'on', lastPowerChangeAt: c.t - 60_000 });
  });

  it('refuse and auth fail every driver command with the matching BmcError kind', async () => {
    const w = new SimWorld({ timeScale: 0.001 });
    const d = driverFor(w, 'm1');
    const ctx = { signal: new AbortController().signal };
    expect(await d.powerState(ctx)).toEqual({ state: 'off', raw: 'Off' });
    w.setFault('m1', 'refuse');
    await expect(d.powerOn(ctx)).rejects.toMatchObject({ name: 'BmcError', kind: 'busy', message: expect.stringContaining('sim://m1') });
    w.setFault('m1', 'auth');
    await expect(d.setOneTimePxeBoot(ctx, 'uefi')).rejects.toMatchObject({ kind: 'auth' });
    expect(w.status('m1')).toMatchObject({ power: 'off', pxeNext: false });
  });

  it('hang: a command never answers until its signal aborts, then times out', async () => {
    const w = new SimWorld({ timeScale: 0.001 });
    const d = driverFor(w, 'm1');
    w.setFault('m1', 'hang');
    const ac = new AbortController();
    let settled = false;
    const call = d.powerOn({ signal: ac.signal }).finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false);
    ac.abort();
    await expect(call).rejects.toMatchObject({ kind: 'timeout' });
    expect(w.status('m1').power).toBe('off');
  });

  it('a changed endpoint fault replaces a run-time one; an unchanged endpoint keeps it', () => {
    const w = new SimWorld({ now: clock().now });
    w.ensure(spec('m1', { fault: 'never-boots' }));
    w.setFault('m1', 'refuse');
    w.ensure(spec('m1', { fault: 'never-boots' }));
    expect(w.fault('m1')).toBe('refuse');
    w.ensure(spec('m1'));
    expect(w.fault('m1')).toBeUndefined();
  });

  it('without a world the factory refuses to create a driver and says why', () => {
    const factory = createSimDriverFactory(undefined);
    expect(() =>
      factory.create({ driver: 'sim', display: 'sim://m1', options: spec('m1') }, { credentials: undefined, caFile: undefined }),
    ).toThrow(/sim:\/\/m1: .*simulated world/);
  });
});

describe('SimWorld persistence', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rackscaler-sim-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a new world on the same file finds the machines as they were, and time passed while it was down', () => {
    const c = clock();
    const file = join(dir, 'sim.json');
    const a = new SimWorld({ stateFile: file, now: c.now });
    a.ensure(spec('m1'));
    a.ensure(spec('m2', { fault: 'stuck-on' }));
    a.setOneTimePxeBoot('m1', 'uefi');
    const t0 = c.t;
    a.powerOn('m1');
    a.setFault('m2', 'refuse');
    expect(a.status('m1').power).toBe('powering-on');

    c.advance(3_600_000); // "the process is down for an hour"
    const b = new SimWorld({ stateFile: file, now: c.now });
    expect(b.ids().sort()).toEqual(['m1', 'm2']);
    expect(b.status('m1')).toMatchObject({ power: 'on', bootedFrom: 'pxe', osUpAt: t0 + 32_000, lastPowerChangeAt: t0 + 2_000 });
    expect(b.fault('m2')).toBe('refuse');
    expect(readdirSync(dir)).toEqual(['sim.json']); // no temp file left behind
  });

  it('writes only when something changed', () => {
    const c = clock();
    const file = join(dir, 'sim.json');
    const w = new SimWorld({ stateFile: file, now: c.now });
    w.ensure(spec('m1'));
    w.powerOn('m1');
    const written = statSync(file).ino; // every save renames a new file into place
    w.ensure(spec('m1'));
    w.powerOn('m1');
    c.advance(60_000);
    w.status('m1');
    expect(statSync(file).ino).toBe(written);
    w.powerOff('m1', 'force');
    expect(statSync(file).ino).not.toBe(written);
  });

  it('picks up changes another world wrote to the same file', () => {
    const c = clock();
    const file = join(dir, 'sim.json');
    const server = new SimWorld({ stateFile: file, now: c.now });
    server.ensure(spec('m1', { powerOnDelayMs: 0 }));
    server.powerOn('m1');
    const cli = new SimWorld({ stateFile: file, now: c.now });
    cli.powerOff('m1', 'force');
    expect(server.status('m1').power).toBe('off');
  });

  it('rejects a damaged state file naming it', () => {
    const file = join(dir, 'sim.json');
    writeFileSync(file, '{"version":1,"machines":{"m1":{"target":"sideways"}}}');
    expect(() => new SimWorld({ stateFile: file })).toThrow(SimStateError);
    expect(() => new SimWorld({ stateFile: file })).toThrow(file);
  });
});
