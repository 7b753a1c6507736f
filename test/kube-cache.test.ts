// The watch caches against the fake API server with the real client-node: indexes, re-list on 410,
// restart after reset connections and failed watches, unserved resources, and start-up failures.
import * as k8s from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ClusterState } from '../src/kube/cluster-state.js';
import { WatchCache } from '../src/kube/watch-cache.js';
import { silentLogger } from '../src/log.js';
import { startFakeKubeApi, type FakeKubeApi } from './fakes/kube-api/index.js';
import { waitFor } from './helpers/wait.js';

const FAST = { initialMs: 20, maxMs: 200 };

let api: FakeKubeApi;
let kc: k8s.KubeConfig;
let state: ClusterState;

const node = (name: string, providerID?: string, ready = true): void =>
  void api.put({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name },
    spec: providerID ? { providerID } : {},
    status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  });
const pod = (name: string, nodeName: string, phase = 'Running'): void =>
  void api.put({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'apps' }, spec: { nodeName, containers: [{ name: 'c' }] }, status: { phase } });
const podNames = (nodeName: string): string[] => state.snapshot().podsByNode(nodeName).map((p) => p.metadata?.name ?? '').sort();
const lists = (path: string): number => api.requests.filter((r) => r.path === path && !r.watch && r.method === 'GET').length;

beforeEach(async () => {
  api = await startFakeKubeApi({ bookmarkIntervalMs: 50 });
  kc = new k8s.KubeConfig();
  kc.loadFromFile(api.kubeconfigFile);
  node('n1', 'baremetal://m1');
  node('n2');
  pod('web-1', 'n1');
  pod('done-1', 'n1', 'Succeeded');
  state = new ClusterState(kc, { logger: silentLogger(), backoff: FAST });
  await state.start(5_000);
});
afterEach(async () => {
  await state.stop();
  await api.stop();
});

describe('ClusterState', () => {
  test('indexes Nodes by providerID and unfinished pods by node, and follows changes', async () => {
    expect(state.nodeWithProviderID('baremetal://m1')?.metadata?.name).toBe('n1');
    expect(state.nodeWithProviderID('baremetal://m2')).toBeUndefined();
    expect(podNames('n1')).toEqual(['web-1']);

    node('n2', 'baremetal://m2');
    pod('web-2', 'n2');
    api.remove('Pod', 'apps', 'web-1');
    await waitFor('n2 indexed', () => state.nodeWithProviderID('baremetal://m2'));
    await waitFor('pods moved', () => podNames('n2').length === 1 && podNames('n1').length === 0);

    api.remove('Node', undefined, 'n1');
    await waitFor('n1 unindexed', () => state.nodeWithProviderID('baremetal://m1') === undefined);
  });

  test('after expireHistory() + dropWatches() it re-lists; what was missed, deletions included, is seen', async () => {
    const before = lists('/api/v1/nodes');
    api.dropWatches('close');
    api.remove('Node', undefined, 'n1');
    node('n3', 'baremetal://m3');
    api.expireHistory();
    await waitFor('re-listed', () => state.nodeWithProviderID('baremetal://m3') && !state.nodeWithProviderID('baremetal://m1'));
    expect(lists('/api/v1/nodes')).toBe(before + 1);
    expect(state.snapshot().nodes.map((n) => n.metadata?.name).sort()).toEqual(['n2', 'n3']);
  });

  test('a reset connection is retried: the watch resumes from its resourceVersion without a re-list', async () => {
    const before = lists('/api/v1/nodes');
    api.dropWatches('reset');
    node('n4', 'baremetal://m4');
    await waitFor('n4 seen after the reset', () => state.nodeWithProviderID('baremetal://m4'));
    expect(lists('/api/v1/nodes')).toBe(before);
  });

  test('a failed watch request (503) is retried until it succeeds', async () => {
    api.failNext({ path: '/api/v1/nodes', watch: true }, 503, 2);
    api.dropWatches('close');
    node('n5', 'baremetal://m5');
    await waitFor('n5 seen after two failed watches', () => state.nodeWithProviderID('baremetal://m5'));
    const watches = api.requests.filter((r) => r.path === '/api/v1/nodes' && r.watch);
    expect(watches.length).toBeGreaterThanOrEqual(4);
  });

  test('only scheduled, unfinished pods are listed and watched', () => {
    const podCalls = api.requests.filter((r) => r.path === '/api/v1/pods');
    expect(podCalls.length).toBeGreaterThanOrEqual(2);
    for (const r of podCalls) expect(r.query['fieldSelector']).toBe('spec.nodeName!=,status.phase!=Succeeded,status.phase!=Failed');
  });
});

describe('WatchCache', () => {
  test('a resource the server does not serve (404: the fake has no batch/v1 jobs) counts as empty and is not retried', async () => {
    // start() in beforeEach resolved, so the jobs cache is synced; it must stay quiet afterwards.
    const jobs = api.requests.filter((r) => r.path === '/apis/batch/v1/jobs');
    expect(jobs.map((r) => r.watch)).toEqual([false]);
    expect(state.snapshot().ownerExists('apps', 'Job', 'nightly')).toBe(false);
  });

  test('a first list that keeps failing rejects start() naming the resource, the server and the answer', async () => {
    api.failNext({ path: '/api/v1/nodes', watch: false }, 403, 1000);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const cache = new WatchCache(kc, { what: 'nodes', path: '/api/v1/nodes', list: () => core.listNode(), logger: silentLogger(), backoff: FAST });
    const err = await cache.start(300).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    await cache.stop();
    expect(err?.message).toContain(`cannot load nodes from ${api.url}`);
    expect(err?.message).toContain('403 Forbidden');
  });
});
