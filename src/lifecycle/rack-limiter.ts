// Inrush control: at most maxConcurrentPowerOn power-ons in flight per rack, started at least
// powerOnSpacing apart. Waiters are served in order.
import { setTimeout as sleep } from 'node:timers/promises';
import { Semaphore, type Release } from '../bmc/semaphore.js';
import type { RackConfig } from '../config/types.js';

export class RackLimiter {
  private readonly slots = new Map<string, { sem: Semaphore; nextStart: number }>();

  constructor(private racks: Map<string, RackConfig>) {}

  update(racks: Map<string, RackConfig>): void {
    this.racks = racks;
  }

  /** Resolves with a release function once the rack allows another power-on. */
  async acquire(rack: string, signal: AbortSignal): Promise<Release> {
    const cfg = this.racks.get(rack);
    const capacity = cfg?.maxConcurrentPowerOn ?? 1;
    let slot = this.slots.get(rack);
    if (!slot || slot.sem.capacity !== capacity) {
      slot = { sem: new Semaphore(capacity), nextStart: slot?.nextStart ?? 0 };
      this.slots.set(rack, slot);
    }
    const release = await slot.sem.acquire(signal);
    // Spacing is a duration: the monotonic clock, so a stepped wall clock cannot stall power-ons.
    const now = performance.now();
    const wait = slot.nextStart - now;
    slot.nextStart = Math.max(now, slot.nextStart) + (cfg?.powerOnSpacingMs ?? 0);
    if (wait > 0) {
      try {
        await sleep(wait, undefined, { signal });
      } catch (err) {
        release();
        throw err;
      }
    }
    return release;
  }
}
