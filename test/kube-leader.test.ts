// Leader election on a Lease (DESIGN §8) between two LeaderElectors, through the real
// @kubernetes/client-node against the fake API server on 127.0.0.1. A TCP proxy in front of one
// elector cuts it off from the API server (connections reset, new ones hang) to make it lose the lease.
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import * as k8s from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runServe } from '../src/commands/serve.js';
import { InvalidArgumentError } from '../src/errors.js';
import { LeaderElector, type LeaderElectorOptions } from '../src/kube/lease.js';
import { silentLogger } from '../src/log.js';
import { startFakeKubeApi, type FakeKubeApi } from './fakes/kube-api/index.js';
import { waitFor } from './helpers/wait.js';

const NS = 'rackscaler';
const NAME = 'rackscaler';

interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  leaseTransitions?: number;
  renewTime?: string;
  acquireTime?: string;
}

let api: FakeKubeApi;
let events: string[];
const electors: LeaderElector[] = [];
const proxies: Proxy[] = [];

beforeEach(async () => {
  api = await startFakeKubeApi();
  events = [];
});
afterEach(async () => {
  await Promise.all(electors.splice(0).map((e) => e.stop()));
  await Promise.all(proxies.splice(0).map((p) => p.close()));
  await api.stop();
});

const lease = (): LeaseSpec | undefined => api.get('Lease', NS, NAME)?.['spec'] as LeaseSpec | undefined;

/** An elector named `id` whose callbacks log "id started" / "id stopped" into `events`. */
function elector(id: string, server = api.url, opts: Partial<LeaderElectorOptions> = {}): LeaderElector {
  const kc = new k8s.KubeConfig();
  kc.loadFromClusterAndUser({ name: 'fake', server, skipTLSVerify: true }, { name: 'u', token: api.token });
  const e = new LeaderElector({
    leases: kc.makeApiClient(k8s.CoordinationV1Api),
    namespace: NS,
    name: NAME,
    identity: id,
    leaseDurationMs: 2_000,
    renewDeadlineMs: 1_000,
    retryPeriodMs: 100,
    server,
    logger: silentLogger(),
    onStartedLeading: () => void events.push(`${id} started`),
    onStoppedLeading: () => void events.push(`${id} stopped`),
    ...opts,
  });
  electors.push(e);
  return e;
}

/** Waits until the lease has been renewed `n` more times (the holder keeps it meanwhile). */
async function renewals(n: number): Promise<void> {
  const seen = new Set<string>();
  await waitFor(`${n} renewals`, () => {
    seen.add(lease()?.renewTime ?? '');
    return seen.size > n;
  });
}

describe('LeaderElector', () => {
  it('acquires a missing lease, renews it with MicroTimes, and keeps the other replica waiting', async () => {
    const a = elector('a');
    a.start();
    await waitFor('a leads', () => a.isLeader);
    expect(lease()).toMatchObject({ holderIdentity: 'a', leaseDurationSeconds: 2, leaseTransitions: 0 });
    expect(lease()?.renewTime).toMatch(/\.\d{6}Z$/);
    const acquired = lease()?.acquireTime;

    const b = elector('b');
    b.start();
    await renewals(5);
    expect(b.isLeader).toBe(false);
    expect(lease()).toMatchObject({ holderIdentity: 'a', acquireTime: acquired, leaseTransitions: 0 });
    expect(events).toEqual(['a started']);
    // Every write carried the resourceVersion it had read.
    const puts = api.requests.filter((r) => r.method === 'PUT');
    expect(puts.length).toBeGreaterThan(0);
    for (const p of puts) expect((p.body as { metadata?: { resourceVersion?: string } }).metadata?.resourceVersion).toMatch(/^\d+$/);
  });

  it('releases the lease on stop, so the follower takes over without waiting for it to expire', async () => {
    // A 60 s lease: only the release lets b in within waitFor's 10 s.
    const a = elector('a', api.url, { leaseDurationMs: 60_000, renewDeadlineMs: 1_000 });
    a.start();
    await waitFor('a leads', () => a.isLeader);
    const b = elector('b', api.url, { leaseDurationMs: 60_000, renewDeadlineMs: 1_000 });
    b.start();
    await renewals(2);
    await a.stop();
    expect(events).toEqual(['a started', 'a stopped']);
    await waitFor('b leads', () => b.isLeader);
    expect(events).toEqual(['a started', 'a stopped', 'b started']);
    expect(lease()).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1 });
  });

  it('a leader cut off from the API server stops leading at its renew deadline; the other takes over once the lease expired', async () => {
    const proxy = await startProxy(api.url);
    const a = elector('a', proxy.url);
    a.start();
    await waitFor('a leads', () => a.isLeader);
    const b = elector('b');
    b.start();
    await renewals(2);

    proxy.cut();
    await waitFor('b leads', () => b.isLeader);
    // a gave up (renew deadline 1 s) before b could take over (lease 2 s unchanged by b's clock).
    expect(events).toEqual(['a started', 'a stopped', 'b started']);
    expect(a.isLeader).toBe(false);
    expect(lease()).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1 });

    proxy.restore();
    await waitFor('a reaches the API server again', () => proxy.forwarded() > 0);
    await renewals(5);
    expect(a.isLeader).toBe(false);
    expect(events).toEqual(['a started', 'a stopped', 'b started']);
  });

  it('of two replicas racing for a free lease exactly one wins', async () => {
    api.put({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: NAME, namespace: NS }, spec: {} });
    const a = elector('a');
    const b = elector('b');
    a.start();
    b.start();
    await waitFor('a leader', () => a.isLeader || b.isLeader);
    await renewals(5);
    expect(Number(a.isLeader) + Number(b.isLeader)).toBe(1);
    expect(events).toHaveLength(1);
    expect(lease()?.holderIdentity).toBe(a.isLeader ? 'a' : 'b');
  });

  it('stepDown gives the lease up and keeps campaigning', async () => {
    const a = elector('a');
    a.start();
    await waitFor('a leads', () => a.isLeader);
    a.stepDown('state written by someone else');
    await waitFor('a stopped', () => events.includes('a stopped'));
    await waitFor('a leads again', () => events.length === 3);
    expect(events).toEqual(['a started', 'a stopped', 'a started']);
    expect(lease()?.holderIdentity).toBe('a');
  });

  it('refuses timings that would let two leaders overlap', () => {
    expect(() => elector('x', api.url, { leaseDurationMs: 2_000, renewDeadlineMs: 2_000 })).toThrow(InvalidArgumentError);
    expect(() => elector('x', api.url, { leaseDurationMs: 1_500 })).toThrow(/whole seconds/);
    expect(() => elector('x', api.url, { renewDeadlineMs: 1_000, retryPeriodMs: 1_000 })).toThrow(`lease ${NS}/${NAME} at ${api.url}: retry period`);
  });
});

describe('serve --leader-elect flags', () => {
  async function serve(...argv: string[]): Promise<{ code: number; stderr: string }> {
    let stderr = '';
    const code = await runServe(['--config', 'unused.yaml', ...argv], { stdout: () => undefined, stderr: (t) => void (stderr += t) });
    return { code, stderr };
  }

  it('refuses leader election without the Kubernetes API, companions without --leader-elect, and bad values, naming the flag', async () => {
    expect(await serve('--leader-elect', '--no-kubernetes')).toMatchObject({ code: 2, stderr: expect.stringContaining('--leader-elect needs the Kubernetes API') });
    expect(await serve('--lease-name', 'x')).toMatchObject({ code: 2, stderr: '--lease-name needs --leader-elect\n' });
    expect(await serve('--leader-elect', '--lease-duration', '15')).toMatchObject({ code: 2, stderr: expect.stringContaining('--lease-duration: duration "15" is missing a unit') });
    expect(await serve('--leader-elect', '--state-configmap', 'a/b/c')).toMatchObject({ code: 2, stderr: expect.stringContaining('--state-configmap must be NAME or NAMESPACE/NAME') });
  });
});

interface Proxy {
  url: string;
  /** Resets every connection and holds new ones without answering (a partition). */
  cut(): void;
  restore(): void;
  /** Connections forwarded since the last restore(). */
  forwarded(): number;
  close(): Promise<void>;
}

/** A TCP proxy on 127.0.0.1 in front of `target` (an http://127.0.0.1:PORT URL). */
async function startProxy(target: string): Promise<Proxy> {
  const port = Number(new URL(target).port);
  const sockets = new Set<Socket>();
  let open = true;
  let forwarded = 0;
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    if (!open) return;
    forwarded++;
    const upstream = createConnection(port, '127.0.0.1');
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const dropAll = () => {
    for (const s of sockets) s.destroy();
  };
  const proxy: Proxy = {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    cut: () => {
      open = false;
      dropAll();
    },
    restore: () => {
      open = true;
      forwarded = 0;
      dropAll();
    },
    forwarded: () => forwarded,
    close: () => {
      dropAll();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  proxies.push(proxy);
  return proxy;
}
