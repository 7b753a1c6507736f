// Per-BMC call discipline: one command at a time per BMC, a minimum gap between two commands to
// the same BMC (BMCs hang under bursts), and a global bound on commands in flight. FIFO per BMC.
import { setTimeout as sleep } from 'node:timers/promises';
import { Semaphore } from './semaphore.js';

export interface GateClock {
  now(): number;
  sleep(ms: number, signal: AbortSignal | undefined): Promise<void>;
}

export interface BmcGateOptions {
  /** Gap between the end of one command and the start of the next to the same BMC. Default 1000. */
  minIntervalMs?: number;
  /** Commands in flight over all BMCs. Default 32. */
  maxConcurrent?: number;
  /** Injected by tests to run on virtual time. Default: performance.now and timers. */
  clock?: GateClock;
}

const realClock: GateClock = {
  now: () => performance.now(),
  sleep: (ms, signal) => sleep(ms, undefined, { signal }),
};

interface Lane {
  slot: Semaphore;
  lastEndAt: number;
}

export class BmcGate {
  readonly minIntervalMs: number;
  private readonly global: Semaphore;
  private readonly clock: GateClock;
  private readonly lanes = new Map<string, Lane>();

  constructor(options: BmcGateOptions = {}) {
    this.minIntervalMs = options.minIntervalMs ?? 1_000;
    this.global = new Semaphore(options.maxConcurrent ?? 32);
    this.clock = options.clock ?? realClock;
  }

  /** Runs `command` against the BMC `key` (see gateKey) when the discipline allows. */
  async run<T>(key: string, command: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const lane = this.lane(key);
    const releaseLane = await lane.slot.acquire(signal);
    try {
      const wait = lane.lastEndAt + this.minIntervalMs - this.clock.now();
      if (wait > 0) await this.clock.sleep(wait, signal);
      const releaseGlobal = await this.global.acquire(signal);
      try {
        return await command();
      } finally {
        lane.lastEndAt = this.clock.now();
        releaseGlobal();
      }
    } finally {
      releaseLane();
    }
  }

  private lane(key: string): Lane {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { slot: new Semaphore(1), lastEndAt: -Infinity };
      this.lanes.set(key, lane);
    }
    return lane;
  }
}

/** The gate key of an endpoint: its BMC's host:port (as the display URL gives them). */
export function gateKey(displayUrl: string): string {
  return new URL(displayUrl).host;
}
