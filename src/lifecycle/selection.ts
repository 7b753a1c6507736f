// Which Off machines to wake (DESIGN §3): never cordoned, quarantined or powered on by someone else; machines without recent
// failures first; spread over racks; fewest recent wakes (wear); name last, for a stable order.
import type { MachineConfig } from '../config/types.js';
import type { MachineRecord } from './state.js';

export interface Candidate {
  config: MachineConfig;
  record: MachineRecord;
}

/** Recent = within this window; older wakes and failures no longer count against a machine. */
const WEAR_WINDOW_MS = 7 * 24 * 3600_000;

export function isWakeable(c: Candidate, now: number): boolean {
  return (
    c.record.state === 'Off' &&
    !c.config.cordoned &&
    c.record.poweredOnOutside === undefined &&
    (c.record.quarantineUntil === undefined || c.record.quarantineUntil <= now)
  );
}

/**
 * Picks `count` machines from `candidates` (all wakeable). `rackLoad` is how many machines of the group
 * each rack already runs; picks add to it so successive picks spread.
 */
export function pickMachines(candidates: readonly Candidate[], count: number, rackLoad: Map<string, number>, now: number): Candidate[] {
  const pool = [...candidates];
  const picked: Candidate[] = [];
  const recentWakes = (c: Candidate) => c.record.wakes.filter((t) => now - t < WEAR_WINDOW_MS).length;
  while (picked.length < count && pool.length > 0) {
    let best = 0;
    for (let i = 1; i < pool.length; i++) {
      if (compare(pool[i]!, pool[best]!) < 0) best = i;
    }
    const [chosen] = pool.splice(best, 1);
    picked.push(chosen!);
    rackLoad.set(chosen!.config.rack, (rackLoad.get(chosen!.config.rack) ?? 0) + 1);
  }
  return picked;

  function compare(a: Candidate, b: Candidate): number {
    return (
      Number(a.record.failures > 0) - Number(b.record.failures > 0) ||
      (rackLoad.get(a.config.rack) ?? 0) - (rackLoad.get(b.config.rack) ?? 0) ||
      recentWakes(a) - recentWakes(b) ||
      a.config.name.localeCompare(b.config.name)
    );
  }
}
