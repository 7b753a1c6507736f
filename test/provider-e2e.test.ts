// End to end over gRPC on 127.0.0.1: rackscaler started in-process on a simulated rack, driven by a
// client that calls it the way Cluster Autoscaler's externalgrpc provider does (DESIGN §2).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseDocument } from 'yaml';
import type { Instance__Output } from '../src/generated/clusterautoscaler/cloudprovider/v1/externalgrpc/Instance.js';
import { NODE_GROUP_LABEL } from '../src/template/template-node.js';
import {
  caDefaults,
  fakeNode,
  rpcFailure,
  runCaLoop,
  startWithCaClient,
  waitFor,
  type CaClient,
  type CaHarness,
  type Rpc,
  type RpcRequest,
} from './fakes/ca-client.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/e2e/rackscaler.yaml', import.meta.url));
const RELOAD_FIXTURE = fileURLToPath(new URL('./fixtures/e2e/reload.yaml', import.meta.url));
const PREFIX = 'baremetal://';

interface FixtureGroup {
  id: string;
  minSize: number;
  maxSize: number;
}
const fixture = parse(readFileSync(FIXTURE, 'utf8')) as { gpuLabel: string; nodeGroups: Array<FixtureGroup & { gpuTypes?: string[] }> };

const nameOf = (providerID: string) => providerID.slice(PREFIX.length);
const realNode = (providerID: string) => ({ providerID, name: nameOf(providerID) });

async function instances(client: CaClient, id: string): Promise<Instance__Output[]> {
  return (await client.call('NodeGroupNodes', { id })).instances;
}

async function targetSize(client: CaClient, id: string): Promise<number> {
  return (await client.call('NodeGroupTargetSize', { id })).targetSize;
}

describe.concurrent('CloudProvider over gRPC, as CA calls it', () => {
  let h: CaHarness;
  beforeAll(async () => {
    h = await startWithCaClient(FIXTURE);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const machineState = (name: string) => h.app.lifecycle.machines().find((m) => m.config.name === name)?.record;

  it('answers every one of the 15 RPCs: OK, a precise error, or UNIMPLEMENTED for pricing', async ({ expect }) => {
    // Mutations get arguments that change nothing; what matters is that each RPC is served.
    const calls: { [M in Rpc]: [RpcRequest<M>, status] } = {
      NodeGroups: [{}, status.OK],
      NodeGroupForNode: [{ node: realNode(`${PREFIX}gpu-1`) }, status.OK],
      PricingNodePrice: [{ node: realNode(`${PREFIX}gpu-1`) }, status.UNIMPLEMENTED],
      PricingPodPrice: [{}, status.UNIMPLEMENTED],
      GPULabel: [{}, status.OK],
      GetAvailableGPUTypes: [{}, status.OK],
      Cleanup: [{}, status.OK],
      Refresh: [{}, status.OK],
      NodeGroupTargetSize: [{ id: 'gpu' }, status.OK],
      NodeGroupIncreaseSize: [{ id: 'gpu', delta: 0 }, status.INVALID_ARGUMENT],
      NodeGroupDeleteNodes: [{ id: 'gpu', nodes: [] }, status.INVALID_ARGUMENT],
      NodeGroupDecreaseTargetSize: [{ id: 'gpu', delta: -1 }, status.FAILED_PRECONDITION],
      NodeGroupNodes: [{ id: 'gpu' }, status.OK],
      NodeGroupTemplateNodeInfo: [{ id: 'gpu' }, status.OK],
      NodeGroupGetOptions: [{ id: 'gpu', defaults: caDefaults() }, status.OK],
    };
    expect(h.client.rpcs()).toHaveLength(15);
    expect(Object.keys(calls).sort()).toEqual(h.client.rpcs().sort());
    for (const rpc of h.client.rpcs()) {
      const [request, expected] = calls[rpc];
      const code = await h.client.call(rpc, request as never).then(
        () => status.OK,
        (err: { code: status }) => err.code,
      );
      expect({ rpc, code: status[code] }).toEqual({ rpc, code: status[expected] });
    }
  });

  it('lists the configured groups, resolves nodes by providerID, serves GPU facts, has no pricing', async ({ expect }) => {
    const { nodeGroups } = await h.client.call('NodeGroups', {});
    expect(nodeGroups.map(({ id, minSize, maxSize }) => ({ id, minSize, maxSize }))).toEqual(
      fixture.nodeGroups.map(({ id, minSize, maxSize }) => ({ id, minSize, maxSize })),
    );

    const gpu = fixture.nodeGroups.find((g) => g.id === 'gpu')!;
    const found = await h.client.call('NodeGroupForNode', { node: realNode(`${PREFIX}gpu-2`) });
    expect(found.nodeGroup).toMatchObject({ id: 'gpu', minSize: gpu.minSize, maxSize: gpu.maxSize });
    // Not ours, or no providerID yet: OK with an empty id, never an error (DESIGN §2.6).
    for (const node of [{ providerID: 'aws:///eu-west-1a/i-0123456789', name: 'ip-10-0-0-1' }, { providerID: '', name: 'fresh-node' }, undefined]) {
      const res = await h.client.call('NodeGroupForNode', { node });
      expect(res.nodeGroup?.id ?? '').toBe('');
    }

    expect((await h.client.call('GPULabel', {})).label).toBe(fixture.gpuLabel);
    const { gpuTypes } = await h.client.call('GetAvailableGPUTypes', {});
    expect(Object.keys(gpuTypes).sort()).toEqual(fixture.nodeGroups.flatMap((g) => g.gpuTypes ?? []).sort());

    for (const rpc of ['PricingNodePrice', 'PricingPodPrice'] as const) {
      const err = await rpcFailure(h.client.call(rpc, {}));
      expect(err.code).toBe(12); // UNIMPLEMENTED, the code CA accepts for "no pricing"
    }
    await expect(h.client.call('Cleanup', {})).resolves.toEqual({});
    await expect(h.client.call('Refresh', {})).resolves.toEqual({});
  });

  it('rejects bad arguments with a status and a message naming the group, node or value', async ({ expect }) => {
    const cases: Array<[Promise<unknown>, status, string[]]> = [
      [h.client.call('NodeGroupIncreaseSize', { id: 'no-such-group', delta: 1 }), status.NOT_FOUND, ['"no-such-group"']],
      [h.client.call('NodeGroupTargetSize', { id: 'no-such-group' }), status.NOT_FOUND, ['"no-such-group"']],
      [h.client.call('NodeGroupNodes', { id: 'no-such-group' }), status.NOT_FOUND, ['"no-such-group"']],
      [h.client.call('NodeGroupTemplateNodeInfo', { id: 'no-such-group' }), status.NOT_FOUND, ['"no-such-group"']],
      [h.client.call('NodeGroupDeleteNodes', { id: 'no-such-group', nodes: [realNode(`${PREFIX}gpu-1`)] }), status.NOT_FOUND, ['"no-such-group"']],
      [h.client.call('NodeGroupIncreaseSize', { id: '', delta: 1 }), status.INVALID_ARGUMENT, ['id is empty']],
      [h.client.call('NodeGroupTargetSize', { id: '' }), status.INVALID_ARGUMENT, ['id is empty']],
      [h.client.call('NodeGroupIncreaseSize', { id: 'gpu', delta: 0 }), status.INVALID_ARGUMENT, ['"gpu"', 'got 0']],
      [h.client.call('NodeGroupIncreaseSize', { id: 'gpu', delta: -2 }), status.INVALID_ARGUMENT, ['"gpu"', 'got -2']],
      [h.client.call('NodeGroupIncreaseSize', { id: 'gpu', delta: 3 }), status.INVALID_ARGUMENT, ['"gpu"', 'delta 3', 'maxSize 2']],
      [
        h.client.call('NodeGroupDeleteNodes', { id: 'gpu', nodes: [realNode(`${PREFIX}small-3`)] }),
        status.INVALID_ARGUMENT,
        ['small-3', '"small"', '"gpu"'],
      ],
      [
        h.client.call('NodeGroupDeleteNodes', { id: 'gpu', nodes: [{ providerID: 'aws:///eu-west-1a/i-0123456789', name: 'ip-10-0-0-1' }] }),
        status.NOT_FOUND,
        ['ip-10-0-0-1', 'aws:///eu-west-1a/i-0123456789'],
      ],
      [h.client.call('NodeGroupDeleteNodes', { id: 'gpu', nodes: [] }), status.INVALID_ARGUMENT, ['"gpu"', 'no node']],
      [h.client.call('NodeGroupDeleteNodes', { id: 'gpu', nodes: [{}] }), status.INVALID_ARGUMENT, ['nodes[0]']],
      [h.client.call('NodeGroupDecreaseTargetSize', { id: 'gpu', delta: 1 }), status.INVALID_ARGUMENT, ['"gpu"', 'got 1']],
    ];
    for (const [call, code, words] of cases) {
      const err = await rpcFailure(call);
      expect({ code: status[err.code], details: err.details }).toMatchObject({ code: status[code] });
      for (const w of words) expect(err.details).toContain(w);
    }
    // None of it woke anything.
    expect(await targetSize(h.client, 'gpu')).toBe(0);
  });

  it('scales up from zero: creating instances named by providerID at once, running once booted; a CA loop sees it; scale-down', async ({
    expect,
  }) => {
    expect(await targetSize(h.client, 'small')).toBe(0);
    expect(await instances(h.client, 'small')).toEqual([]);

    await h.client.call('NodeGroupIncreaseSize', { id: 'small', delta: 2 });
    // Recorded before the answer: no waiting for hardware.
    expect(await targetSize(h.client, 'small')).toBe(2);
    const created = await instances(h.client, 'small');
    expect(created).toHaveLength(2);
    for (const inst of created) {
      expect(inst.status).toMatchObject({ instanceState: 'instanceCreating', errorInfo: null });
      const rec = machineState(nameOf(inst.id));
      expect(inst.id).toBe(`${PREFIX}${rec?.name}`);
      expect(rec).toMatchObject({ group: 'small' });
      expect(['PoweringOn', 'Booting']).toContain(rec?.state);
    }
    const ids = created.map((i) => i.id).sort();
    // Spread over the group's two racks.
    const racks = new Set(h.app.lifecycle.machines().filter((m) => ids.includes(m.config.providerID)).map((m) => m.config.rack));
    expect(racks.size).toBe(2);

    const running = await waitFor('both small instances running', async () => {
      const list = await instances(h.client, 'small');
      return list.length === 2 && list.every((i) => i.status?.instanceState === 'instanceRunning') ? list : undefined;
    });
    expect(running.map((i) => i.id).sort()).toEqual(ids);
    for (const id of ids) {
      expect(h.sim.status(nameOf(id))).toMatchObject({ power: 'on', bootedFrom: 'pxe' });
      expect(machineState(nameOf(id))?.state).toBe('Running');
    }

    const stranger = { providerID: 'aws:///eu-west-1a/i-0123456789', name: 'ip-10-0-0-1' };
    const loop = await runCaLoop(h.client, { nodes: [...ids.map(realNode), stranger] });
    expect(loop.groups.map((g) => g.id)).toEqual(fixture.nodeGroups.map((g) => g.id));
    for (const id of ids) expect(loop.groupOfNode.get(id)).toBe('small');
    expect(loop.groupOfNode.get(stranger.providerID)).toBe('');
    // Templates for the groups without a live node, each really that group's node.
    expect([...loop.templates.keys()].sort()).toEqual(fixture.nodeGroups.map((g) => g.id).filter((g) => g !== 'small').sort());
    for (const [gid, node] of loop.templates) expect(node.metadata?.labels?.[NODE_GROUP_LABEL]).toBe(gid);
    expect(loop.targetSizes.get('small')).toBe(2);
    expect(loop.instances.get('small')?.map((i) => i.id).sort()).toEqual(ids);
    // Every unregistered instance of any group (other tests run alongside) resolves to its own group.
    for (const [gid, list] of loop.instances) {
      for (const inst of list.filter((i) => !ids.includes(i.id))) expect(loop.groupOfFakeNode.get(inst.id)).toBe(gid);
    }
    const defaults = caDefaults();
    expect(loop.options.get('small')).toMatchObject({
      scaleDownUtilizationThreshold: defaults.scaleDownUtilizationThreshold,
      scaleDownUnneededDuration: { seconds: defaults.scaleDownUnneededDuration?.seconds, nanos: 0 },
      MaxNodeProvisionDuration: { seconds: defaults.MaxNodeProvisionDuration?.seconds, nanos: 0 },
    });

    // Scale-down of one running node.
    const [victim, kept] = ids as [string, string];
    await h.client.call('NodeGroupDeleteNodes', { id: 'small', nodes: [realNode(victim)] });
    expect(await targetSize(h.client, 'small')).toBe(1);
    const going = await instances(h.client, 'small');
    expect(going.find((i) => i.id === victim)?.status?.instanceState).toBe('instanceDeleting');
    expect(going.find((i) => i.id === kept)?.status?.instanceState).toBe('instanceRunning');
    await waitFor(`${victim} gone from NodeGroupNodes`, async () => {
      const list = await instances(h.client, 'small');
      return list.some((i) => i.id === victim) ? undefined : list;
    });
    expect(h.sim.status(nameOf(victim)).power).toBe('off');
    expect(machineState(nameOf(victim))?.state).toBe('Off');
    // CA may repeat a DeleteNodes (a retry after a timeout): idempotent.
    await h.client.call('NodeGroupDeleteNodes', { id: 'small', nodes: [realNode(victim)] });
    expect(await targetSize(h.client, 'small')).toBe(1);
    // DecreaseTargetSize never takes a registered node.
    const err = await rpcFailure(h.client.call('NodeGroupDecreaseTargetSize', { id: 'small', delta: -1 }));
    expect(err.code).toBe(status.FAILED_PRECONDITION);
    expect(err.details).toContain('"small"');
    expect(err.details).toContain('at most 0');
    expect(h.sim.status(nameOf(kept)).power).toBe('on');
  }, 45_000);

  it('DecreaseTargetSize cancels only requested machines that have not registered', async ({ expect }) => {
    await h.client.call('NodeGroupIncreaseSize', { id: 'slow', delta: 2 });
    expect(await targetSize(h.client, 'slow')).toBe(2);
    const requested = (await instances(h.client, 'slow')).map((i) => i.id);
    expect(requested).toHaveLength(2);

    for (const delta of [0, 1]) {
      const err = await rpcFailure(h.client.call('NodeGroupDecreaseTargetSize', { id: 'slow', delta }));
      expect(err.code).toBe(status.INVALID_ARGUMENT);
      expect(err.details).toContain(`got ${delta}`);
    }
    const tooMany = await rpcFailure(h.client.call('NodeGroupDecreaseTargetSize', { id: 'slow', delta: -3 }));
    expect(tooMany.code).toBe(status.FAILED_PRECONDITION);
    expect(tooMany.details).toContain('"slow"');
    expect(tooMany.details).toContain('at most 2');
    expect(await targetSize(h.client, 'slow')).toBe(2);

    await h.client.call('NodeGroupDecreaseTargetSize', { id: 'slow', delta: -1 });
    expect(await targetSize(h.client, 'slow')).toBe(1);
    const after = await instances(h.client, 'slow');
    const stillCreating = after.filter((i) => i.status?.instanceState === 'instanceCreating').map((i) => i.id);
    expect(stillCreating).toHaveLength(1);
    const cancelledId = requested.find((id) => !stillCreating.includes(id))!;
    // Being powered off, or already gone.
    const cancelledStates = after.filter((i) => i.id === cancelledId).map((i) => i.status?.instanceState);
    expect(cancelledStates.filter((st) => st !== 'instanceDeleting')).toEqual([]);
    expect(after.filter((i) => i.id !== cancelledId && !stillCreating.includes(i.id))).toEqual([]);
    const cancelledName = nameOf(cancelledId);
    await waitFor(`${cancelledName} off`, async () => (machineState(cancelledName)?.state === 'Off' ? true : undefined));
    expect(h.sim.has(cancelledName) ? h.sim.status(cancelledName).power : 'off').toBe('off');

    await h.client.call('NodeGroupDecreaseTargetSize', { id: 'slow', delta: -1 });
    expect(await targetSize(h.client, 'slow')).toBe(0);
    await waitFor('slow group empty', async () => ((await instances(h.client, 'slow')).length === 0 ? true : undefined));
  });

  it('reports a shortfall as creating instances with OutOfResources errorInfo, deletable as fake nodes; then RESOURCE_EXHAUSTED', async ({
    expect,
  }) => {
    await h.client.call('NodeGroupIncreaseSize', { id: 'pool', delta: 2 });
    expect(await targetSize(h.client, 'pool')).toBe(2);
    const list = await instances(h.client, 'pool');
    expect(list).toHaveLength(2);
    const machine = list.find((i) => i.id === `${PREFIX}pool-1`);
    expect(machine?.status).toMatchObject({ instanceState: 'instanceCreating', errorInfo: null });
    const short = list.find((i) => i.id !== `${PREFIX}pool-1`)!;
    expect(short.status?.instanceState).toBe('instanceCreating');
    expect(short.status?.errorInfo).toMatchObject({ errorCode: 'no-free-machine', instanceErrorClass: 1 });
    expect(short.status?.errorInfo?.errorMessage).toContain('"pool"');
    expect(short.status?.errorInfo?.errorMessage).toContain('2 cordoned');

    // CA's create-error fake node for it: resolved to the group, then deleted every loop until gone.
    const fake = fakeNode(short.id, 'create-error');
    expect((await h.client.call('NodeGroupForNode', { node: fake })).nodeGroup?.id).toBe('pool');
    await h.client.call('NodeGroupDeleteNodes', { id: 'pool', nodes: [fake] });
    expect((await instances(h.client, 'pool')).map((i) => i.id)).toEqual([`${PREFIX}pool-1`]);
    expect(await targetSize(h.client, 'pool')).toBe(1);
    await h.client.call('NodeGroupDeleteNodes', { id: 'pool', nodes: [fake] });
    expect(await targetSize(h.client, 'pool')).toBe(1);

    const err = await rpcFailure(h.client.call('NodeGroupIncreaseSize', { id: 'pool', delta: 1 }));
    expect(err.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(err.details).toContain('"pool"');
    expect(err.details).toContain('no machine can be woken');
    for (const name of ['pool-2', 'pool-3']) expect(machineState(name)).toMatchObject({ state: 'Off', wakes: [] });
  });

  it('a machine that never boots ends Failed (register-timeout, class 99); deleting its fake node powers it off and quarantines it', async ({
    expect,
  }) => {
    await h.client.call('NodeGroupIncreaseSize', { id: 'flaky', delta: 1 });
    const id = `${PREFIX}flaky-1`;
    expect((await instances(h.client, 'flaky')).map((i) => i.id)).toEqual([id]);

    const failed = await waitFor('flaky-1 to report an error', async () => {
      const [inst] = await instances(h.client, 'flaky');
      return inst?.status?.errorInfo ? inst : undefined;
    });
    expect(failed.status?.instanceState).toBe('instanceCreating');
    expect(failed.status?.errorInfo).toMatchObject({ errorCode: 'register-timeout', instanceErrorClass: 99 });
    expect(failed.status?.errorInfo?.errorMessage).toContain('flaky-1');
    expect(await targetSize(h.client, 'flaky')).toBe(1);
    // It really was powered on with a one-time PXE boot.
    expect(h.sim.status('flaky-1').bootedFrom).toBe('pxe');

    await h.client.call('NodeGroupDeleteNodes', { id: 'flaky', nodes: [fakeNode(id, 'create-error')] });
    expect(await targetSize(h.client, 'flaky')).toBe(0);
    await waitFor('flaky-1 gone', async () => ((await instances(h.client, 'flaky')).length === 0 ? true : undefined));
    expect(h.sim.status('flaky-1').power).toBe('off');
    expect(machineState('flaky-1')?.state).toBe('Off');
    expect(machineState('flaky-1')?.quarantineUntil).toBeGreaterThan(Date.now());

    const err = await rpcFailure(h.client.call('NodeGroupIncreaseSize', { id: 'flaky', delta: 1 }));
    expect(err.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(err.details).toContain('"flaky"');
    expect(err.details).toContain('1 quarantined');
  }, 45_000);
});

describe('config reload, as CA sees it', () => {
  let h: CaHarness;
  let configDir: string;
  let configPath: string;
  beforeAll(async () => {
    // The test rewrites the config, so the app gets a private copy.
    configDir = mkdtempSync(join(tmpdir(), 'rackscaler-reload-'));
    configPath = join(configDir, 'rackscaler.yaml');
    writeFileSync(configPath, readFileSync(RELOAD_FIXTURE, 'utf8'));
    h = await startWithCaClient(configPath);
  });
  afterAll(async () => {
    try {
      await h?.stop();
    } finally {
      rmSync(configDir, { recursive: true, force: true });
    }
  });

  function writeConfig(edit: (doc: ReturnType<typeof parseDocument>) => void): void {
    const doc = parseDocument(readFileSync(configPath, 'utf8'));
    edit(doc);
    writeFileSync(configPath, doc.toString());
  }

  const group = async () => (await h.client.call('NodeGroups', {})).nodeGroups.find((g) => g.id === 'reloadable');
  const groupOf = async (name: string) => (await h.client.call('NodeGroupForNode', { node: realNode(`${PREFIX}${name}`) })).nodeGroup?.id ?? '';

  it('applies a new config at the next Refresh, and not while it would drop a machine that is on', async () => {
    expect(await group()).toMatchObject({ maxSize: 2 });
    writeConfig((doc) => {
      doc.setIn(['nodeGroups', 0, 'maxSize'], 3);
      const machines = doc.getIn(['nodeGroups', 0, 'machines']) as { add(v: unknown): void };
      machines.add(doc.createNode({ name: 'rl-3', rack: 'rack-a', bmc: 'sim://rl-3', mac: '02:00:00:00:06:03' }));
    });
    expect(await h.app.reloadConfig('test')).toBe(true);
    // CA caches NodeGroups until its next Refresh; so do we.
    expect(await group()).toMatchObject({ maxSize: 2 });
    expect(await groupOf('rl-3')).toBe('');
    await h.client.call('Refresh', {});
    expect(await group()).toMatchObject({ maxSize: 3 });
    expect(await groupOf('rl-3')).toBe('reloadable');

    // Wake one machine, then remove it from the config while it is on.
    await h.client.call('NodeGroupIncreaseSize', { id: 'reloadable', delta: 1 });
    const [woken] = await instances(h.client, 'reloadable');
    const name = nameOf(woken!.id);
    writeConfig((doc) => {
      doc.setIn(['nodeGroups', 0, 'maxSize'], 2);
      const machines = doc.getIn(['nodeGroups', 0, 'machines']) as { items: Array<{ get(k: string): unknown }>; delete(i: number): void };
      machines.delete(machines.items.findIndex((m) => m.get('name') === name));
    });
    expect(await h.app.reloadConfig('test')).toBe(true);
    // Refresh still answers OK (an error would abort CA's loop), but the old config stays.
    await expect(h.client.call('Refresh', {})).resolves.toEqual({});
    expect(await group()).toMatchObject({ maxSize: 3 });
    expect(await groupOf(name)).toBe('reloadable');

    // Once the machine is Off, the next Refresh applies the pending config.
    await h.client.call('NodeGroupDecreaseTargetSize', { id: 'reloadable', delta: -1 });
    await waitFor(`${name} off`, async () =>
      h.app.lifecycle.machines().find((m) => m.config.name === name)?.record.state === 'Off' ? true : undefined,
    );
    expect(await groupOf(name)).toBe('reloadable');
    await h.client.call('Refresh', {});
    expect(await group()).toMatchObject({ maxSize: 2 });
    expect(await groupOf(name)).toBe('');
    expect(h.sim.has(name) ? h.sim.status(name).power : 'off').toBe('off');
  });
});
