// BMC credentials from Kubernetes Secrets through the real client-node against the fake API server:
// only referenced Secrets are read, rotation needs no restart, errors never carry a value.
import * as k8s from '@kubernetes/client-node';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { defaultDriverFactories } from '../providers/drivers.js';
import { DriverRegistry } from '../providers/registry.js';
import { CredentialError, credentialSource } from '../src/config/credentials.js';
import { compileConfig } from '../src/config/load.js';
import type { SecretRef } from '../src/config/types.js';
import { SecretStore } from '../src/kube/secret-credentials.js';
import { silentLogger } from '../src/log.js';
import { startFakeKubeApi, type FakeKubeApi } from './fakes/kube-api/index.js';
import { waitFor } from './helpers/wait.js';

const NS = 'rackscaler';
let api: FakeKubeApi;
let store: SecretStore;

const putSecret = (name: string, data: Record<string, string>): void =>
  void api.put({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace: NS },
    data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  });
const ref = (name: string, keys: Partial<SecretRef> = {}): SecretRef => ({ namespace: NS, name, usernameKey: 'username', passwordKey: 'password', ...keys });

async function failure(p: Promise<unknown>): Promise<Error> {
  return p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e as Error,
  );
}

beforeEach(async () => {
  api = await startFakeKubeApi();
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(api.kubeconfigFile);
  store = new SecretStore(kc, { logger: silentLogger(), backoff: { initialMs: 20, maxMs: 200 }, syncTimeoutMs: 2_000 });
});
afterEach(async () => {
  await store.stop();
  await api.stop();
});

test('the config accepts a Secret reference with default keys and rejects one mixed with a username', () => {
  const registry = new DriverRegistry(defaultDriverFactories({ sim: undefined }));
  const yaml = (cred: string) => `
racks: [{ name: r1 }]
nodeGroups:
  - id: g
    minSize: 0
    maxSize: 1
    template: { capacity: { cpu: "8", memory: 32Gi, pods: "110" } }
    credentials: ${cred}
    machines: [{ name: m1, rack: r1, bmc: "redfish+https://10.0.0.1", mac: "02:00:00:00:00:01" }]
`;
  const cfg = compileConfig(yaml(`{ secret: { namespace: ${NS}, name: bmc-pool } }`), 'test.yaml', registry);
  expect(cfg.machines.get('m1')?.credentials).toEqual({ secret: ref('bmc-pool') });
  expect(() => compileConfig(yaml(`{ username: root, secret: { namespace: ${NS}, name: bmc-pool } }`), 'test.yaml', registry)).toThrow(
    /credentials: with secret, the username comes from the Secret too/,
  );
});

test('credentials come from the watched Secret; a rotation is used on the next get() without a restart', async () => {
  putSecret('bmc-pool', { username: 'admin', password: 'first-secret\n' });
  const src = credentialSource({ secret: ref('bmc-pool') }, store);
  expect(src.describe).toBe(`Secret ${NS}/bmc-pool`);
  expect(await src.get()).toEqual({ username: 'admin', password: 'first-secret' });

  putSecret('bmc-pool', { username: 'admin', password: 'rotated-secret' });
  await waitFor('rotation seen', async () => (await src.get()).password === 'rotated-secret');
  // Only the referenced Secret is read, by name, and reads after the first come from the watch.
  const secretCalls = api.requests.filter((r) => r.path.endsWith('/secrets'));
  expect(secretCalls.every((r) => r.path === `/api/v1/namespaces/${NS}/secrets` && r.query['fieldSelector'] === 'metadata.name=bmc-pool')).toBe(true);
  expect(secretCalls.filter((r) => !r.watch)).toHaveLength(1);
});

test('custom keys; a missing Secret or key is an error naming the Secret and key, never a value', async () => {
  putSecret('bmc-custom', { user: 'ops', pass: 'hunter2' });
  expect(await credentialSource({ secret: ref('bmc-custom', { usernameKey: 'user', passwordKey: 'pass' }) }, store).get()).toEqual({ username: 'ops', password: 'hunter2' });

  const noKey = await failure(credentialSource({ secret: ref('bmc-custom') }, store).get());
  expect(noKey).toBeInstanceOf(CredentialError);
  expect(noKey.message).toBe(`Secret ${NS}/bmc-custom has no key "username" (BMC username)`);

  const missing = await failure(credentialSource({ secret: ref('nope') }, store).get());
  expect(missing.message).toBe(`Secret ${NS}/nope (BMC credentials) does not exist`);

  api.failNext({ path: `/api/v1/namespaces/${NS}/secrets`, watch: false }, 403, 1000);
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(api.kubeconfigFile);
  const impatient = new SecretStore(kc, { logger: silentLogger(), backoff: { initialMs: 20, maxMs: 100 }, syncTimeoutMs: 300 });
  const forbidden = await failure(credentialSource({ secret: ref('locked') }, impatient).get());
  await impatient.stop();
  expect(forbidden.message).toMatch(new RegExp(`^cannot read BMC credentials from Secret ${NS}/locked: .*403 Forbidden`));
  for (const e of [noKey, missing, forbidden]) expect(e.message).not.toContain('hunter2');
});

test('without a connection to Kubernetes a Secret reference fails saying so', async () => {
  const err = await failure(credentialSource({ secret: ref('bmc-pool') }).get());
  expect(err.message).toBe(`BMC credentials are in Secret ${NS}/bmc-pool, but rackscaler is not connected to Kubernetes (give --kubeconfig or run in the cluster)`);
});
