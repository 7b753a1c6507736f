// Leader election on a coordination.k8s.io/v1 Lease, with client-go's rules (DESIGN §8): a lease is
// free when it has no holder or when it has not changed for its duration *by our clock* (no clock
// skew between replicas matters); every write carries the resourceVersion we read, so of two racing
// replicas one gets 409; a leader that cannot renew within the renew deadline stops leading, which
// is shorter than the lease duration, so it has stopped before anyone else may take over.
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { V1MicroTime, type CoordinationV1Api, type V1Lease } from '@kubernetes/client-node';
import { InvalidArgumentError } from '../errors.js';
import type { Logger } from '../log.js';
import { describeKubeError, httpStatus, KubeApiError } from './api-error.js';

export interface LeaderElectorOptions {
  leases: CoordinationV1Api;
  namespace: string;
  name: string;
  /** Who we are in `holderIdentity`. Default: hostname (the pod name in Kubernetes) and pid. */
  identity?: string;
  /** Whole seconds (the Lease stores seconds). Default 15 s. */
  leaseDurationMs?: number;
  /** A leader that has not renewed for this long stops leading. Default 10 s. */
  renewDeadlineMs?: number;
  /** Pause between attempts to acquire or renew. Default 2 s. */
  retryPeriodMs?: number;
  /** For messages: where the API server is. */
  server?: string;
  logger: Logger;
  /** Called in order, one at a time, never overlapping; the elector keeps renewing meanwhile. */
  onStartedLeading(): void | Promise<void>;
  onStoppedLeading(): void | Promise<void>;
}

export function defaultIdentity(): string {
  return `${hostname()}_${process.pid}`;
}

export class LeaderElector {
  readonly identity: string;
  private readonly durationS: number;
  private readonly renewDeadlineMs: number;
  readonly retryPeriodMs: number;
  private readonly now = Date.now;
  private readonly where: string;
  private leading = false;
  /** The lease as we last saw it change: its resourceVersion and when (our clock). */
  private observed: { rv: string; at: number } | undefined;
  private readonly stopping = new AbortController();
  private stepDownReason: string | undefined;
  private loop: Promise<void> | undefined;
  private callbacks: Promise<void> = Promise.resolve();

  constructor(private readonly opts: LeaderElectorOptions) {
    this.identity = opts.identity ?? defaultIdentity();
    this.where = `lease ${opts.namespace}/${opts.name}${opts.server ? ` at ${opts.server}` : ''}`;
    const durationMs = opts.leaseDurationMs ?? 15_000;
    this.renewDeadlineMs = opts.renewDeadlineMs ?? 10_000;
    this.retryPeriodMs = opts.retryPeriodMs ?? 2_000;
    if (!Number.isInteger(durationMs / 1000) || durationMs < 1000) {
      throw new InvalidArgumentError(`${this.where}: lease duration must be whole seconds, at least 1s; got ${durationMs} ms`);
    }
    if (!(this.renewDeadlineMs < durationMs)) {
      throw new InvalidArgumentError(`${this.where}: renew deadline ${this.renewDeadlineMs} ms must be shorter than the lease duration ${durationMs} ms`);
    }
    if (!(this.retryPeriodMs > 0 && this.retryPeriodMs < this.renewDeadlineMs)) {
      throw new InvalidArgumentError(`${this.where}: retry period ${this.retryPeriodMs} ms must be positive and shorter than the renew deadline ${this.renewDeadlineMs} ms`);
    }
    this.durationS = durationMs / 1000;
  }

  get isLeader(): boolean {
    return this.leading;
  }

  /** Starts campaigning; runs until stop(). */
  start(): void {
    this.loop ??= this.run();
  }

  /** Gives the lease up (others may take it at once) and keeps campaigning. */
  stepDown(reason: string): void {
    if (this.leading) this.stepDownReason ??= reason;
  }

  /** Stops campaigning; a leader releases the lease first so a follower takes over without waiting. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
    await this.callbacks;
  }

  private async run(): Promise<void> {
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      const started = this.now();
      if (await this.attempt()) await this.lead(started);
      else await pause(this.retryPeriodMs, signal);
    }
  }

  /** `acquiredAt`: when the winning attempt started. */
  private async lead(acquiredAt: number): Promise<void> {
    const signal = this.stopping.signal;
    this.leading = true;
    this.opts.logger.info({ lease: this.where, identity: this.identity }, 'became the leader');
    this.emit(this.opts.onStartedLeading);
    let renewed = acquiredAt;
    let lost: string | undefined;
    while (!signal.aborted && this.stepDownReason === undefined) {
      await pause(this.retryPeriodMs, signal);
      if (signal.aborted || this.stepDownReason !== undefined) break;
      // Counted from before the write: others measure expiry from when they saw it, which is later.
      const started = this.now();
      if (await this.attempt(renewed + this.renewDeadlineMs - started)) renewed = started;
      else if (this.now() >= renewed + this.renewDeadlineMs) {
        lost = `could not renew within the renew deadline of ${this.renewDeadlineMs} ms`;
        break;
      }
    }
    this.leading = false;
    const reason = lost ?? this.stepDownReason ?? 'stopping';
    this.stepDownReason = undefined;
    this.opts.logger[lost ? 'error' : 'info']({ lease: this.where, identity: this.identity, reason }, 'stopped leading');
    // Stop acting before anyone can take over: the callback (abort hardware work) runs first.
    this.emit(this.opts.onStoppedLeading);
    if (!lost) {
      await this.callbacks;
      await this.release();
    }
  }

  private emit(callback: () => void | Promise<void>): void {
    this.callbacks = this.callbacks
      .then(callback)
      .catch((err: unknown) => this.opts.logger.error({ lease: this.where, err: describeKubeError(err) }, 'leader election callback failed'));
  }

  /** One try to acquire or renew, bounded in time (a hung API server must not outlast the deadline). */
  private async attempt(timeoutMs = this.renewDeadlineMs): Promise<boolean> {
    if (timeoutMs <= 0) return false;
    const timer = new AbortController();
    try {
      return await Promise.race([
        this.tryAcquireOrRenew(),
        sleep(timeoutMs, false, { signal: timer.signal }).catch(() => false),
      ]);
    } catch (err) {
      this.opts.logger.warn({ lease: this.where, err: describeKubeError(err) }, 'leader election: cannot reach the lease');
      return false;
    } finally {
      timer.abort();
    }
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const { leases, namespace, name } = this.opts;
    const now = this.now();
    let lease: V1Lease;
    try {
      lease = await leases.readNamespacedLease({ namespace, name });
    } catch (err) {
      if (httpStatus(err) !== 404) throw new KubeApiError(`${this.where}: cannot read it: ${describeKubeError(err)}`, { cause: err });
      return this.write(() => leases.createNamespacedLease({ namespace, body: { metadata: { name, namespace }, spec: this.spec(now, undefined) } }));
    }
    const rv = lease.metadata?.resourceVersion ?? '';
    if (rv !== this.observed?.rv) this.observed = { rv, at: now };
    const holder = lease.spec?.holderIdentity ?? '';
    if (holder !== '' && holder !== this.identity) {
      const durationMs = (lease.spec?.leaseDurationSeconds ?? this.durationS) * 1000;
      if (this.observed.at + durationMs > now) return false;
      this.opts.logger.info({ lease: this.where, holder }, `lease of ${holder} expired (unchanged for ${durationMs} ms); taking it over`);
    }
    return this.write(() => leases.replaceNamespacedLease({ namespace, name, body: { ...lease, spec: this.spec(now, lease.spec) } }));
  }

  /** A spec that names us, keeping acquireTime and the transition count while we already hold it. */
  private spec(now: number, old: V1Lease['spec']): NonNullable<V1Lease['spec']> {
    const ours = old?.holderIdentity === this.identity;
    return {
      ...old,
      holderIdentity: this.identity,
      leaseDurationSeconds: this.durationS,
      // Read back they are strings; written they must be MicroTime (six fractional digits).
      acquireTime: new V1MicroTime(ours && old.acquireTime ? new Date(old.acquireTime).getTime() : now),
      renewTime: new V1MicroTime(now),
      leaseTransitions: (old?.leaseTransitions ?? 0) + (old === undefined || ours ? 0 : 1),
    };
  }

  /** A create or replace: 409 means another replica won the race. */
  private async write(call: () => Promise<V1Lease>): Promise<boolean> {
    try {
      const written = await call();
      this.observed = { rv: written.metadata?.resourceVersion ?? '', at: this.now() };
      return true;
    } catch (err) {
      if (httpStatus(err) === 409) return false;
      throw new KubeApiError(`${this.where}: cannot write it: ${describeKubeError(err)}`, { cause: err });
    }
  }

  /** Clears holderIdentity if the lease is still ours, so a follower need not wait for it to expire. */
  private async release(): Promise<void> {
    const { leases, namespace, name } = this.opts;
    try {
      const lease = await leases.readNamespacedLease({ namespace, name });
      if (lease.spec?.holderIdentity !== this.identity) return;
      const spec = { ...lease.spec, holderIdentity: undefined, leaseDurationSeconds: 1, renewTime: new V1MicroTime(this.now()) };
      await leases.replaceNamespacedLease({ namespace, name, body: { ...lease, spec } });
      this.opts.logger.info({ lease: this.where, identity: this.identity }, 'released the lease');
    } catch (err) {
      // It expires on its own; only the hand-over is slower.
      this.opts.logger.warn({ lease: this.where, err: describeKubeError(err) }, 'could not release the lease; it will expire');
    }
  }
}

async function pause(ms: number, signal: AbortSignal): Promise<void> {
  await sleep(ms, undefined, { signal }).catch(() => undefined);
}
