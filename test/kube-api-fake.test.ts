// The fake Kubernetes API server, driven by the real @kubernetes/client-node 1.4 over HTTP on 127.0.0.1.
import * as k8s from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startFakeKubeApi, type FakeKubeApi, type StatusBody } from './fakes/kube-api/index.js';
import { waitFor } from './helpers/wait.js';

const NS = 'rackscaler';

let api: FakeKubeApi;
let kc: k8s.KubeConfig;
let core: k8s.CoreV1Api;

beforeEach(async () => {
  api = await startFakeKubeApi({ bookmarkIntervalMs: 50 });
  kc = new k8s.KubeConfig();
  kc.loadFromFile(api.kubeconfigFile);
  core = kc.makeApiClient(k8s.CoreV1Api);
});
afterEach(async () => {
  await api.stop();
});

/** The rejection as client-node raises it: ApiException with the HTTP code and the Status JSON as a string body. */
async function apiError(p: Promise<unknown>): Promise<{ code: number; status: StatusBody }> {
  const err: unknown = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(k8s.ApiException);
  const e = err as k8s.ApiException<string>;
  expect(typeof e.body).toBe('string');
  return { code: e.code, status: JSON.parse(e.body) as StatusBody };
}

const names = (objs: readonly { metadata?: { name?: string } }[]): string[] => objs.map((o) => o.metadata?.name ?? '').sort();

describe('connection', () => {
  test('the kubeconfig reaches the plain-http server with its token; without the token a 401 Status', async () => {
    await core.listNode();
    expect(api.requests.at(-1)).toMatchObject({ method: 'GET', path: '/api/v1/nodes', authorized: true });

    const anonymous = await fetch(`${api.url}/api/v1/nodes`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Unauthorized', code: 401 });
    expect(JSON.stringify(api.requests)).not.toContain(api.token);
  });

  test('client-node refuses http:// without insecure-skip-tls-verify', async () => {
    const strict = new k8s.KubeConfig();
    strict.loadFromClusterAndUser({ name: 'c', server: api.url, skipTLSVerify: false }, { name: 'u', token: api.token });
    await expect(strict.makeApiClient(k8s.CoreV1Api).listNode()).rejects.toThrow(/HTTP protocol is not allowed/);
  });

  test('discovery serves what KubernetesObjectApi looks up', async () => {
    api.put({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'l', namespace: NS } });
    const generic = k8s.KubernetesObjectApi.makeApiClient(kc);
    const lease = await generic.read({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'l', namespace: NS } });
    expect(lease.metadata?.uid).toBe(api.get('Lease', NS, 'l')?.metadata.uid);
    expect(api.requests.map((r) => r.path)).toContain('/apis/coordination.k8s.io/v1');
  });
});

describe('CRUD of every served resource through the typed clients', () => {
  type Obj = { metadata?: k8s.V1ObjectMeta };
  type Call = (param: object) => Promise<Obj>;
  const cases: { kind: string; namespaced: boolean; client: () => object; body?: object }[] = [
    { kind: 'Node', namespaced: false, client: () => core },
    { kind: 'Namespace', namespaced: false, client: () => core },
    { kind: 'Pod', namespaced: true, client: () => core, body: { spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
    { kind: 'ConfigMap', namespaced: true, client: () => core, body: { data: { state: '{}' } } },
    { kind: 'Secret', namespaced: true, client: () => core, body: { stringData: { password: 'hunter2' } } },
    { kind: 'Event', namespaced: true, client: () => core, body: { involvedObject: { kind: 'Node', name: 'n1' }, reason: 'Woken' } },
    { kind: 'PodDisruptionBudget', namespaced: true, client: () => kc.makeApiClient(k8s.PolicyV1Api), body: { spec: { selector: {} } } },
    { kind: 'ReplicaSet', namespaced: true, client: () => kc.makeApiClient(k8s.AppsV1Api) },
    { kind: 'DaemonSet', namespaced: true, client: () => kc.makeApiClient(k8s.AppsV1Api) },
    { kind: 'StatefulSet', namespaced: true, client: () => kc.makeApiClient(k8s.AppsV1Api) },
    { kind: 'Deployment', namespaced: true, client: () => kc.makeApiClient(k8s.AppsV1Api) },
    { kind: 'Lease', namespaced: true, client: () => kc.makeApiClient(k8s.CoordinationV1Api), body: { spec: { holderIdentity: 'a' } } },
  ];

  test.each(cases)('$kind: create, read, list, replace, 409 AlreadyExists, delete, 404', async ({ kind, namespaced, client, body }) => {
    // client-node names them createNode/createNamespacedPod…; params are objects: { name, namespace, body }.
    const c = client() as unknown as Record<string, Call>;
    const call = (verb: string, param: object): Promise<Obj> =>
      c[`${verb}${namespaced ? 'Namespaced' : ''}${kind}`]!.call(c, namespaced ? { namespace: NS, ...param } : param);
    const name = `${kind.toLowerCase()}-1`;

    const created = await call('create', { body: { metadata: { name, labels: { v: '1' } }, ...body } });
    expect(created.metadata).toMatchObject({ name, ...(namespaced ? { namespace: NS } : {}) });
    expect(created.metadata?.uid).toBeTruthy();
    const read = await call('read', { name });
    expect(read.metadata?.resourceVersion).toBe(created.metadata?.resourceVersion);
    const listed = (await call('list', {})) as { items: Obj[]; metadata?: { resourceVersion?: string } };
    expect(names(listed.items)).toEqual([name]);
    expect(Number(listed.metadata?.resourceVersion)).toBeGreaterThanOrEqual(Number(created.metadata?.resourceVersion));

    read.metadata!.labels = { v: '2' };
    const replaced = await call('replace', { name, body: read });
    expect(replaced.metadata?.labels).toEqual({ v: '2' });
    expect(replaced.metadata?.uid).toBe(created.metadata?.uid);
    expect(Number(replaced.metadata?.resourceVersion)).toBeGreaterThan(Number(created.metadata?.resourceVersion));

    const dup = await apiError(call('create', { body: { metadata: { name }, ...body } }));
    expect(dup).toMatchObject({ code: 409, status: { reason: 'AlreadyExists' } });

    await call('delete', { name });
    const gone = await apiError(call('read', { name }));
    expect(gone).toMatchObject({ code: 404, status: { kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404 } });
    expect(gone.status.message).toContain(`"${name}" not found`);
  });

  test('Secret stringData is stored as base64 data, as the real server does', async () => {
    await core.createNamespacedSecret({ namespace: NS, body: { metadata: { name: 'bmc' }, stringData: { password: 'hunter2' } } });
    const s = await core.readNamespacedSecret({ namespace: NS, name: 'bmc' });
    expect(s.stringData).toBeUndefined();
    expect(Buffer.from(s.data?.['password'] ?? '', 'base64').toString()).toBe('hunter2');
  });
});

describe('list with selectors', () => {
  beforeEach(() => {
    const pod = (ns: string, name: string, node: string, labels: Record<string, string>, phase = 'Running'): void =>
      void api.put({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, labels }, spec: { nodeName: node }, status: { phase } });
    pod(NS, 'web-1', 'n1', { app: 'web', tier: 'front' });
    pod(NS, 'web-2', 'n2', { app: 'web' });
    pod(NS, 'db-1', 'n1', { app: 'db' }, 'Succeeded');
    pod('other', 'web-3', 'n1', { app: 'web' });
    for (const [n, zone] of [['n1', 'a'], ['n2', 'b'], ['n3', undefined]] as const) {
      api.put({ apiVersion: 'v1', kind: 'Node', metadata: { name: n, labels: zone ? { zone } : {} } });
    }
  });

  test('labelSelector: =, !=, exists, !exists, in', async () => {
    const pods = async (labelSelector: string): Promise<string[]> => names((await core.listNamespacedPod({ namespace: NS, labelSelector })).items);
    expect(await pods('app=web')).toEqual(['web-1', 'web-2']);
    expect(await pods('app!=web')).toEqual(['db-1']);
    expect(await pods('tier')).toEqual(['web-1']);
    expect(await pods('!tier')).toEqual(['db-1', 'web-2']);
    expect(await pods('app in (db, web),tier')).toEqual(['web-1']);
    expect(names((await core.listNode({ labelSelector: 'zone' })).items)).toEqual(['n1', 'n2']);
    expect(names((await core.listNode({ labelSelector: 'zone!=a' })).items)).toEqual(['n2', 'n3']);
  });

  test('fieldSelector: spec.nodeName and status.phase across namespaces, metadata.name on nodes; others 400', async () => {
    const onN1 = await core.listPodForAllNamespaces({ fieldSelector: 'spec.nodeName=n1,status.phase!=Succeeded' });
    expect(onN1.items.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`).sort()).toEqual(['other/web-3', `${NS}/web-1`]);
    expect(api.requests.at(-1)).toMatchObject({ path: '/api/v1/pods', query: { fieldSelector: 'spec.nodeName=n1,status.phase!=Succeeded' } });
    expect(names((await core.listNode({ fieldSelector: 'metadata.name=n2' })).items)).toEqual(['n2']);
    const bad = await apiError(core.listNode({ fieldSelector: 'spec.providerID=x' }));
    expect(bad).toMatchObject({ code: 400, status: { reason: 'BadRequest', message: 'field label not supported: spec.providerID' } });
    // limit/continue are accepted and ignored: everything comes in one page.
    expect((await core.listNode({ limit: 1 })).items).toHaveLength(3);
  });
});

describe('watch', () => {
  type Seen = { type: string; name: string | undefined; rv: string | undefined; code?: number; reason?: string };
  function watchConfigMaps(query: Record<string, string | number | boolean>): { seen: Seen[]; done: Promise<unknown>; stop: () => void } {
    const seen: Seen[] = [];
    let finish: (e: unknown) => void = () => undefined;
    const done = new Promise((r) => (finish = r));
    const req = new k8s.Watch(kc).watch(
      `/api/v1/namespaces/${NS}/configmaps`,
      query,
      (type: string, obj: { metadata?: { name?: string; resourceVersion?: string }; code?: number; reason?: string }) =>
        seen.push({ type, name: obj.metadata?.name, rv: obj.metadata?.resourceVersion, code: obj.code, reason: obj.reason }),
      (err) => finish(err),
    );
    return { seen, done, stop: () => void req.then((c) => c.abort()) };
  }

  test('ADDED, MODIFIED, DELETED in order, then periodic BOOKMARKs at the current resourceVersion', async () => {
    api.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'before', namespace: NS } });
    const w = watchConfigMaps({ resourceVersion: api.resourceVersion(), allowWatchBookmarks: true });
    await waitFor('watch open', () => api.openWatches() === 1);
    const cm = await core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: 'state' }, data: { a: '1' } } });
    await core.replaceNamespacedConfigMap({ namespace: NS, name: 'state', body: { ...cm, data: { a: '2' } } });
    api.put({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'not-a-configmap', namespace: NS } });
    await core.deleteNamespacedConfigMap({ namespace: NS, name: 'state' });
    const bookmark = await waitFor('a bookmark', () => w.seen.find((e) => e.type === 'BOOKMARK'));
    w.stop();

    const changes = w.seen.filter((e) => e.type !== 'BOOKMARK');
    expect(changes.map((e) => `${e.type} ${e.name}`)).toEqual(['ADDED state', 'MODIFIED state', 'DELETED state']);
    const rvs = changes.map((e) => Number(e.rv));
    expect(rvs).toEqual([...rvs].sort((a, b) => a - b));
    expect(bookmark.rv).toBe(api.resourceVersion());
  });

  test('without resourceVersion: ADDED for what exists; a labelSelector watch sees objects enter and leave', async () => {
    api.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: NS, labels: { owner: 'rackscaler' } } });
    api.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b', namespace: NS } });
    const w = watchConfigMaps({ labelSelector: 'owner=rackscaler' });
    await waitFor('initial ADDED', () => w.seen.length === 1);
    api.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: NS } });
    api.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b', namespace: NS, labels: { owner: 'rackscaler' } } });
    await waitFor('two transitions', () => w.seen.length === 3);
    w.stop();
    expect(w.seen.map((e) => `${e.type} ${e.name}`)).toEqual(['ADDED a', 'DELETED a', 'ADDED b']);
  });

  test('a resourceVersion older than the history gets an ERROR event with a 410 Expired Status and the stream ends', async () => {
    const old = api.resourceVersion();
    api.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: NS } });
    api.expireHistory();
    const w = watchConfigMaps({ resourceVersion: old });
    expect(await w.done).toBeNull();
    expect(w.seen).toEqual([{ type: 'ERROR', name: undefined, rv: undefined, code: 410, reason: 'Expired' }]);
  });

  test('history is bounded: past historyLimit changes, the oldest resourceVersions expire on their own', async () => {
    const small = await startFakeKubeApi({ historyLimit: 2 });
    try {
      const from = small.resourceVersion();
      for (const name of ['a', 'b', 'c']) small.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: NS } });
      const smallKc = new k8s.KubeConfig();
      smallKc.loadFromFile(small.kubeconfigFile);
      const events: string[] = [];
      const ended = new Promise((done) => void new k8s.Watch(smallKc).watch(`/api/v1/namespaces/${NS}/configmaps`, { resourceVersion: from }, (type) => events.push(type), done));
      expect(await ended).toBeNull();
      expect(events).toEqual(['ERROR']);
    } finally {
      await small.stop();
    }
  });

  test('a watch from a retained resourceVersion replays what it missed; timeoutSeconds ends the stream', async () => {
    const from = api.resourceVersion();
    api.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'missed', namespace: NS } });
    const w = watchConfigMaps({ resourceVersion: from, timeoutSeconds: 1 });
    expect(await w.done).toBeNull();
    expect(w.seen.map((e) => `${e.type} ${e.name}`)).toEqual(['ADDED missed']);
  });
});

describe('client-node informer (ListWatch) against dropped streams and 410', () => {
  type Informer = k8s.Informer<k8s.V1Node> & k8s.ObjectCache<k8s.V1Node>;
  let informer: Informer;
  let log: string[];
  const node = (name: string): void => void api.put({ apiVersion: 'v1', kind: 'Node', metadata: { name } });
  const lists = (): number => api.requests.filter((r) => r.path === '/api/v1/nodes' && !r.watch).length;
  const watchesFrom = (): string[] => api.requests.filter((r) => r.path === '/api/v1/nodes' && r.watch).map((r) => r.query['resourceVersion'] ?? '');

  beforeEach(async () => {
    node('n1');
    node('n2');
    log = [];
    informer = k8s.makeInformer(kc, '/api/v1/nodes', () => core.listNode());
    for (const verb of ['add', 'update', 'delete'] as const) informer.on(verb, (n) => log.push(`${verb} ${n.metadata?.name}`));
    informer.on('error', (e) => log.push(`error ${String(e)}`));
    await informer.start();
    await waitFor('watch open', () => api.openWatches() === 1);
  });
  afterEach(async () => {
    await informer.stop();
  });

  test('a cleanly closed stream is resumed from the last resourceVersion, without a re-list', async () => {
    const rv = api.resourceVersion();
    api.dropWatches('close');
    node('n3'); // happens while no watch is open
    await waitFor('n3 in the cache', () => informer.get('n3'));
    expect(lists()).toBe(1);
    expect(watchesFrom()).toEqual([rv, rv]);
    expect(log).toEqual(['add n1', 'add n2', 'add n3']);
  });

  test('after expireHistory() + dropWatches() the 410 ERROR makes it re-list; deletions missed are reported', async () => {
    const rv = api.resourceVersion();
    api.dropWatches('close');
    api.remove('Node', undefined, 'n1');
    node('n4');
    api.expireHistory();
    await waitFor('re-listed cache', () => informer.get('n4') && !informer.get('n1'));
    await waitFor('watch re-opened', () => api.openWatches() === 1);
    expect(names(informer.list())).toEqual(names(api.list('Node')));
    expect(lists()).toBe(2);
    // first watch, the resumed one that got 410, then a fresh one from the re-list's resourceVersion
    expect(watchesFrom()).toEqual([rv, rv, api.resourceVersion()]);
    expect(log).toEqual(['add n1', 'add n2', 'delete n1', 'add n4']);
  });

  test('a reset connection is an error: the informer reports it and stops until start() is called again', async () => {
    api.dropWatches('reset');
    await waitFor('error reported', () => log.some((l) => l.startsWith('error')));
    expect(api.openWatches()).toBe(0);
    node('n5');
    await informer.start();
    await waitFor('n5 in the cache', () => informer.get('n5'));
    expect(lists()).toBe(1);
  });

  test('a failed watch request (503) is an error too: no retry by the informer', async () => {
    api.failNext({ path: '/api/v1/nodes', watch: true }, 503);
    api.dropWatches('close');
    await waitFor('error reported', () => log.some((l) => l.startsWith('error')));
    expect(api.openWatches()).toBe(0);
    expect(api.requests.at(-1)).toMatchObject({ watch: true });
  });
});

describe('patch', () => {
  beforeEach(() => {
    api.put({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'n1', labels: { zone: 'a' } },
      spec: { taints: [{ key: 'a', effect: 'NoSchedule' }, { key: 'b', effect: 'NoSchedule' }] },
      status: { conditions: [{ type: 'Ready', status: 'False' }, { type: 'DiskPressure', status: 'False' }] },
    });
  });

  test('patchNode sends JSON Patch by default; merge patch needs setHeaderOptions("Content-Type", PatchStrategy.MergePatch)', async () => {
    const jp = await core.patchNode({ name: 'n1', body: [{ op: 'add', path: '/metadata/labels/rackscaler~1group', value: 'rack-1' }] });
    expect(jp.metadata?.labels).toEqual({ zone: 'a', 'rackscaler/group': 'rack-1' });
    expect(api.requests.at(-1)?.contentType).toBe('application/json-patch+json');

    const merge = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch);
    const mp = await core.patchNode({ name: 'n1', body: { metadata: { labels: { zone: null } }, spec: { unschedulable: true } } }, merge);
    expect(mp.metadata?.labels).toEqual({ 'rackscaler/group': 'rack-1' });
    expect(mp.spec?.unschedulable).toBe(true);
    expect(api.requests.at(-1)?.contentType).toBe('application/merge-patch+json');
  });

  test('JSON Patch into a missing map is 422, a failed test op is 422', async () => {
    api.put({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'bare' } });
    const missing = await apiError(core.patchNode({ name: 'bare', body: [{ op: 'add', path: '/metadata/annotations/x', value: 'y' }] }));
    expect(missing.code).toBe(422);
    const test = [{ op: 'test', path: '/spec/unschedulable', value: true }, { op: 'remove', path: '/spec/taints' }];
    expect((await apiError(core.patchNode({ name: 'n1', body: test }))).code).toBe(422);
    expect(api.get('Node', undefined, 'n1')?.['spec']).toHaveProperty('taints');
  });

  test('strategic merge: conditions merge by type on /status, taints are replaced whole (atomic upstream)', async () => {
    const strategic = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch);
    const st = await core.patchNodeStatus({ name: 'n1', body: { status: { conditions: [{ type: 'Ready', status: 'True' }] } } }, strategic);
    expect(st.status?.conditions?.map((c) => `${c.type}=${c.status}`)).toEqual(['Ready=True', 'DiskPressure=False']);
    const sp = await core.patchNode({ name: 'n1', body: { spec: { taints: [{ key: 'c', effect: 'NoExecute' }] } } }, strategic);
    expect(sp.spec?.taints?.map((t) => t.key)).toEqual(['c']);
  });

  test('status is its own subresource: a patch of the node keeps status, a patch of /status keeps the rest', async () => {
    const merge = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch);
    const main = await core.patchNode({ name: 'n1', body: { status: { conditions: [] }, metadata: { labels: { x: 'y' } } } }, merge);
    expect(main.status?.conditions).toHaveLength(2);
    const status = await core.patchNodeStatus({ name: 'n1', body: { status: { conditions: [] }, metadata: { labels: { z: 'w' } } } }, merge);
    expect(status.status?.conditions).toEqual([]);
    expect(status.metadata?.labels).toEqual({ zone: 'a', x: 'y' });
  });

  test('a resourceVersion inside a patch is a precondition: stale → 409 Conflict', async () => {
    const stale = api.resourceVersion();
    api.put({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } });
    const merge = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch);
    const e = await apiError(core.patchNode({ name: 'n1', body: { metadata: { resourceVersion: stale, labels: { a: 'b' } } } }, merge));
    expect(e).toMatchObject({ code: 409, status: { reason: 'Conflict' } });
  });

  test('an unsupported patch type is 415', async () => {
    const apply = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.ServerSideApply);
    expect((await apiError(core.patchNode({ name: 'n1', body: {}, fieldManager: 'rackscaler' }, apply))).code).toBe(415);
  });
});

describe('optimistic concurrency', () => {
  test('replace with a stale resourceVersion: 409 Conflict naming the object; delete preconditions likewise', async () => {
    const v1 = await core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: 'rackscaler-state' }, data: { gen: '1' } } });
    await core.replaceNamespacedConfigMap({ namespace: NS, name: 'rackscaler-state', body: { ...v1, data: { gen: '2' } } });
    const e = await apiError(core.replaceNamespacedConfigMap({ namespace: NS, name: 'rackscaler-state', body: { ...v1, data: { gen: '3' } } }));
    expect(e.code).toBe(409);
    expect(e.status).toMatchObject({ reason: 'Conflict', details: { name: 'rackscaler-state', kind: 'configmaps' } });
    expect(e.status.message).toContain('configmaps "rackscaler-state": the object has been modified');
    const del = core.deleteNamespacedConfigMap({ namespace: NS, name: 'rackscaler-state', body: { preconditions: { resourceVersion: v1.metadata?.resourceVersion } } });
    expect((await apiError(del)).code).toBe(409);
    expect(api.get('ConfigMap', NS, 'rackscaler-state')?.['data']).toEqual({ gen: '2' });
  });

  test('Lease: two replicas race to renew, the stale one gets 409; renewTime must be a MicroTime', async () => {
    const leases = kc.makeApiClient(k8s.CoordinationV1Api);
    const spec = { holderIdentity: 'replica-a', leaseDurationSeconds: 15, acquireTime: new k8s.V1MicroTime(), renewTime: new k8s.V1MicroTime() };
    await leases.createNamespacedLease({ namespace: NS, body: { metadata: { name: 'rackscaler' }, spec } });
    const seenByA = await leases.readNamespacedLease({ namespace: NS, name: 'rackscaler' });
    const seenByB = await leases.readNamespacedLease({ namespace: NS, name: 'rackscaler' });

    seenByA.spec!.renewTime = new k8s.V1MicroTime();
    await leases.replaceNamespacedLease({ namespace: NS, name: 'rackscaler', body: seenByA });
    seenByB.spec!.holderIdentity = 'replica-b';
    const lost = await apiError(leases.replaceNamespacedLease({ namespace: NS, name: 'rackscaler', body: seenByB }));
    expect(lost).toMatchObject({ code: 409, status: { reason: 'Conflict', details: { group: 'coordination.k8s.io', kind: 'leases' } } });
    expect(api.get('Lease', NS, 'rackscaler')?.['spec']).toMatchObject({ holderIdentity: 'replica-a' });

    // A plain Date serializes with milliseconds, which a real server's MicroTime decoder rejects.
    const fresh = await leases.readNamespacedLease({ namespace: NS, name: 'rackscaler' });
    fresh.spec!.renewTime = new Date() as k8s.V1MicroTime;
    const bad = await apiError(leases.replaceNamespacedLease({ namespace: NS, name: 'rackscaler', body: fresh }));
    expect(bad.code).toBe(400);
    expect(bad.status.message).toContain('spec.renewTime');
  });
});

describe('eviction', () => {
  const pod = (name: string, labels: Record<string, string>, phase = 'Running'): void =>
    void api.put({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: NS, labels }, spec: { nodeName: 'n1' }, status: { phase } });
  const pdb = (disruptionsAllowed: number): void =>
    void api.put({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web', namespace: NS }, spec: { selector: { matchLabels: { app: 'web' } } }, status: { disruptionsAllowed } });
  const evict = (name: string): Promise<k8s.V1Eviction> => core.createNamespacedPodEviction({ namespace: NS, name, body: { metadata: { name, namespace: NS } } });

  test('429 TooManyRequests while the PDB allows no disruption; 201 and a spent budget when it allows one', async () => {
    pod('web-1', { app: 'web' });
    pod('web-2', { app: 'web' });
    pdb(0);
    const refused = await apiError(evict('web-1'));
    expect(refused).toMatchObject({ code: 429, status: { reason: 'TooManyRequests', details: { causes: [{ reason: 'DisruptionBudget' }] } } });
    expect(api.get('Pod', NS, 'web-1')).toBeDefined();

    pdb(1);
    await evict('web-1');
    expect(api.get('Pod', NS, 'web-1')).toBeUndefined();
    expect(api.get('PodDisruptionBudget', NS, 'web')?.['status']).toMatchObject({ disruptionsAllowed: 0, disruptedPods: { 'web-1': expect.any(String) } });
    expect((await apiError(evict('web-2'))).code).toBe(429);
  });

  test('pods no PDB covers, and finished pods, are evicted; a missing pod is 404', async () => {
    pdb(0);
    pod('batch', { app: 'batch' });
    pod('done', { app: 'web' }, 'Succeeded');
    await evict('batch');
    await evict('done');
    expect(api.list('Pod')).toEqual([]);
    expect((await apiError(evict('ghost'))).code).toBe(404);
  });
});

describe('fault injection', () => {
  test('failNext answers the next N matching requests with a Status, then serves again', async () => {
    api.put({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } });
    api.failNext({ method: 'GET', path: '/api/v1/nodes' }, 503, 2);
    expect(await apiError(core.listNode())).toMatchObject({ code: 503, status: { reason: 'ServiceUnavailable' } });
    expect((await core.readNode({ name: 'n1' })).metadata?.name).toBe('n1');
    expect((await apiError(core.listNode())).code).toBe(503);
    expect(names((await core.listNode()).items)).toEqual(['n1']);
  });
});
