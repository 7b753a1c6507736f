// Leader failover in the middle of a wake (issue 4, DESIGN §8): two real `rackscaler serve
// --leader-elect` processes on the same fake Kubernetes API and the same simulated rack. The leader
// is SIGKILLed while one machine is Booting and another is still powering on; the follower takes the
// Lease once it expires, continues both wakes from the ConfigMap, and no machine is powered on twice.
// The test plays the kubelets: it registers a Ready Node for each machine whose simulated OS is up.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { gunzipSync } from 'node:zlib';
import { credentials, status, type ServiceError } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HealthClient } from '../src/generated/grpc/health/v1/Health.js';
import { STATE_KEY } from '../src/kube/configmap-store.js';
import type { PersistedState } from '../src/lifecycle/state.js';
import { packageFile } from '../src/package-root.js';
import { loadHealthProto } from '../src/server/proto.js';
import { CaClient } from './fakes/ca-client.js';
import { startFakeKubeApi, type FakeKubeApi } from './fakes/kube-api/index.js';
import { simConfig } from './helpers/lifecycle-harness.js';
import { waitFor } from './helpers/wait.js';

const CLI = packageFile('dist', 'src', 'cli.js');
const NS = 'default'; // the fake kubeconfig's context namespace: the default for Lease and ConfigMap
const TIME_SCALE = 0.02;

interface Replica {
  name: string;
  proc: ChildProcess;
  client: CaClient;
  health: HealthClient;
  /** Log messages so far. */
  messages: string[];
  exited: Promise<number | null>;
}

interface SimRecord {
  target: 'on' | 'off';
  since: number | null;
  pxeOnce: boolean;
  bootedFrom: string | null;
  osUpAt: number | null;
}

let dir: string;
let api: FakeKubeApi;
const replicas: Replica[] = [];
const files = () => ({ config: join(dir, 'rack.yaml'), sim: join(dir, 'sim.json') });

async function startReplica(name: string): Promise<Replica> {
  const f = files();
  const args = [CLI, 'serve', '--config', f.config, '--state-file', join(dir, `${name}-unused-state.json`), '--sim-state', f.sim];
  args.push('--sim-time-scale', String(TIME_SCALE), '--listen', '127.0.0.1:0', '--metrics-listen', 'off', '--bmc-min-interval', '10ms', '--kubeconfig', api.kubeconfigFile);
  args.push('--leader-elect', '--lease-duration', '2s', '--lease-renew-deadline', '1s', '--lease-retry-period', '200ms');
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const messages: string[] = [];
  const port = await new Promise<number>((resolve, reject) => {
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      const entry = JSON.parse(line) as { msg?: string; grpcPort?: number };
      messages.push(entry.msg ?? '');
      if (entry.msg === 'rackscaler serving' && entry.grpcPort) resolve(entry.grpcPort);
    });
    void exited.then((code) => reject(new Error(`replica ${name} exited (${code}) before serving: ${stderr}`)));
  });
  const Health = loadHealthProto().grpc.health.v1.Health;
  const r: Replica = {
    name,
    proc,
    client: new CaClient(`127.0.0.1:${port}`),
    health: new Health(`127.0.0.1:${port}`, credentials.createInsecure()) as HealthClient,
    messages,
    exited,
  };
  replicas.push(r);
  return r;
}

const leading = (r: Replica) => r.messages.includes('leading: lifecycle running, mutations accepted');

function healthOf(r: Replica): Promise<string> {
  return new Promise((resolve, reject) => r.health.Check({ service: '' }, (err, res) => (err ? reject(err) : resolve(String(res?.status)))));
}

/** The lifecycle state as the ConfigMap holds it (decoded here, not by the code under test). */
function savedState(): PersistedState | undefined {
  const cm = api.get('ConfigMap', NS, 'rackscaler-state') as { binaryData?: Record<string, string> } | undefined;
  const data = cm?.binaryData?.[STATE_KEY];
  return data === undefined ? undefined : (JSON.parse(gunzipSync(Buffer.from(data, 'base64')).toString()) as PersistedState);
}

/** The simulated hardware, read from its own file. */
async function hardware(): Promise<Record<string, SimRecord>> {
  if (!existsSync(files().sim)) return {};
  return (JSON.parse(await readFile(files().sim, 'utf8')) as { machines: Record<string, SimRecord> }).machines;
}

/** What the kubelets would do: a Ready Node with the machine's providerID once its OS is up. */
async function registerBootedNodes(): Promise<void> {
  for (const [id, m] of Object.entries(await hardware())) {
    if (m.target !== 'on' || m.osUpAt === null || m.osUpAt > Date.now() || api.get('Node', undefined, id)) continue;
    api.put({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: id },
      spec: { providerID: `baremetal://${id}` },
      status: { conditions: [{ type: 'Ready', status: 'True' }] },
    });
  }
}

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does)`);
  dir = await mkdtemp(join(tmpdir(), 'rackscaler-failover-'));
  api = await startFakeKubeApi();
  // m1 powers on in 0.1 s (Booting at the kill), m2 in 4 s (still powering on when the follower takes over).
  const machines = { m1: 'powerOnDelay=5s', m2: 'powerOnDelay=200s', m3: '', m4: '' };
  await writeFile(files().config, simConfig({ machines, boot: '{ powerOnTimeout: 2m, registerTimeout: 2m, readyTimeout: 2m }' }));
});

afterAll(async () => {
  for (const r of replicas) {
    r.client.close();
    r.health.close();
    r.proc.kill('SIGKILL');
    await r.exited;
  }
  await api?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('leader failover', () => {
  it('the follower finishes a wake the killed leader started, without waking any machine twice', async () => {
    const a = await startReplica('a');
    await waitFor('a leads', () => leading(a));
    const b = await startReplica('b');
    expect(await healthOf(a)).toBe('SERVING');
    expect(await healthOf(b)).toBe('NOT_SERVING');

    await a.client.call('NodeGroupIncreaseSize', { id: 'pool', delta: 2 });
    const refused = (await b.client.call('NodeGroupIncreaseSize', { id: 'pool', delta: 1 }).catch((e: unknown) => e)) as ServiceError;
    expect(refused.code).toBe(status.UNAVAILABLE);
    expect(refused.details).toContain('not the leader');
    // The follower serves reads from the saved state.
    await waitFor('b sees the new target', async () => (await b.client.call('NodeGroupTargetSize', { id: 'pool' })).targetSize === 2);

    // Kill the leader with m1 Booting and m2 powering on (its power button already pressed).
    const before = await waitFor('m1 Booting, m2 pressed and PoweringOn', async () => {
      const saved = savedState()?.machines;
      const hw = await hardware();
      const ok = saved?.['m1']?.state === 'Booting' && saved['m2']?.state === 'PoweringOn' && hw['m2']?.target === 'on';
      return ok ? hw : undefined;
    });
    a.proc.kill('SIGKILL');
    await a.exited;

    await waitFor('b takes over', () => leading(b));
    expect(await healthOf(b)).toBe('SERVING');
    const running = await waitFor('both woken machines Running', async () => {
      await registerBootedNodes();
      const { instances } = await b.client.call('NodeGroupNodes', { id: 'pool' });
      return instances.length === 2 && instances.every((i) => i.status?.instanceState === 'instanceRunning') ? instances : undefined;
    });
    expect(running.map((i) => i.id).sort()).toEqual(['baremetal://m1', 'baremetal://m2']);
    expect((await b.client.call('NodeGroupTargetSize', { id: 'pool' })).targetSize).toBe(2);

    // No double wake: each power-on is the one the old leader pressed, no second one-time PXE boot is
    // pending, and exactly the target number of machines is on.
    const after = await hardware();
    for (const id of ['m1', 'm2']) {
      expect(after[id], id).toMatchObject({ target: 'on', since: before[id]!.since, pxeOnce: false, bootedFrom: 'pxe' });
    }
    expect(Object.values(after).filter((m) => m.target === 'on')).toHaveLength(2);
    await waitFor('Running saved', () => ['m1', 'm2'].every((m) => savedState()?.machines[m]?.state === 'Running'));
    expect(api.get('Lease', NS, 'rackscaler')?.['spec']).toMatchObject({ leaseTransitions: 1 });

    // A graceful stop hands the lease back at once.
    b.proc.kill('SIGTERM');
    expect(await b.exited).toBe(0);
    expect((api.get('Lease', NS, 'rackscaler')?.['spec'] as { holderIdentity?: string }).holderIdentity ?? '').toBe('');
  }, 60_000);
});
