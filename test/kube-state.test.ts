// Lifecycle state in a ConfigMap (DESIGN §8), through the real @kubernetes/client-node against the fake
// API server on 127.0.0.1: round trip, gzip in binaryData, optimistic concurrency, and a lifecycle that
// hands an in-flight wake to another one through the ConfigMap (what a new leader does).
import { gunzipSync } from 'node:zlib';
import * as k8s from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UnavailableError } from '../src/errors.js';
import { ConfigMapStateStore, CONFIGMAP_MAX_BYTES, ConfigMapStoreError, STATE_KEY, StateConflictError } from '../src/kube/configmap-store.js';
import { Lifecycle } from '../src/lifecycle/lifecycle.js';
import { emptyState, offRecord, type PersistedState } from '../src/lifecycle/state.js';
import { silentLogger } from '../src/log.js';
import { SimulatedCluster } from '../src/registration/simulated-cluster.js';
import { startFakeKubeApi, type FakeKubeApi } from './fakes/kube-api/index.js';
import { simConfig, startHarness, type Harness } from './helpers/lifecycle-harness.js';
import { waitFor } from './helpers/wait.js';

const NS = 'rackscaler';
const NAME = 'rackscaler-state';

let api: FakeKubeApi;
let core: k8s.CoreV1Api;
let h: Harness | undefined;

beforeEach(async () => {
  api = await startFakeKubeApi();
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(api.kubeconfigFile);
  core = kc.makeApiClient(k8s.CoreV1Api);
});
afterEach(async () => {
  await h?.close();
  h = undefined;
  await api.stop();
});

const store = (onConflict?: (e: StateConflictError) => void) => new ConfigMapStateStore({ core, namespace: NS, name: NAME, server: api.url, onConflict });

function stateWith(names: string[]): PersistedState {
  const s = emptyState();
  for (const n of names) s.machines[n] = offRecord(n, 'pool', 1_700_000_000_000);
  return s;
}

/** The state as the fake API server holds it, decoded by hand (not by the code under test). */
function stored(): { binaryData: Record<string, string>; data: unknown; rv: string; state: PersistedState } {
  const cm = api.get('ConfigMap', NS, NAME) as unknown as { binaryData: Record<string, string>; data?: unknown; metadata: { resourceVersion: string } };
  const raw = Buffer.from(cm.binaryData[STATE_KEY]!, 'base64');
  expect([...raw.subarray(0, 2)]).toEqual([0x1f, 0x8b]); // gzip magic
  return { binaryData: cm.binaryData, data: cm.data, rv: cm.metadata.resourceVersion, state: JSON.parse(gunzipSync(raw).toString()) as PersistedState };
}

describe('ConfigMapStateStore', () => {
  it('starts empty when the ConfigMap is missing, creates it on the first save, and round-trips through gzip', async () => {
    const s = store();
    expect(s.location).toBe(`configmap ${NS}/${NAME} at ${api.url}`);
    expect(await s.load()).toEqual(emptyState());
    const state = stateWith(['m1', 'm2']);
    state.machines['m1']!.state = 'PoweringOn';
    state.placeholderSeq['pool'] = 3;
    await s.save(state);
    const first = stored();
    expect(first.state).toEqual(state);
    expect(first.data).toBeUndefined();
    expect(Object.keys(first.binaryData)).toEqual([STATE_KEY]);

    state.machines['m2']!.state = 'PoweringOn';
    await s.save(state);
    const second = stored();
    expect(Number(second.rv)).toBeGreaterThan(Number(first.rv));
    expect(await store().load()).toEqual(state);
    // The replace carried the resourceVersion it last saw (optimistic concurrency).
    const put = api.requests.filter((r) => r.method === 'PUT').at(-1);
    expect(put?.body).toMatchObject({ metadata: { name: NAME, resourceVersion: first.rv } });
  });

  it('a save after someone else wrote the ConfigMap fails with a typed conflict and leaves their content', async () => {
    const conflicts: StateConflictError[] = [];
    const a = store((e) => conflicts.push(e));
    await a.load();
    await a.save(stateWith(['m1']));
    const b = store();
    await b.load();
    await b.save(stateWith(['m1', 'by-b']));

    const err = await a.save(stateWith(['m1', 'by-a'])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StateConflictError);
    expect(err).toBeInstanceOf(UnavailableError); // CA is told UNAVAILABLE and retries against the leader
    expect((err as Error).message).toContain(`configmap ${NS}/${NAME}`);
    expect(conflicts).toEqual([err]);
    expect(Object.keys(stored().state.machines).sort()).toEqual(['by-b', 'm1']);
    // Every later save fails too until the state is loaded again.
    await expect(a.save(stateWith(['m1']))).rejects.toBeInstanceOf(StateConflictError);
    await a.load();
    await a.save(stateWith(['m1', 'by-a']));
    expect(Object.keys(stored().state.machines).sort()).toEqual(['by-a', 'm1']);
  });

  it('two replicas that both saw no ConfigMap: the second create is a conflict', async () => {
    const a = store();
    const b = store();
    await a.load();
    await b.load();
    await a.save(stateWith(['a']));
    await expect(b.save(stateWith(['b']))).rejects.toBeInstanceOf(StateConflictError);
    expect(Object.keys(stored().state.machines)).toEqual(['a']);
  });

  it('a save asked for before a reload never lands after it', async () => {
    const s = store();
    await s.load();
    await s.save(stateWith(['old']));
    const stale = s.save(stateWith(['stale']));
    await s.load();
    await expect(stale).rejects.toBeInstanceOf(StateConflictError);
    expect(Object.keys(stored().state.machines)).toEqual(['old']);
  });

  it('names the ConfigMap when its content is not rackscaler state, and when the API fails', async () => {
    api.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: NAME, namespace: NS }, data: { foo: 'bar' } });
    await expect(store().load()).rejects.toThrow(`configmap ${NS}/${NAME} at ${api.url} has no binaryData key "${STATE_KEY}"`);
    api.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: NAME, namespace: NS }, binaryData: { [STATE_KEY]: Buffer.from('plain').toString('base64') } });
    await expect(store().load()).rejects.toThrow(/binaryData "state.json.gz" is not gzip-compressed JSON/);
    api.failNext({ method: 'GET', path: `/api/v1/namespaces/${NS}/configmaps/${NAME}` }, 500);
    const err = await store().load().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigMapStoreError);
    expect((err as Error).message).toContain(`cannot read state from configmap ${NS}/${NAME}`);
    expect((err as Error).message).not.toContain(api.token);
  });

  it('10,000 machines fit well inside a ConfigMap', async () => {
    const state = emptyState();
    for (let i = 0; i < 10_000; i++) {
      const name = `rack${String(i % 200).padStart(3, '0')}-node${String(i).padStart(5, '0')}`;
      state.machines[name] = {
        ...offRecord(name, `group-${i % 20}`, 1_700_000_000_000 + i),
        state: 'Running',
        reason: `Node ${name} Ready`,
        nodeName: name,
        wakes: [1_700_000_000_000 + i, 1_700_000_100_000 + i],
        lastBmc: { driver: 'redfish', endpoint: `redfish+https://10.${i >> 8}.${i & 255}.1/redfish/v1/Systems/1`, at: 1_700_000_200_000 + i },
      };
    }
    const s = store();
    await s.load();
    await s.save(state);
    const raw = Buffer.from(stored().binaryData[STATE_KEY]!, 'base64').length;
    expect(JSON.stringify(state).length).toBeGreaterThan(CONFIGMAP_MAX_BYTES);
    expect(raw).toBeLessThan(CONFIGMAP_MAX_BYTES / 2);
    expect(await store().load()).toEqual(state);
  });
});

describe('a lifecycle on the ConfigMap', () => {
  const yaml = simConfig({ machines: { m1: 'powerOnDelay=50s', m2: '' } });

  it('a read-only view serves what the writer saved, refuses mutations, and follows reloads', async () => {
    h = await startHarness(yaml, { store: () => store() });
    const deps = { store: store(), power: () => { throw new Error('a read-only view must not touch a BMC'); }, registration: new SimulatedCluster(h.world), drain: new SimulatedCluster(h.world), logger: silentLogger(), metrics: h.metrics };
    const writes = api.requests.filter((r) => r.method !== 'GET').length;
    const view = await Lifecycle.open(h.config, deps, { readOnly: 'not the leader; try again' });
    expect(view.targetSize('pool')).toBe(0);
    const refused = await view.increaseSize('pool', 1).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UnavailableError);
    expect((refused as Error).message).toBe('not the leader; try again');
    expect(api.requests.filter((r) => r.method !== 'GET').length).toBe(writes);

    await h.lc.increaseSize('pool', 1);
    expect(view.targetSize('pool')).toBe(0);
    await view.reload();
    expect(view.targetSize('pool')).toBe(1);
    expect(view.instances('pool')).toEqual(h.lc.instances('pool'));
    await view.stop();
  });

  it('a suspended writer stops at once; another lifecycle reloads and finishes the wake without pressing power again', async () => {
    // m1 takes 50 s × 0.01 = 0.5 s to report power on: the hand-over happens while it is PoweringOn.
    h = await startHarness(yaml, { store: () => store() });
    await h.lc.increaseSize('pool', 1);
    const woken = h.lc.machines().find((m) => m.record.state === 'PoweringOn')!.config.name;
    expect(woken).toBe('m1');
    await waitFor('power pressed', () => h!.world.status('m1').power === 'powering-on');
    const pressedAt = h.world.status('m1').lastPowerChangeAt;
    await h.lc.suspend('leadership lost');
    await expect(h.lc.increaseSize('pool', 1)).rejects.toThrow('leadership lost');
    const saves = api.requests.filter((r) => r.method === 'PUT').length;

    const next = await h.reopen();
    await waitFor('m1 Running under the new lifecycle', () => next.machines().find((m) => m.config.name === 'm1')?.record.state === 'Running');
    // One press: the power-on that started at pressedAt completed after m1's powerOnDelay, and no
    // second one-time PXE boot was set (a second wake would leave it pending on a machine already on).
    expect(h.world.status('m1')).toMatchObject({ power: 'on', bootedFrom: 'pxe', pxeNext: false, lastPowerChangeAt: pressedAt! + 50_000 * h.world.timeScale });
    expect(h.world.status('m2').power).toBe('off');
    expect(api.requests.filter((r) => r.method === 'PUT').length).toBeGreaterThan(saves);
    await waitFor('Running saved to the ConfigMap', () => stored().state.machines['m1']?.state === 'Running');
  });
});
