// KubeCluster's API writes and drain guard against the fake API server with the real client-node.
import * as k8s from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { MachineConfig } from '../src/config/types.js';
import { KubeCluster } from '../src/kube/cluster.js';
import { silentLogger } from '../src/log.js';
import { startFakeKubeApi, type FakeKubeApi } from './fakes/kube-api/index.js';
import { kubeNode } from './fakes/sim-kubelet.js';
import { waitFor } from './helpers/wait.js';

let api: FakeKubeApi;
let cluster: KubeCluster;

const machine = (name: string): MachineConfig => ({
  name,
  group: 'pool',
  rack: 'r1',
  providerID: `baremetal://${name}`,
  bmc: [],
  credentials: undefined,
  bmcCaFile: undefined,
  macs: [],
  cordoned: false,
});
const writes = (name: string) => api.requests.filter((r) => r.method !== 'GET' && r.path === `/api/v1/nodes/${name}`);

beforeEach(async () => {
  api = await startFakeKubeApi();
  for (const n of ['m1', 'm2']) api.put(kubeNode(n, `baremetal://${n}`, true));
  api.put(kubeNode('other', undefined, true));
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(api.kubeconfigFile);
  cluster = new KubeCluster(kc, { logger: silentLogger(), backoff: { initialMs: 20, maxMs: 200 } });
  await cluster.start();
});
afterEach(async () => {
  await cluster.stop();
  await api.stop();
});

describe('lookup and onChange', () => {
  test('a Node belongs to the machine whose providerID it carries; Ready comes from the Ready condition', async () => {
    expect(cluster.lookup(machine('m1'))).toEqual({ nodeName: 'm1', ready: true });
    expect(cluster.lookup(machine('m3'))).toBeUndefined();
    let changes = 0;
    cluster.onChange(() => changes++);
    api.put(kubeNode('node-for-m3', 'baremetal://m3', false));
    await waitFor('m3 registered', () => cluster.lookup(machine('m3')));
    expect(cluster.lookup(machine('m3'))).toEqual({ nodeName: 'node-for-m3', ready: false });
    expect(changes).toBe(1);
    api.put(kubeNode('node-for-m3', 'baremetal://m3', true));
    await waitFor('m3 Ready', () => cluster.lookup(machine('m3'))?.ready);
    expect(changes).toBe(2);
  });
});

describe('cordon and deleteNode', () => {
  test('cordon sends a merge patch of spec.unschedulable; a Node CA tainted ToBeDeleted is left alone', async () => {
    await cluster.cordon(machine('m1'), 'm1');
    expect(writes('m1')).toMatchObject([{ method: 'PATCH', contentType: 'application/merge-patch+json', body: { spec: { unschedulable: true } } }]);

    const tainted = kubeNode('m2', 'baremetal://m2', true);
    api.put({ ...tainted, spec: { providerID: 'baremetal://m2', taints: [{ key: 'ToBeDeletedByClusterAutoscaler', value: '1', effect: 'NoSchedule' }] } });
    await waitFor('taint in the cache', () => cluster.state.node('m2')?.spec?.taints?.length);
    await cluster.cordon(machine('m2'), 'm2');
    expect(writes('m2')).toEqual([]);
  });

  test('deleteNode deletes by name with the cached uid as precondition; a Node already gone is fine', async () => {
    const uid = api.get('Node', undefined, 'm1')?.metadata.uid;
    await cluster.deleteNode(machine('m1'), 'm1');
    expect(writes('m1')).toMatchObject([{ method: 'DELETE', body: { preconditions: { uid } } }]);
    expect(api.get('Node', undefined, 'm1')).toBeUndefined();

    // Gone from the server but not yet from the cache: the 404 is success.
    api.failNext({ method: 'DELETE', path: '/api/v1/nodes/m2' }, 404);
    await expect(cluster.deleteNode(machine('m2'), 'm2')).resolves.toBeUndefined();
  });

  test('a refused write names the Node, the machine, the server and its answer', async () => {
    api.failNext({ method: 'PATCH', path: '/api/v1/nodes/m1' }, 403);
    await expect(cluster.cordon(machine('m1'), 'm1')).rejects.toThrow(new RegExp(`cannot cordon Node m1 \\(machine m1\\) at ${api.url}: 403 Forbidden`));
  });
});

describe('drain guard', () => {
  const pod = (name: string, nodeName: string, owner?: string) =>
    api.put({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'apps', ownerReferences: owner ? [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner, uid: 'u', controller: true }] : undefined },
      spec: { nodeName, containers: [{ name: 'c', resources: { requests: { cpu: '1' } } }] },
      status: { phase: 'Running' },
    });

  test('allowed when pods can move; refused naming the pod when one has no controller or its controller is gone', async () => {
    api.put({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-rs', namespace: 'apps' } });
    pod('web-1', 'm1', 'web-rs');
    pod('orphan', 'm2', 'deleted-rs');
    await waitFor('pods and owner cached', () => cluster.state.snapshot().podsByNode('m2').length === 1 && cluster.state.snapshot().ownerExists('apps', 'ReplicaSet', 'web-rs') && cluster.state.snapshot().podsByNode('m1').length === 1);
    expect(cluster.check([{ machine: machine('m1'), nodeName: 'm1' }])).toEqual({ allowed: true });

    const verdict = cluster.check([{ machine: machine('m1'), nodeName: 'm1' }, { machine: machine('m2'), nodeName: 'm2' }]);
    expect(verdict.allowed).toBe(false);
    expect(verdict.allowed === false && verdict.reason).toMatch(/^pod apps\/orphan on m2 .*deleted-rs/);

    pod('bare', 'm1');
    await waitFor('bare pod cached', () => cluster.state.snapshot().podsByNode('m1').length === 2);
    const bare = cluster.check([{ machine: machine('m1'), nodeName: 'm1' }]);
    expect(bare.allowed === false && bare.reason).toMatch(/^pod apps\/bare on m1 /);
  });

  test('a candidate whose Node is already gone has nothing to drain', () => {
    expect(cluster.check([{ machine: machine('m9'), nodeName: 'm9' }])).toEqual({ allowed: true });
  });
});
