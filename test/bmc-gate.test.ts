import { describe, expect, it } from 'vitest';
import { BmcGate, gateKey, type GateClock } from '../src/bmc/gate.js';

/** Virtual time: sleeping advances it; nothing waits on the wall clock. */
function virtualClock(): GateClock & { t: number } {
  const c = {
    t: 0,
    now: () => c.t,
    sleep: async (ms: number) => {
      c.t += ms;
    },
  };
  return c;
}

const tick = () => new Promise<void>((r) => setImmediate(r));

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

interface Span {
  key: string;
  n: number;
  start: number;
  end: number;
}

describe('BmcGate', () => {
  it('runs one command at a time per BMC, in arrival order, with the minimum interval between them', async () => {
    const clock = virtualClock();
    const gate = new BmcGate({ minIntervalMs: 1_000, clock });
    const spans: Span[] = [];
    const active = new Map<string, number>();
    let overlap = false;
    const command = (key: string, n: number) => async () => {
      active.set(key, (active.get(key) ?? 0) + 1);
      if ((active.get(key) ?? 0) > 1) overlap = true;
      const start = clock.now();
      await tick();
      clock.t += 10; // the BMC takes 10 ms of virtual time
      spans.push({ key, n, start, end: clock.now() });
      active.set(key, (active.get(key) ?? 0) - 1);
    };
    await Promise.all([
      ...[0, 1, 2, 3].map((n) => gate.run('a:443', command('a:443', n))),
      ...[0, 1].map((n) => gate.run('b:623', command('b:623', n))),
    ]);
    expect(overlap).toBe(false);
    for (const key of ['a:443', 'b:623']) {
      const mine = spans.filter((s) => s.key === key);
      expect(mine.map((s) => s.n)).toEqual([...mine.keys()]);
      for (let i = 1; i < mine.length; i++) {
        expect(mine[i]!.start - mine[i - 1]!.end).toBeGreaterThanOrEqual(1_000);
      }
    }
    // Another BMC is not held up by the first one's interval: b's first command ran before a's second.
    const order = spans.map((s) => `${s.key}#${s.n}`);
    expect(order.indexOf('b:623#0')).toBeLessThan(order.indexOf('a:443#1'));
  });

  it('bounds commands in flight over all BMCs and admits waiters in arrival order', async () => {
    const gate = new BmcGate({ minIntervalMs: 0, maxConcurrent: 3, clock: virtualClock() });
    const releases = Array.from({ length: 8 }, deferred);
    const started: number[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const all = releases.map((d, n) =>
      gate.run(`bmc${n}:623`, async () => {
        started.push(n);
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await d.promise;
        inFlight--;
      }),
    );
    await tick();
    expect(started).toEqual([0, 1, 2]);
    releases[1]!.resolve();
    await tick();
    await tick();
    expect(started).toEqual([0, 1, 2, 3]);
    for (const d of releases) d.resolve();
    await Promise.all(all);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(maxInFlight).toBe(3);
  });

  it('a waiter that gives up leaves the queue; the next one still runs; a failing command frees the BMC', async () => {
    const gate = new BmcGate({ minIntervalMs: 0, clock: virtualClock() });
    const first = deferred();
    const ran: string[] = [];
    const a = gate.run('x:1', async () => {
      ran.push('a');
      await first.promise;
      throw new Error('BMC said no');
    });
    const ac = new AbortController();
    const b = gate.run('x:1', async () => void ran.push('b'), ac.signal);
    const c = gate.run('x:1', async () => void ran.push('c'));
    ac.abort(new Error('caller gave up'));
    await expect(b).rejects.toThrow('caller gave up');
    first.resolve();
    await expect(a).rejects.toThrow('BMC said no');
    await c;
    expect(ran).toEqual(['a', 'c']);
  });

  it('keys endpoints by host:port', () => {
    expect(gateKey('redfish+https://10.0.0.1:8443/redfish/v1/Systems/1')).toBe('10.0.0.1:8443');
    expect(gateKey('ipmi://bmc-7')).toBe('bmc-7');
    expect(gateKey('sim://r650-01?fault=hang')).toBe('r650-01');
  });
});
