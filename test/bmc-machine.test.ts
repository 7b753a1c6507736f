import { describe, expect, it } from 'vitest';
import { BmcCallError } from '../src/bmc/call-error.js';
import { BmcGate } from '../src/bmc/gate.js';
import { MachineBmc } from '../src/bmc/machine-bmc.js';
import { SecretRedactor } from '../src/bmc/redact.js';
import { SimDriver } from '../providers/sim/driver.js';
import { SIM_DEFAULTS, type SimFault } from '../providers/sim/spec.js';
import { SimWorld } from '../providers/sim/world.js';
import { BmcError } from '../providers/types.js';
import { ScriptedDriver } from './fakes/scripted-driver.js';

const fast = { attemptTimeoutMs: 100, backoffBaseMs: 1, pollMinMs: 1, pollMaxMs: 8 };

function simMachine(world: SimWorld, id: string, fault?: SimFault): SimDriver {
  world.ensure({ ...SIM_DEFAULTS, id, fault });
  return new SimDriver(world, id, `sim://${id}`);
}

describe('MachineBmc fallback', () => {
  it('falls back to the next endpoint and records which driver answered and why the others failed', async () => {
    const world = new SimWorld({ timeScale: 0.001, now: () => 0 }); // time stands still: power-on stays in progress
    const bmc = new MachineBmc('r650-01', [simMachine(world, 'a', 'auth'), simMachine(world, 'b')], new BmcGate({ minIntervalMs: 0 }), fast);
    const result = await bmc.powerOn();
    expect(result).toMatchObject({ driver: 'sim', endpoint: 'sim://b' });
    expect(result.attempts).toEqual([
      { endpoint: 'sim://a', driver: 'sim', ok: false, kind: 'auth', error: expect.stringContaining('credentials'), ms: expect.any(Number) },
      { endpoint: 'sim://b', driver: 'sim', ok: true, ms: expect.any(Number) },
    ]);
    expect(world.status('b').power).toBe('powering-on');
    expect(world.status('a').power).toBe('off');
  });

  it('a hanging endpoint times out on its own deadline, then the next one answers', async () => {
    const world = new SimWorld({ timeScale: 0.001 });
    const bmc = new MachineBmc('m', [simMachine(world, 'a', 'hang'), simMachine(world, 'b')], new BmcGate({ minIntervalMs: 0 }), fast);
    const result = await bmc.powerState();
    expect(result.endpoint).toBe('sim://b');
    expect(result.value).toEqual({ state: 'off', raw: 'Off' });
    expect(result.attempts.map((a) => [a.endpoint, a.kind])).toEqual([
      ['sim://a', 'timeout'],
      ['sim://b', undefined],
    ]);
  });

  it('fails with a BmcCallError naming the machine and every endpoint, most telling kind first', async () => {
    const world = new SimWorld({ timeScale: 0.001 });
    const bmc = new MachineBmc('r650-02', [simMachine(world, 'a', 'auth'), simMachine(world, 'b', 'refuse')], new BmcGate({ minIntervalMs: 0 }), fast);
    const err = await bmc.setOneTimePxeBoot('uefi').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BmcCallError);
    const e = err as BmcCallError;
    expect(e.machine).toBe('r650-02');
    expect(e.kind).toBe('auth');
    // auth is never retried; busy is, in each of the 1 + 2 rounds.
    expect(e.attempts.map((a) => `${a.endpoint}:${a.kind}`)).toEqual(['sim://a:auth', 'sim://b:busy', 'sim://b:busy', 'sim://b:busy']);
    expect(e.message).toMatch(/^machine r650-02: set one-time PXE boot failed on every BMC endpoint: sim:\/\/a: auth \(.*\); sim:\/\/b: busy ×3 \(/);
  });
});

describe('MachineBmc retries', () => {
  it('retries busy, timeout and unknown errors with backoff and then succeeds', async () => {
    const d = new ScriptedDriver('fake', 'fake://bmc', [new BmcError('busy', '503'), new Error('socket hang up'), 'hang', 'ok']);
    const bmc = new MachineBmc('m', [d], new BmcGate({ minIntervalMs: 0 }), { ...fast, retries: 3, attemptTimeoutMs: 20 });
    const result = await bmc.powerCycle();
    expect(result.attempts.map((a) => a.kind ?? 'ok')).toEqual(['busy', 'unknown', 'timeout', 'ok']);
    expect(d.calls).toEqual(['powerCycle', 'powerCycle', 'powerCycle', 'powerCycle']);
  });

  it('does not retry auth, unsupported or protocol failures', async () => {
    for (const kind of ['auth', 'unsupported', 'protocol'] as const) {
      const d = new ScriptedDriver('fake', 'fake://bmc', [new BmcError(kind, `said ${kind}`), 'ok']);
      const bmc = new MachineBmc('m', [d], new BmcGate({ minIntervalMs: 0 }), fast);
      await expect(bmc.powerOff('graceful')).rejects.toMatchObject({ kind, attempts: [{ kind, ok: false }] });
      expect(d.calls).toEqual(['powerOff']);
    }
  });

  it('after credentials are rejected, skips that endpoint on later calls until authHoldMs has passed', async () => {
    let now = 0;
    const a = new ScriptedDriver('fake', 'fake://a', [new BmcError('auth', '401'), 'ok']);
    const b = new ScriptedDriver('fake', 'fake://b', []);
    const bmc = new MachineBmc('m', [a, b], new BmcGate({ minIntervalMs: 0 }), { ...fast, authHoldMs: 60_000, now: () => now });
    expect((await bmc.powerState()).endpoint).toBe('fake://b');
    now = 59_999;
    const held = await bmc.powerState();
    expect(held.endpoint).toBe('fake://b');
    expect(held.attempts[0]).toEqual({
      endpoint: 'fake://a',
      driver: 'fake',
      ok: false,
      kind: 'auth',
      error: 'not tried: credentials were rejected at 1970-01-01T00:00:00.000Z; next try after 1970-01-01T00:01:00.000Z',
      ms: 0,
    });
    expect(a.calls).toEqual(['powerState']);
    now = 60_000;
    expect((await bmc.powerState()).endpoint).toBe('fake://a');
    expect(a.calls).toEqual(['powerState', 'powerState']);
  });

  it('tries a held endpoint again as soon as the credentials change (a fixed password works at once)', async () => {
    let stamp = 'old-password-hash';
    const a = new ScriptedDriver('fake', 'fake://a', [new BmcError('auth', '401'), 'ok']);
    const b = new ScriptedDriver('fake', 'fake://b', []);
    const bmc = new MachineBmc('m', [a, b], new BmcGate({ minIntervalMs: 0 }), {
      ...fast,
      authHoldMs: 60_000,
      now: () => 0,
      credentialStamp: async () => stamp,
    });
    expect((await bmc.powerState()).endpoint).toBe('fake://b');
    expect((await bmc.powerState()).endpoint).toBe('fake://b'); // held: same credentials
    expect(a.calls).toEqual(['powerState']);
    stamp = 'new-password-hash';
    expect((await bmc.powerState()).endpoint).toBe('fake://a');
    expect(a.calls).toEqual(['powerState', 'powerState']);
  });

  it('stops at once when the caller aborts, without trying the next endpoint', async () => {
    const a = new ScriptedDriver('fake', 'fake://a', ['hang']);
    const b = new ScriptedDriver('fake', 'fake://b', []);
    const bmc = new MachineBmc('m', [a, b], new BmcGate({ minIntervalMs: 0 }), { ...fast, attemptTimeoutMs: 60_000 });
    const ac = new AbortController();
    const call = bmc.powerOn(ac.signal);
    setImmediate(() => ac.abort(new Error('shutting down')));
    await expect(call).rejects.toThrow('shutting down');
    expect(b.calls).toEqual([]);
  });

  it('keeps passwords out of attempt records and error messages', async () => {
    const redactor = new SecretRedactor();
    const source = redactor.watch({ describe: 'test', get: async () => ({ username: 'admin', password: 'hunter2' }) });
    await source.get();
    const d = new ScriptedDriver('fake', 'fake://bmc', [new BmcError('auth', 'login admin:hunter2 rejected')]);
    const bmc = new MachineBmc('m', [d], new BmcGate({ minIntervalMs: 0 }), { ...fast, redact: (t) => redactor.redact(t) });
    const err = (await bmc.powerOn().catch((e: unknown) => e)) as BmcCallError;
    expect(err.attempts[0]?.error).toBe('login admin:*** rejected');
    expect(err.message).not.toContain('hunter2');
    expect(JSON.stringify(err.attempts)).not.toContain('hunter2');
  });
});

describe('MachineBmc.waitForPower', () => {
  it('polls until the machine reaches the target state', async () => {
    const world = new SimWorld({ timeScale: 0.001 });
    const bmc = new MachineBmc('m', [simMachine(world, 'a')], new BmcGate({ minIntervalMs: 0 }), fast);
    await bmc.powerOn();
    const on = await bmc.waitForPower('on', 5_000);
    expect(on.value.state).toBe('on');
    expect(world.status('a').power).toBe('on');
    await bmc.powerOff('graceful');
    expect((await bmc.waitForPower('off', 5_000)).value).toEqual({ state: 'off', raw: 'Off' });
  });

  it('gives up at the deadline saying what it last saw', async () => {
    const world = new SimWorld({ timeScale: 0.001 });
    const bmc = new MachineBmc('r650-03', [simMachine(world, 'a', 'stuck-on')], new BmcGate({ minIntervalMs: 0 }), fast);
    await bmc.powerOn();
    await bmc.waitForPower('on', 5_000);
    await bmc.powerOff('force');
    const err = (await bmc.waitForPower('off', 50).catch((e: unknown) => e)) as BmcCallError;
    expect(err).toBeInstanceOf(BmcCallError);
    expect(err.kind).toBe('timeout');
    expect(err.message).toBe('machine r650-03: power did not reach off within 50 ms (last seen on ("On") from sim://a)');
    expect(err.attempts.at(-1)).toMatchObject({ endpoint: 'sim://a', ok: true });
  });

  it('tolerates failed polls and reports the last failure at the deadline', async () => {
    const world = new SimWorld({ timeScale: 0.001 });
    const bmc = new MachineBmc('m', [simMachine(world, 'a', 'refuse')], new BmcGate({ minIntervalMs: 0 }), { ...fast, retries: 0 });
    const err = (await bmc.waitForPower('on', 30).catch((e: unknown) => e)) as BmcCallError;
    expect(err).toMatchObject({ name: 'BmcCallError', kind: 'busy' });
    expect(err.message).toMatch(/within 30 ms \(last poll failed: machine m: read power state failed .*sim:\/\/a: busy/);
  });

  it('close releases every driver', async () => {
    const a = new ScriptedDriver('fake', 'fake://a', []);
    const b = new ScriptedDriver('fake', 'fake://b', []);
    await new MachineBmc('m', [a, b], new BmcGate()).close();
    expect([a.closed, b.closed]).toEqual([true, true]);
  });
});
