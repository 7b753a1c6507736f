// The bench's fixture and CA loop replay on a small fleet against the real server in-process: the fleet
// comes up Running without drift, and one loop issues exactly DESIGN §2's calls in CA's numbers.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.js';
import { silentLogger } from '../../src/log.js';
import { forEachBounded, newCarry, replayCaLoop, type LoopCarry } from './ca-loop.js';
import { writeFleet, type Fleet } from './fixture.js';
import { Recorder, TimedClient } from './timed-client.js';

// 4 groups of 5; 7 Nodes over the first 3 groups (3, 2, 2): the 4th group has no live Node.
const SHAPE = { groups: 4, machinesPerGroup: 5, registeredNodes: 7, machinesPerRack: 4 };

describe('bench CA loop on a small fleet', () => {
  let dir: string;
  let fleet: Fleet;
  let app: App;
  let client: TimedClient;
  const carry: LoopCarry = newCarry();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rackscaler-bench-test-'));
    fleet = await writeFleet(dir, SHAPE);
    app = await startApp({
      configPath: fleet.configPath,
      stateFile: fleet.stateFile,
      simStateFile: fleet.simStateFile,
      grpc: { listen: '127.0.0.1:0' },
      logger: silentLogger(),
    });
    client = new TimedClient(`127.0.0.1:${app.grpcPort}`);
  });

  afterAll(async () => {
    client?.close();
    await app?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('starts with the fixture machines Running and everything else Off', () => {
    const states = app.lifecycle.machines().map(({ record }) => record.state);
    expect(states.filter((s) => s === 'Running')).toHaveLength(SHAPE.registeredNodes);
    expect(states.filter((s) => s === 'Off')).toHaveLength(SHAPE.groups * SHAPE.machinesPerGroup - SHAPE.registeredNodes);
    const perGroup = fleet.groups.map((g) => app.lifecycle.targetSize(g));
    expect(perGroup).toEqual([3, 2, 2, 0]);
  });

  it('first loop: every Node grouped, template for the empty group, a scale-up and no clean-up', async () => {
    client.recorder = new Recorder();
    const out = await replayCaLoop(client, fleet, carry, { concurrency: 1 });
    const count = (m: string) => client.recorder.count(m);
    expect(out).toMatchObject({ grouped: 7, fakeNodes: 0, templates: 1, increased: 'pool-003', decreased: undefined });
    expect([count('Refresh'), count('NodeGroups')]).toEqual([1, 1]);
    expect(count('NodeGroupForNode')).toBe(7);
    expect(count('NodeGroupTemplateNodeInfo')).toBe(1);
    expect([count('NodeGroupTargetSize'), count('NodeGroupNodes')]).toEqual([4, 4]);
    expect(count('NodeGroupGetOptions')).toBe(14);
    expect([count('NodeGroupDecreaseTargetSize'), count('NodeGroupIncreaseSize')]).toEqual([0, 1]);
    expect(app.lifecycle.targetSize('pool-003')).toBe(1);
  });

  it('next loop with 8 in flight: the unregistered instance is a fake node and the scale-up is cancelled', async () => {
    client.recorder = new Recorder();
    const out = await replayCaLoop(client, fleet, carry, { concurrency: 8 });
    expect(out).toMatchObject({ grouped: 8, fakeNodes: 1, templates: 1, increased: 'pool-003', decreased: 'pool-003' });
    expect(client.recorder.count('NodeGroupForNode')).toBe(8);
    expect(client.recorder.count('NodeGroupGetOptions')).toBe(16);
    // Cancelled then requested again: one machine PoweringOn/Booting, the cancelled one powering off.
    expect(app.lifecycle.targetSize('pool-003')).toBe(1);
    const states = app.lifecycle.machines().filter(({ record }) => record.group === 'pool-003').map(({ record }) => record.state);
    expect(states.filter((s) => s === 'PoweringOff' || s === 'Off')).toHaveLength(4);
  });

  it('forEachBounded keeps at most the limit in flight and visits every item once', async () => {
    let inFlight = 0;
    let most = 0;
    const seen: number[] = [];
    await forEachBounded([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setImmediate(r));
      seen.push(n);
      inFlight--;
    });
    expect(most).toBe(3);
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});
