// Every lifecycle transition and deadline (DESIGN §3), driven through real MachineBmc calls to
// simulated BMCs and the simulated cluster.
import { afterEach, describe, expect, it } from 'vitest';
import type { MachineRecord, MachineState, PersistedState } from '../src/lifecycle/state.js';
import { FileStateStore, type StateStore } from '../src/lifecycle/store.js';
import { FailedPreconditionError, InvalidArgumentError, NotFoundError, ResourceExhaustedError } from '../src/errors.js';
import { compileConfig } from '../src/config/load.js';
import { simConfig, startHarness, type Harness } from './helpers/lifecycle-harness.js';
import { machineRecord, reachState } from './helpers/machines.js';
import { waitFor } from './helpers/wait.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function rec(name: string): MachineRecord {
  return machineRecord(h!.lc, name);
}

function reach(name: string, state: MachineState, timeoutMs?: number): Promise<MachineRecord> {
  return reachState(() => h!.lc, name, state, timeoutMs);
}

/** The state transitions the metrics counted, as "from->to". */
async function transitions(): Promise<string[]> {
  const m = await h!.metrics.transitions.get();
  return m.values.filter((v) => v.value > 0).map((v) => `${v.labels.from}->${v.labels.to}`);
}

describe('wake path', () => {
  it('goes Off → PoweringOn → Booting → Joining → Running, PXE-booting the machine', async () => {
    h = await startHarness(simConfig({ machines: { m1: '' } }), { readyDelayMs: 20_000 });
    await h.lc.increaseSize('pool', 1);
    expect(rec('m1').state).toBe('PoweringOn');
    expect(h.lc.targetSize('pool')).toBe(1);
    expect(h.lc.instances('pool')).toEqual([{ id: 'baremetal://m1', status: 'creating' }]);
    await reach('m1', 'Booting');
    const joining = await reach('m1', 'Joining');
    expect(joining.nodeName).toBe('m1');
    expect(h.lc.instances('pool')[0]?.status).toBe('running');
    const running = await reach('m1', 'Running');
    expect(running.failures).toBe(0);
    expect(running.lastBmc?.driver).toBe('sim');
    expect(h.world.status('m1')).toMatchObject({ power: 'on', bootedFrom: 'pxe' });
    expect(await transitions()).toEqual(expect.arrayContaining(['Off->PoweringOn', 'PoweringOn->Booting', 'Booting->Joining', 'Joining->Running']));
  });

  it('fails a wake whose BMC refuses every command, parks the machine and quarantines it', async () => {
    h = await startHarness(simConfig({ machines: { bad: 'fault=refuse', good: '' } }));
    await h.lc.increaseSize('pool', 1); // "bad" sorts first
    const failed = await reach('bad', 'Failed');
    expect(failed.error).toMatchObject({ code: 'bmc-error', class: 99 });
    expect(failed.error?.message).toContain('bad');
    expect(failed.quarantineUntil).toBeGreaterThan(Date.now());
    expect(h.lc.instances('pool')).toEqual([{ id: 'baremetal://bad', status: 'creating', error: failed.error }]);
    // Quarantined: the next scale-up takes the other machine.
    await h.lc.increaseSize('pool', 1);
    expect(rec('good').state).not.toBe('Off');
  });

  it('fails with power-on-timeout when the BMC never reports On in time', async () => {
    // powerOnDelay 100 s × timeScale 0.01 = 1 s, longer than the 200 ms deadline.
    h = await startHarness(simConfig({ machines: { slow: 'powerOnDelay=100s' }, boot: '{ powerOnTimeout: 200ms, registerTimeout: 10s, readyTimeout: 10s }' }));
    await h.lc.increaseSize('pool', 1);
    const failed = await reach('slow', 'Failed');
    expect(failed.error?.code).toMatch(/power-on-timeout|bmc-error/);
    await waitFor('failed machine parked (off)', () => rec('slow').parked === true && h!.world.status('slow').power === 'off');
  });

  it('fails with register-timeout when the Node never registers, and powers the machine off', async () => {
    h = await startHarness(simConfig({ machines: { nb: 'fault=never-boots' }, boot: '{ powerOnTimeout: 5s, registerTimeout: 300ms, readyTimeout: 10s }' }));
    await h.lc.increaseSize('pool', 1);
    await reach('nb', 'Booting');
    const failed = await reach('nb', 'Failed');
    expect(failed.error).toMatchObject({ code: 'register-timeout', class: 99 });
    await waitFor('parked', () => rec('nb').parked === true);
    expect(h.world.status('nb').power).toBe('off');
  });

  it('fails with ready-timeout when the Node registers but never turns Ready', async () => {
    // Ready 100 s × 0.01 = 1 s after registering; the group allows 200 ms.
    h = await startHarness(simConfig({ machines: { nr: '' }, boot: '{ powerOnTimeout: 5s, registerTimeout: 10s, readyTimeout: 200ms }' }), {
      readyDelayMs: 100_000,
    });
    await h.lc.increaseSize('pool', 1);
    await reach('nr', 'Joining');
    const failed = await reach('nr', 'Failed');
    expect(failed.error?.code).toBe('ready-timeout');
  });

  it('detects a machine that powers off by itself while booting', async () => {
    h = await startHarness(simConfig({ machines: { dies: 'fault=powers-off&bootTime=100s' } }));
    await h.lc.increaseSize('pool', 1);
    await reach('dies', 'Booting');
    const failed = await reach('dies', 'Failed');
    expect(failed.error?.code).toBe('powered-off');
  });
});

describe('sleep path', () => {
  it('DeleteNodes of a Running node drains (graceful) to Off and frees the machine', async () => {
    h = await startHarness(simConfig({ machines: { m1: '' } }));
    await h.lc.increaseSize('pool', 1);
    await reach('m1', 'Running');
    await h.lc.deleteNodes('pool', [{ providerID: 'baremetal://m1', name: 'm1' }]);
    expect(['Draining', 'PoweringOff']).toContain(rec('m1').state);
    expect(h.lc.targetSize('pool')).toBe(0);
    expect(h.lc.instances('pool')).toEqual([{ id: 'baremetal://m1', status: 'deleting' }]);
    const off = await reach('m1', 'Off');
    expect(off.nodeName).toBeUndefined();
    expect(h.world.status('m1').power).toBe('off');
    expect(h.lc.instances('pool')).toEqual([]);
    // Idempotent: deleting it again is fine and changes nothing.
    await h.lc.deleteNodes('pool', [{ providerID: 'baremetal://m1', name: 'm1' }]);
    expect(rec('m1').state).toBe('Off');
    expect(await transitions()).toEqual(expect.arrayContaining(['Running->Draining', 'Draining->PoweringOff', 'PoweringOff->Off']));
  });

  it('forces off when a graceful shutdown does not finish in time', async () => {
    // shutdownDelay 100 s × 0.01 = 1 s; graceful allowed 100 ms.
    h = await startHarness(simConfig({ machines: { m1: 'shutdownDelay=100s' }, powerOff: '{ gracefulTimeout: 100ms, forceTimeout: 5s }' }));
    await h.lc.increaseSize('pool', 1);
    await reach('m1', 'Running');
    await h.lc.deleteNodes('pool', [{ providerID: 'baremetal://m1', name: 'm1' }]);
    await reach('m1', 'Off');
    expect(h.world.status('m1').power).toBe('off');
  });

  it('keeps retrying a machine that will not power off, recording why, never claiming it is Off', async () => {
    h = await startHarness(simConfig({ machines: { stuck: 'fault=stuck-on' }, powerOff: '{ gracefulTimeout: 50ms, forceTimeout: 50ms }' }));
    await h.lc.increaseSize('pool', 1);
    await reach('stuck', 'Running');
    await h.lc.deleteNodes('pool', [{ providerID: 'baremetal://stuck', name: 'stuck' }]);
    await waitFor('a recorded power-off problem', () => rec('stuck').lastProblem?.message.includes('power-off failed'));
    expect(rec('stuck').state).toBe('PoweringOff');
    expect(h.world.status('stuck').power).toBe('on');
  });

  it('DecreaseTargetSize cancels requested machines that have not registered, never registered ones', async () => {
    h = await startHarness(simConfig({ machines: { a: '', b: 'bootTime=1000s' } }));
    await h.lc.increaseSize('pool', 1);
    await reach('a', 'Running');
    await h.lc.increaseSize('pool', 1);
    await reach('b', 'Booting');
    await expect(h.lc.decreaseTargetSize('pool', -2)).rejects.toThrow(FailedPreconditionError);
    await expect(h.lc.decreaseTargetSize('pool', 1)).rejects.toThrow(InvalidArgumentError);
    await h.lc.decreaseTargetSize('pool', -1);
    expect(['PoweringOff', 'Off']).toContain(rec('b').state);
    expect(rec('a').state).toBe('Running');
    await reach('b', 'Off');
    expect(h.world.status('b').power).toBe('off');
    expect(h.lc.targetSize('pool')).toBe(1);
  });

  it('DeleteNodes of a Failed instance powers it off and removes it', async () => {
    h = await startHarness(simConfig({ machines: { nb: 'fault=never-boots' }, boot: '{ powerOnTimeout: 5s, registerTimeout: 200ms, readyTimeout: 10s }' }));
    await h.lc.increaseSize('pool', 1);
    await reach('nb', 'Failed');
    await h.lc.deleteNodes('pool', [{ providerID: 'baremetal://nb', name: 'baremetal://nb' }]);
    const off = await reach('nb', 'Off');
    expect(off.error).toBeUndefined();
    expect(off.quarantineUntil).toBeGreaterThan(Date.now());
    expect(h.lc.targetSize('pool')).toBe(0);
  });
});

describe('drift', () => {
  it('a Running machine powered off behind our back becomes Failed', async () => {
    h = await startHarness(simConfig({ machines: { m1: '' } }));
    await h.lc.increaseSize('pool', 1);
    await reach('m1', 'Running');
    h.world.powerOff('m1', 'force');
    const failed = await reach('m1', 'Failed');
    expect(failed.error?.code).toBe('powered-off');
    expect(failed.reason).toContain('outside rackscaler');
  });

  it('an Off machine powered on behind our back is reported, not adopted', async () => {
    h = await startHarness(simConfig({ machines: { m1: '' } }));
    h.world.powerOn('m1');
    await waitFor('drift noted', () => rec('m1').lastProblem?.message.includes('not adopted'));
    expect(rec('m1').state).toBe('Off');
    expect(h.lc.targetSize('pool')).toBe(0);
  });
});

describe('machines powered on by someone else', () => {
  it('are never chosen for a scale-up until seen off again', async () => {
    h = await startHarness(simConfig({ machines: { a: '', b: '' } }));
    h.world.powerOn('a');
    await waitFor('drift noted on a', () => rec('a').poweredOnOutside !== undefined);
    await h.lc.increaseSize('pool', 1);
    expect(rec('a').state).toBe('Off');
    expect(rec('b').state).not.toBe('Off');
    await expect(h.lc.increaseSize('pool', 1)).rejects.toThrow(/1 powered on outside rackscaler/);
    h.world.powerOff('a', 'force');
    await waitFor('a available again', () => rec('a').poweredOnOutside === undefined);
    await h.lc.increaseSize('pool', 1);
    expect(rec('a').state).not.toBe('Off');
  });

  it('a claimed machine found already on is failed without touching its power, and released untouched', async () => {
    h = await startHarness(simConfig({ machines: { a: '' } }));
    // Powered on after the last drift check and before the wake reads it.
    h.world.powerOn('a');
    await h.lc.increaseSize('pool', 1);
    const failed = await reach('a', 'Failed');
    expect(failed.error?.code).toBe('powered-on-outside');
    expect(failed.parked).toBe(true);
    await h.lc.deleteNodes('pool', [{ providerID: 'baremetal://a', name: 'baremetal://a' }]);
    expect(rec('a').state).toBe('Off');
    await h.lc.idle();
    expect(h.world.status('a').power).not.toBe('off');
    expect(h.world.status('a').bootedFrom).toBe('disk'); // never PXE-booted by us
  });
});

describe('choosing machines', () => {
  it('never wakes cordoned machines and spreads over racks', async () => {
    h = await startHarness(
      simConfig({ machines: { a1: '', a2: '', b1: '', b2: '', c1: '' }, cordoned: ['c1'], racks: { ra: ['a1', 'a2'], rb: ['b1', 'b2'], rc: ['c1'] } }),
    );
    await h.lc.increaseSize('pool', 2);
    const woken = h.lc.machines().filter((m) => m.record.state !== 'Off').map((m) => m.config.rack).sort();
    expect(woken).toEqual(['ra', 'rb']);
    await h.lc.increaseSize('pool', 2);
    expect(rec('c1').state).toBe('Off');
    // Nothing wakeable left (c1 is cordoned): refused, naming the group and why.
    await expect(h.lc.increaseSize('pool', 1)).rejects.toThrow(/node group "pool".*1 cordoned/);
  });

  it('backs an unfulfillable part of a scale-up with an OutOfResources placeholder', async () => {
    h = await startHarness(simConfig({ machines: { a: '', b: '' }, cordoned: ['b'] }));
    await h.lc.increaseSize('pool', 2);
    const instances = h.lc.instances('pool');
    expect(instances).toHaveLength(2);
    const placeholder = instances.find((i) => i.id !== 'baremetal://a')!;
    expect(placeholder.id).toBe('baremetal://pool/unfulfilled/1');
    expect(placeholder.error).toMatchObject({ code: 'no-free-machine', class: 1 });
    expect(h.lc.groupOf(placeholder.id)).toBe('pool');
    expect(h.lc.targetSize('pool')).toBe(2);
    await h.lc.deleteNodes('pool', [{ providerID: placeholder.id, name: placeholder.id }]);
    expect(h.lc.targetSize('pool')).toBe(1);
    await expect(h.lc.increaseSize('pool', 1)).rejects.toThrow(ResourceExhaustedError);
  });

  it('validates arguments and names what is wrong', async () => {
    h = await startHarness(simConfig({ machines: { a: '', b: '' }, maxSize: 1, minSize: 0 }));
    await expect(h.lc.increaseSize('nope', 1)).rejects.toThrow(NotFoundError);
    await expect(h.lc.increaseSize('pool', 0)).rejects.toThrow(/delta must be a positive integer, got 0/);
    await expect(h.lc.increaseSize('pool', 2)).rejects.toThrow(/exceeds maxSize 1/);
    await expect(h.lc.deleteNodes('pool', [{ providerID: 'baremetal://zz', name: 'zz' }])).rejects.toThrow(NotFoundError);
  });

  it('refuses deletions that would go below minSize', async () => {
    h = await startHarness(simConfig({ machines: { a: '', b: '' }, minSize: 1 }));
    await h.lc.increaseSize('pool', 1);
    await reach('a', 'Running');
    await expect(h.lc.deleteNodes('pool', [{ providerID: 'baremetal://a', name: 'a' }])).rejects.toThrow(/below minSize 1/);
    expect(rec('a').state).toBe('Running');
  });
});

describe('durability', () => {
  it('records a scale-up before acting, and acts on nothing when the record cannot be saved', async () => {
    let failSaves = false;
    h = await startHarness(simConfig({ machines: { a: '' } }), {
      store: (dir): StateStore => {
        const real = new FileStateStore(`${dir}/state.json`);
        return {
          location: real.location,
          load: () => real.load(),
          save: (s: PersistedState) => (failSaves ? Promise.reject(new Error('disk full')) : real.save(s)),
        };
      },
    });
    failSaves = true;
    await expect(h.lc.increaseSize('pool', 1)).rejects.toThrow('disk full');
    expect(rec('a').state).toBe('Off');
    expect(h.lc.targetSize('pool')).toBe(0);
    await h.lc.idle();
    expect(h.world.status('a').power).toBe('off');
    failSaves = false;
    await h.lc.increaseSize('pool', 1);
    const saved = await new FileStateStore(`${h.dir}/state.json`).load();
    expect(saved.machines.a?.state).toBe('PoweringOn');
    await waitFor('machine a powered on', () => h!.world.status('a').power !== 'off');
  });

  it('resumes a wake after a restart without pressing the power button twice', async () => {
    h = await startHarness(simConfig({ machines: { a: 'bootTime=100s' } }));
    await h.lc.increaseSize('pool', 1);
    await reach('a', 'Booting');
    const poweredAt = h.world.status('a').lastPowerChangeAt;
    const again = await h.reopen();
    const after = machineRecord(again, 'a');
    expect(after.state).toBe('Booting');
    expect(h.world.status('a').lastPowerChangeAt).toBe(poweredAt);
  });

  it('refuses a config that drops a machine that is not Off, and applies it once it is', async () => {
    h = await startHarness(simConfig({ machines: { a: '', b: '' } }));
    await h.lc.increaseSize('pool', 1);
    await reach('a', 'Running');
    const smaller = compileConfig(simConfig({ machines: { b: '' } }), 'smaller.yaml', h.registry);
    await expect(h.lc.applyConfig(smaller)).rejects.toThrow(/a is Running and was removed/);
    expect(h.lc.currentConfig.machines.has('a')).toBe(true);
    await h.lc.deleteNodes('pool', [{ providerID: 'baremetal://a', name: 'a' }]);
    await reach('a', 'Off');
    await h.lc.applyConfig(smaller);
    expect(h.lc.currentConfig.machines.has('a')).toBe(false);
  });
});
