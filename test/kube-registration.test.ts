// rackscaler serving with --kubeconfig against the fake API server (real client-node, real HTTP) and
// simulated machines whose stand-in kubelet registers Nodes by providerID; driven over gRPC the way
// Cluster Autoscaler calls it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { machineRecord, reachState } from './helpers/machines.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SimWorld } from '../providers/sim/world.js';
import { startApp, type App } from '../src/app.js';
import type { MachineState } from '../src/lifecycle/state.js';
import { silentLogger } from '../src/log.js';
import { CaClient, rpcFailure } from './fakes/ca-client.js';
import { startFakeKubeApi, type FakeKubeApi } from './fakes/kube-api/index.js';
import { kubeNode, SimKubelet } from './fakes/sim-kubelet.js';
import { waitFor } from './helpers/wait.js';

const TIME_SCALE = 0.01;
const GOOD = ['m1', 'm2', 'm3', 'm4'];
const CONFIG = `
reconcileInterval: 20ms
racks: [{ name: r1, maxConcurrentPowerOn: 8 }]
nodeGroups:
  - id: good
    minSize: 0
    maxSize: 4
    template: { capacity: { cpu: "8", memory: 32Gi, pods: "110" } }
    boot: { powerOnTimeout: 5s, registerTimeout: 10s, readyTimeout: 10s }
    powerOff: { gracefulTimeout: 5s, forceTimeout: 5s }
    machines:
${GOOD.map((m, i) => `      - { name: ${m}, rack: r1, bmc: "sim://${m}", mac: "02:00:00:00:00:0${i + 1}" }`).join('\n')}
  - id: pinned
    minSize: 0
    maxSize: 1
    template: { capacity: { cpu: "8", memory: 32Gi, pods: "110" } }
    boot: { powerOnTimeout: 5s, registerTimeout: 10s, readyTimeout: 10s }
    machines:
      - { name: p1, rack: r1, bmc: "sim://p1", mac: "02:00:00:00:02:01" }
  - id: bad
    minSize: 0
    maxSize: 1
    template: { capacity: { cpu: "8", memory: 32Gi, pods: "110" } }
    boot: { powerOnTimeout: 5s, registerTimeout: 500ms, readyTimeout: 10s }
    powerOff: { gracefulTimeout: 5s, forceTimeout: 5s }
    machines:
      - { name: b1, rack: r1, bmc: "sim://b1?fault=never-boots", mac: "02:00:00:00:01:01" }
`;

let dir: string;
let api: FakeKubeApi;
let app: App;
let client: CaClient;
let kubelet: SimKubelet;
let world: SimWorld;

const record = (name: string) => machineRecord(app.lifecycle, name);
const reach = (name: string, state: MachineState) => reachState(() => app.lifecycle, name, state);
const providerID = (m: string) => `baremetal://${m}`;
const pod = (name: string, nodeName: string, owner: { kind: string; name: string } | null) =>
  api.put({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'apps',
      ownerReferences: owner ? [{ apiVersion: 'apps/v1', kind: owner.kind, name: owner.name, uid: `uid-${owner.name}`, controller: true }] : undefined,
    },
    spec: { nodeName, containers: [{ name: 'c', resources: { requests: { cpu: '1', memory: '1Gi' } } }] },
    status: { phase: 'Running' },
  });

/** Wakes one machine of the group and returns it once Running. */
async function scaleUpOne(group: string): Promise<string> {
  const before = new Set(app.lifecycle.machines().filter((m) => m.record.state !== 'Off').map((m) => m.config.name));
  await client.call('NodeGroupIncreaseSize', { id: group, delta: 1 });
  const woken = app.lifecycle.machines().find((m) => m.config.group === group && m.record.state !== 'Off' && !before.has(m.config.name))!.config.name;
  await reach(woken, 'Running');
  return woken;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rackscaler-kube-'));
  writeFileSync(join(dir, 'rackscaler.yaml'), CONFIG);
  api = await startFakeKubeApi();
  // A node rackscaler does not manage, with room for pods that move.
  api.put(kubeNode('other', 'aws:///eu-west-1a/i-0123', true));
  api.put({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-rs', namespace: 'apps' } });
  // Bound to p1's Node before it exists, so it is in the pod cache long before p1 is Running.
  pod('precious', 'p1', null);
  app = await startApp({
    configPath: join(dir, 'rackscaler.yaml'),
    stateFile: join(dir, 'state.json'),
    simStateFile: join(dir, 'sim.json'),
    simTimeScale: TIME_SCALE,
    bmcMinIntervalMs: 0,
    kube: { kubeconfig: api.kubeconfigFile },
    grpc: { listen: '127.0.0.1:0' },
    logger: silentLogger(),
  });
  client = new CaClient(`127.0.0.1:${app.grpcPort}`);
  world = new SimWorld({ stateFile: join(dir, 'sim.json'), timeScale: TIME_SCALE });
  kubelet = new SimKubelet(api, world, [...GOOD, 'p1', 'b1'].map((id) => ({ id, providerID: providerID(id) })));
});
afterAll(async () => {
  kubelet?.stop();
  client?.close();
  await app?.stop();
  await api?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('registration by providerID', () => {
  test('scale-up: Booting until the Node registers, Joining until Ready, then Running; CA sees it by providerID', async () => {
    kubelet.holdReady = true;
    await client.call('NodeGroupIncreaseSize', { id: 'good', delta: 1 });
    const m = app.lifecycle.machines().find((x) => x.config.group === 'good' && x.record.state !== 'Off')!.config.name;
    expect(record(m).state).toMatch(/PoweringOn|Booting/);
    const joining = await reach(m, 'Joining');
    expect(joining.reason).toBe(`Node ${m} registered`);
    expect(api.get('Node', undefined, m)?.['spec']).toEqual({ providerID: providerID(m) });
    kubelet.holdReady = false;
    const running = await reach(m, 'Running');
    expect(running.reason).toBe(`Node ${m} Ready`);
    expect(record(m).nodeName).toBe(m);
    const { instances } = await client.call('NodeGroupNodes', { id: 'good' });
    expect(instances).toContainEqual(expect.objectContaining({ id: providerID(m), status: expect.objectContaining({ instanceState: 'instanceRunning' }) }));
    const forNode = await client.call('NodeGroupForNode', { node: { providerID: providerID(m), name: m } });
    expect(forNode.nodeGroup?.id).toBe('good');
  });

  test('a machine whose Node never registers fails with register-timeout, is reported with errorInfo and powered off', async () => {
    await client.call('NodeGroupIncreaseSize', { id: 'bad', delta: 1 });
    const failed = await reach('b1', 'Failed');
    expect(failed.error).toMatchObject({ code: 'register-timeout', class: 99 });
    await waitFor('b1 parked', () => record('b1').parked);
    expect(world.status('b1').power).toBe('off');
    const { instances } = await client.call('NodeGroupNodes', { id: 'bad' });
    expect(instances[0]?.status?.errorInfo?.errorCode).toBe('register-timeout');
    expect(api.get('Node', undefined, 'b1')).toBeUndefined();
  });

  test('a Node deleted while its machine runs is drift: the machine fails with node-vanished', async () => {
    const m = await scaleUpOne('good');
    api.remove('Node', undefined, m);
    const failed = await reach(m, 'Failed');
    expect(failed.error?.code).toBe('node-vanished');
    expect(failed.reason).toContain(`Node ${m} disappeared`);
  });
});

describe('scale-down', () => {
  test('a bare pod blocks: DeleteNodes answers FAILED_PRECONDITION naming the pod, and nothing is touched', async () => {
    const m = await scaleUpOne('pinned');
    const err = await rpcFailure(client.call('NodeGroupDeleteNodes', { id: 'pinned', nodes: [{ providerID: providerID(m), name: m }] }));
    expect(err.code).toBe(status.FAILED_PRECONDITION);
    expect(err.details).toContain(`pod apps/precious on ${m}`);
    expect(err.details).toContain('controller');
    expect(record(m).state).toBe('Running');
    expect(api.requests.some((r) => r.method !== 'GET' && r.path === `/api/v1/nodes/${m}`)).toBe(false);
  });

  test('allowed: the Node is cordoned (merge patch), the machine powered off, then the Node object deleted', async () => {
    const m = await scaleUpOne('good');
    pod(`web-${m}`, m, { kind: 'ReplicaSet', name: 'web-rs' });
    await client.call('NodeGroupDeleteNodes', { id: 'good', nodes: [{ providerID: providerID(m), name: m }] });
    await reach(m, 'Off');
    expect(world.status(m).power).toBe('off');
    const writes = api.requests.filter((r) => r.method !== 'GET' && r.path === `/api/v1/nodes/${m}`);
    expect(writes.map((r) => r.method)).toEqual(['PATCH', 'DELETE']);
    expect(writes[0]).toMatchObject({ contentType: 'application/merge-patch+json', body: { spec: { unschedulable: true } } });
    expect(api.get('Node', undefined, m)).toBeUndefined();
  });
});

test('read RPCs are answered from memory: the API server sees no request during a burst', async () => {
  const before = api.requests.filter((r) => !r.watch).length;
  for (let i = 0; i < 50; i++) {
    await client.call('NodeGroupNodes', { id: 'good' });
    await client.call('NodeGroupForNode', { node: { providerID: providerID('m1'), name: 'm1' } });
    await client.call('NodeGroupTargetSize', { id: 'good' });
  }
  expect(api.requests.filter((r) => !r.watch).length).toBe(before);
});
