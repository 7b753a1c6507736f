// Reading a machine's lifecycle record in tests, and waiting for it to reach a state.
import type { Lifecycle } from '../../src/lifecycle/lifecycle.js';
import type { MachineRecord, MachineState } from '../../src/lifecycle/state.js';
import { waitFor } from './wait.js';

export function machineRecord(lc: Lifecycle, name: string): MachineRecord {
  const found = lc.machines().find((m) => m.config.name === name);
  if (!found) throw new Error(`no machine ${name}`);
  return found.record;
}

/** Waits until `name` is in `state`; on time-out the message says where it is instead, and why. */
export function reachState(lc: () => Lifecycle, name: string, state: MachineState, timeoutMs = 10_000): Promise<MachineRecord> {
  const rec = () => machineRecord(lc(), name);
  return waitFor(`${name} to reach ${state} (is ${rec().state}: ${rec().reason})`, () => (rec().state === state ? rec() : undefined), timeoutMs);
}
