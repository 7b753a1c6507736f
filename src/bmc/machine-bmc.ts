// What the lifecycle calls for one machine: its BMC endpoints in order (fallback), each attempt under
// its own timeout, retries with backoff on transient failures, through the per-BMC gate.
import { setTimeout as sleep } from 'node:timers/promises';
import { BmcError, type BmcDriver, type BootMode, type CallContext, type PowerOffMode, type PowerReading } from '../../providers/types.js';
import { BmcCallError, summariseAttempts, type AttemptKind, type BmcAttempt, type BmcCallResult } from './call-error.js';
import { gateKey, type BmcGate } from './gate.js';

export interface MachineBmcOptions {
  /** Each attempt on one endpoint gets this long. Default 20000. */
  attemptTimeoutMs?: number;
  /** Further rounds over the endpoints after a round with only transient failures. Default 2. */
  retries?: number;
  /** Pause before the first retry round, doubling per round, with jitter (50–100% of it). Default 500. */
  backoffBaseMs?: number;
  /** waitForPower: first pause between polls, doubling up to pollMaxMs. Defaults 500 and 10000. */
  pollMinMs?: number;
  pollMaxMs?: number;
  /** Jitter source in [0, 1). Default Math.random. */
  random?: () => number;
  /** Applied to every driver message kept or thrown (see SecretRedactor). Default: unchanged. */
  redact?: (text: string) => string;
  /**
   * After an endpoint rejects the credentials, later calls skip it for this long instead of trying
   * the bad password again on every call (real BMCs lock accounts). Default 300000.
   */
  authHoldMs?: number;
  /** Clock for authHoldMs, ms epoch. Default Date.now. */
  now?: () => number;
  /**
   * Something that changes when the credentials change (a hash, never the secret). A hold ends as
   * soon as it differs from what it was at the rejection, so a fixed password works at once.
   */
  credentialStamp?: () => Promise<string | undefined>;
}

export type PowerTarget = 'on' | 'off';

export class MachineBmc {
  private readonly attemptTimeoutMs: number;
  private readonly retries: number;
  private readonly backoffBaseMs: number;
  private readonly pollMinMs: number;
  private readonly pollMaxMs: number;
  private readonly random: () => number;
  private readonly redact: (text: string) => string;
  private readonly keys: string[];
  private readonly authHoldMs: number;
  private readonly now: () => number;
  /** Endpoint index → when its credentials were rejected, and which credentials those were. */
  private readonly authRejected = new Map<number, { at: number; stamp: string | undefined }>();
  private readonly credentialStamp: () => Promise<string | undefined>;

  constructor(
    readonly machine: string,
    /** In the config's endpoint order. */
    readonly drivers: readonly BmcDriver[],
    private readonly gate: BmcGate,
    options: MachineBmcOptions = {},
  ) {
    if (drivers.length === 0) throw new Error(`machine ${machine} has no BMC endpoint`);
    this.attemptTimeoutMs = options.attemptTimeoutMs ?? 20_000;
    this.retries = options.retries ?? 2;
    this.backoffBaseMs = options.backoffBaseMs ?? 500;
    this.pollMinMs = options.pollMinMs ?? 500;
    this.pollMaxMs = options.pollMaxMs ?? 10_000;
    this.random = options.random ?? Math.random;
    this.redact = options.redact ?? ((text) => text);
    this.keys = drivers.map((d) => gateKey(d.endpoint));
    this.authHoldMs = options.authHoldMs ?? 300_000;
    this.now = options.now ?? Date.now;
    this.credentialStamp = options.credentialStamp ?? (async () => undefined);
  }

  powerState(signal?: AbortSignal): Promise<BmcCallResult<PowerReading>> {
    return this.call('read power state', (d, ctx) => d.powerState(ctx), signal);
  }

  powerOn(signal?: AbortSignal): Promise<BmcCallResult<void>> {
    return this.call('power on', (d, ctx) => d.powerOn(ctx), signal);
  }

  powerOff(mode: PowerOffMode, signal?: AbortSignal): Promise<BmcCallResult<void>> {
    return this.call(`power off (${mode})`, (d, ctx) => d.powerOff(ctx, mode), signal);
  }

  powerCycle(signal?: AbortSignal): Promise<BmcCallResult<void>> {
    return this.call('power cycle', (d, ctx) => d.powerCycle(ctx), signal);
  }

  setOneTimePxeBoot(mode: BootMode | undefined, signal?: AbortSignal): Promise<BmcCallResult<void>> {
    return this.call('set one-time PXE boot', (d, ctx) => d.setOneTimePxeBoot(ctx, mode), signal);
  }

  /**
   * Polls the power state (pollMinMs doubling to pollMaxMs) until it is `target`, for at most
   * `deadlineMs` from now. Failed polls are tolerated until then. Throws BmcCallError (kind
   * 'timeout' if the BMC answered but never reached the target).
   */
  async waitForPower(target: PowerTarget, deadlineMs: number, signal?: AbortSignal): Promise<BmcCallResult<PowerReading>> {
    const deadline = AbortSignal.timeout(Math.max(0, deadlineMs));
    const bounded = signal ? AbortSignal.any([signal, deadline]) : deadline;
    let pause = this.pollMinMs;
    let last: BmcCallResult<PowerReading> | BmcCallError | undefined;
    try {
      for (;;) {
        try {
          const reading = await this.powerState(bounded);
          if (reading.value.state === target) return reading;
          last = reading;
        } catch (err) {
          if (!(err instanceof BmcCallError)) throw err;
          last = err;
        }
        await sleep(pause, undefined, { signal: bounded });
        pause = Math.min(pause * 2, this.pollMaxMs);
      }
    } catch (err) {
      if (signal?.aborted || !deadline.aborted) throw err;
      const seen =
        last === undefined
          ? 'no answer yet'
          : last instanceof BmcCallError
            ? `last poll failed: ${last.message}`
            : `last seen ${last.value.state} ("${last.value.raw}") from ${last.endpoint}`;
      const attempts = last === undefined ? [] : last.attempts;
      const kind = last instanceof BmcCallError ? last.kind : 'timeout';
      throw new BmcCallError(
        `machine ${this.machine}: power did not reach ${target} within ${deadlineMs} ms (${seen})`,
        this.machine,
        attempts,
        { cause: last instanceof BmcCallError ? last : err, kind },
      );
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.drivers.map((d) => d.close()));
  }

  private async call<T>(
    what: string,
    run: (driver: BmcDriver, ctx: CallContext) => Promise<T>,
    signal: AbortSignal | undefined,
  ): Promise<BmcCallResult<T>> {
    const attempts: BmcAttempt[] = [];
    const givenUp = new Set<number>();
    let lastError: unknown;
    for (let round = 0; round <= this.retries; round++) {
      if (round > 0) await sleep(this.backoff(round - 1), undefined, { signal });
      let transient = false;
      for (const [i, driver] of this.drivers.entries()) {
        if (givenUp.has(i)) continue;
        const held = await this.authHold(i);
        if (held) {
          attempts.push({ endpoint: driver.endpoint, driver: driver.driver, ok: false, kind: 'auth', error: held, ms: 0 });
          givenUp.add(i);
          continue;
        }
        let started = performance.now();
        let timeout: AbortSignal | undefined;
        try {
          const value = await this.gate.run(
            this.keys[i] ?? driver.endpoint,
            () => {
              // The timeout and `ms` cover the BMC call only, not the wait in the gate's queue.
              started = performance.now();
              timeout = AbortSignal.timeout(this.attemptTimeoutMs);
              return run(driver, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
            },
            signal,
          );
          attempts.push({ endpoint: driver.endpoint, driver: driver.driver, ok: true, ms: performance.now() - started });
          this.authRejected.delete(i);
          return { value, driver: driver.driver, endpoint: driver.endpoint, attempts };
        } catch (err) {
          if (signal?.aborted) throw signal.reason;
          lastError = err;
          const kind = classify(err, timeout);
          attempts.push({
            endpoint: driver.endpoint,
            driver: driver.driver,
            ok: false,
            kind,
            error: this.redact(err instanceof Error ? err.message : String(err)),
            ms: performance.now() - started,
          });
          // Unknown errors are retried like transient ones; auth, unsupported and protocol never are.
          if (err instanceof BmcError ? err.retryable : true) transient = true;
          else givenUp.add(i);
          if (kind === 'auth') this.authRejected.set(i, { at: this.now(), stamp: await this.credentialStamp().catch(() => undefined) });
        }
      }
      if (!transient) break;
    }
    throw new BmcCallError(
      `machine ${this.machine}: ${what} failed on every BMC endpoint: ${summariseAttempts(attempts)}`,
      this.machine,
      attempts,
      { cause: this.redactedCause(lastError) },
    );
  }

  /** The error itself, unless its message carries a secret (loggers print causes' messages too). */
  private redactedCause(err: unknown): unknown {
    if (!(err instanceof Error)) return err;
    const clean = this.redact(err.message);
    return clean === err.message ? err : new Error(clean);
  }

  /** Why endpoint i is not to be tried now, or undefined if it may be. */
  private async authHold(i: number): Promise<string | undefined> {
    const rejected = this.authRejected.get(i);
    if (rejected === undefined || this.now() - rejected.at >= this.authHoldMs) return undefined;
    const stamp = await this.credentialStamp().catch(() => undefined);
    if (stamp !== rejected.stamp) {
      this.authRejected.delete(i);
      return undefined;
    }
    const at = rejected.at;
    const until = new Date(at + this.authHoldMs).toISOString();
    return `not tried: credentials were rejected at ${new Date(at).toISOString()}; next try after ${until}`;
  }

  /** Equal jitter: half the exponential step fixed, half random, so retries of many machines spread out. */
  private backoff(step: number): number {
    const full = this.backoffBaseMs * 2 ** step;
    return full / 2 + (this.random() * full) / 2;
  }
}

function classify(err: unknown, timeout: AbortSignal | undefined): AttemptKind {
  if (err instanceof BmcError) return err.kind;
  return timeout?.aborted ? 'timeout' : 'unknown';
}
