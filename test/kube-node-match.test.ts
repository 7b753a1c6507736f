// Registration fallbacks for images that cannot set spec.providerID: a Node found by system UUID or
// by the group's hostname template gets the machine's providerID (merge patch), against the fake API
// server with the real client-node; end to end through the lifecycle as Cluster Autoscaler drives it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { reachState } from './helpers/machines.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import * as k8s from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { SimWorld } from '../providers/sim/world.js';
import { startApp, type App } from '../src/app.js';
import { compileConfig } from '../src/config/load.js';
import type { Config, MachineConfig } from '../src/config/types.js';
import { KubeCluster } from '../src/kube/cluster.js';
import type { MachineState } from '../src/lifecycle/state.js';
import { createLogger, silentLogger } from '../src/log.js';
import { CaClient } from './fakes/ca-client.js';
import { startFakeKubeApi, type FakeKubeApi } from './fakes/kube-api/index.js';
import { kubeNode, SimKubelet } from './fakes/sim-kubelet.js';
import { testRegistry } from './fixtures/config/registry.js';
import { waitFor } from './helpers/wait.js';

const UUID = {
  u1: '4c4c4544-0042-3010-8051-b4c04f4b4e32',
  t1: '4c4c4544-0042-3010-8051-b4c04f4b4e33',
  p1: '4c4c4544-0042-3010-8051-b4c04f4b4e34',
};

const group = (id: string, machines: string[], registration?: string) => `
  - id: ${id}
    minSize: 0
    maxSize: 1
    template: { capacity: { cpu: "8", memory: 32Gi, pods: "110" } }
    boot: { powerOnTimeout: 5s, registerTimeout: 10s, readyTimeout: 10s }
    powerOff: { gracefulTimeout: 5s, forceTimeout: 5s }${registration === undefined ? '' : `\n    registration: ${registration}`}
    machines:
${machines.map((m) => `      - ${m}`).join('\n')}`;

// The system UUID is written upper case, as dmidecode prints it; Nodes report it lower case.
const CONFIG = `
reconcileInterval: 20ms
racks: [{ name: r1, maxConcurrentPowerOn: 8 }]
nodeGroups:${group('by-uuid', [`{ name: u1, rack: r1, bmc: "sim://u1", mac: "02:00:00:00:00:01", systemUUID: ${UUID.u1.toUpperCase()} }`], '{ match: [providerID, systemUUID] }')}${group(
  'by-name',
  ['{ name: h1, rack: r1, bmc: "sim://h1", mac: "02:00:00:00:00:02" }'],
  '{ match: [providerID, hostname], hostname: "node-{mac}" }',
)}${group('taken', [`{ name: t1, rack: r1, bmc: "sim://t1", mac: "02:00:00:00:00:03", systemUUID: ${UUID.t1} }`], '{ match: [providerID, systemUUID, hostname], hostname: "{name}" }')}${group('plain', [
  `{ name: p1, rack: r1, bmc: "sim://p1", mac: "02:00:00:00:00:04", systemUUID: ${UUID.p1} }`,
])}
`;

const nodeWrites = (api: FakeKubeApi, name: string) => api.requests.filter((r) => r.method !== 'GET' && r.path === `/api/v1/nodes/${name}`);
const spec = (api: FakeKubeApi, name: string) => api.get('Node', undefined, name)?.['spec'] as { providerID?: string } | undefined;

describe('through the lifecycle, as Cluster Autoscaler scales up', () => {
  let dir: string;
  let api: FakeKubeApi;
  let app: App;
  let client: CaClient;
  let kubelet: SimKubelet;

  const reach = (name: string, state: MachineState) => reachState(() => app.lifecycle, name, state);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rackscaler-node-match-'));
    writeFileSync(join(dir, 'rackscaler.yaml'), CONFIG);
    api = await startFakeKubeApi();
    app = await startApp({
      configPath: join(dir, 'rackscaler.yaml'),
      stateFile: join(dir, 'state.json'),
      simStateFile: join(dir, 'sim.json'),
      simTimeScale: 0.01,
      bmcMinIntervalMs: 0,
      kube: { kubeconfig: api.kubeconfigFile },
      grpc: { listen: '127.0.0.1:0' },
      logger: silentLogger(),
    });
    client = new CaClient(`127.0.0.1:${app.grpcPort}`);
    const world = new SimWorld({ stateFile: join(dir, 'sim.json'), timeScale: 0.01 });
    // Images that cannot set providerID: the Node has the machine's system UUID, or a MAC-derived name.
    kubelet = new SimKubelet(api, world, [
      { id: 'u1', providerID: undefined, nodeName: 'u1-host', systemUUID: UUID.u1 },
      { id: 'h1', providerID: undefined, nodeName: 'node-020000000002' },
    ]);
  });
  afterAll(async () => {
    kubelet?.stop();
    client?.close();
    await app?.stop();
    await api?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a Node with no providerID but the machine system UUID: Running, and its spec.providerID is set by merge patch', async () => {
    await client.call('NodeGroupIncreaseSize', { id: 'by-uuid', delta: 1 });
    const running = await reach('u1', 'Running');
    expect(running.nodeName).toBe('u1-host');
    const uid = api.get('Node', undefined, 'u1-host')?.metadata.uid;
    await waitFor('providerID set', () => spec(api, 'u1-host')?.providerID);
    expect(spec(api, 'u1-host')?.providerID).toBe('baremetal://u1');
    const patches = nodeWrites(api, 'u1-host').filter((r) => r.method === 'PATCH');
    expect(patches).toEqual([
      expect.objectContaining({ contentType: 'application/merge-patch+json', body: { metadata: { uid }, spec: { providerID: 'baremetal://u1' } } }),
    ]);
    const forNode = await client.call('NodeGroupForNode', { node: { providerID: 'baremetal://u1', name: 'u1-host' } });
    expect(forNode.nodeGroup?.id).toBe('by-uuid');
  });

  test('a Node named by the hostname template ("node-{mac}"): Running, providerID set', async () => {
    await client.call('NodeGroupIncreaseSize', { id: 'by-name', delta: 1 });
    expect((await reach('h1', 'Running')).nodeName).toBe('node-020000000002');
    await waitFor('providerID set', () => spec(api, 'node-020000000002')?.providerID);
    expect(spec(api, 'node-020000000002')?.providerID).toBe('baremetal://h1');
    expect(nodeWrites(api, 'node-020000000002').map((r) => r.method)).toEqual(['PATCH']);
  });
});

describe('KubeCluster resolution', () => {
  let api: FakeKubeApi;
  let cluster: KubeCluster;
  let config: Config;
  let logs: Array<Record<string, unknown>>;

  const machine = (name: string): MachineConfig => config.machines.get(name)!;

  beforeEach(async () => {
    config = compileConfig(CONFIG, 'rackscaler.yaml', testRegistry());
    api = await startFakeKubeApi();
    logs = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        logs.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(api.kubeconfigFile);
    cluster = new KubeCluster(kc, { logger: createLogger({ level: 'info', destination: sink }), backoff: { initialMs: 20, maxMs: 200 } });
  });
  afterEach(async () => {
    await cluster.stop();
    await api.stop();
  });

  test('after the patch the providerID index finds the Node; a failed patch is retried', async () => {
    api.put(kubeNode('u1-host', undefined, true, UUID.u1));
    api.failNext({ method: 'PATCH', path: '/api/v1/nodes/u1-host' }, 500);
    await cluster.start();
    expect(cluster.lookup(machine('u1'))).toEqual({ nodeName: 'u1-host', ready: true });
    await waitFor('providerID in the cache', () => cluster.state.node('u1-host')?.spec?.providerID);
    expect(nodeWrites(api, 'u1-host').map((r) => r.method)).toEqual(['PATCH', 'PATCH']);
    expect(logs.filter((l) => l['msg'] === 'node spec.providerID set')).toHaveLength(1);
    expect(logs.some((l) => String(l['msg']).startsWith('cannot set spec.providerID of Node u1-host (machine u1)'))).toBe(true);
    // Found by providerID alone now, even for a machine config that allows nothing else.
    expect(cluster.lookup({ ...machine('u1'), registration: { match: ['providerID'], nodeName: undefined } })).toEqual({ nodeName: 'u1-host', ready: true });
    expect(nodeWrites(api, 'u1-host')).toHaveLength(2);
  });

  test('a Node carrying someone else’s providerID is not claimed, by system UUID or by name; warned once naming both', async () => {
    api.put(kubeNode('t1', 'aws:///eu-west-1a/i-0123', true, UUID.t1));
    await cluster.start();
    expect(cluster.lookup(machine('t1'))).toBeUndefined();
    expect(cluster.lookup(machine('t1'))).toBeUndefined();
    await cluster.cordon(machine('t1'), 't1');
    await cluster.deleteNode(machine('t1'), 't1');
    expect(nodeWrites(api, 't1')).toEqual([]);
    const warnings = logs.filter((l) => l['level'] === 40 && l['machine'] === 't1');
    expect(warnings.map((w) => w['msg'])).toEqual([
      'Node t1 matches machine t1 by systemUUID but carries providerID aws:///eu-west-1a/i-0123, not baremetal://t1; leaving it alone',
    ]);
  });

  test('a group without registration matches by providerID only, exactly as before', async () => {
    api.put(kubeNode('p1', undefined, true, UUID.p1));
    await cluster.start();
    expect(machine('p1').registration).toEqual({ match: ['providerID'], nodeName: undefined });
    expect(cluster.lookup(machine('p1'))).toBeUndefined();
    expect(cluster.check([{ machine: machine('p1'), nodeName: 'p1' }])).toEqual({ allowed: true });
    api.put(kubeNode('p1-elsewhere', 'baremetal://p1', false));
    await waitFor('p1 registered', () => cluster.lookup(machine('p1')));
    expect(cluster.lookup(machine('p1'))).toEqual({ nodeName: 'p1-elsewhere', ready: false });
    expect(nodeWrites(api, 'p1')).toEqual([]);
  });

  test('cordon and deleteNode find a Node the same way as lookup', async () => {
    api.put(kubeNode('node-020000000002', undefined, true));
    await cluster.start();
    await cluster.cordon(machine('h1'), 'node-020000000002');
    await cluster.deleteNode(machine('h1'), 'node-020000000002');
    // The providerID patch runs beside these, so only what each call sent is compared, not the order.
    const writes = nodeWrites(api, 'node-020000000002');
    expect(writes.filter((r) => r.method === 'PATCH').map((r) => r.body)).toContainEqual({ spec: { unschedulable: true } });
    expect(writes.filter((r) => r.method === 'DELETE')).toHaveLength(1);
    expect(api.get('Node', undefined, 'node-020000000002')).toBeUndefined();
  });
});
