// What the lifecycle remembers about each machine. This is exactly what the state file holds.

export const MACHINE_STATES = [
  'Off',
  'PoweringOn',
  'Booting',
  'Joining',
  'Running',
  'Draining',
  'PoweringOff',
  'Failed',
] as const;
export type MachineState = (typeof MACHINE_STATES)[number];

/** Which state may follow which (DESIGN §3). Anything else is a bug and throws. */
export const ALLOWED: Readonly<Record<MachineState, readonly MachineState[]>> = {
  Off: ['PoweringOn'],
  PoweringOn: ['Booting', 'Failed', 'PoweringOff'],
  Booting: ['Joining', 'Running', 'Failed', 'PoweringOff'],
  Joining: ['Running', 'Failed', 'Draining'],
  Running: ['Failed', 'Draining'],
  Draining: ['PoweringOff'],
  PoweringOff: ['Off'],
  // Off directly only for a machine someone else powered on: we never touch its power.
  Failed: ['PoweringOff', 'Off'],
};

/** States whose machine counts towards the group's target size (it holds an instance CA asked for). */
export const CLAIMED: ReadonlySet<MachineState> = new Set(['PoweringOn', 'Booting', 'Joining', 'Running', 'Failed']);

/** States CA may cancel with DecreaseTargetSize: requested, Node not registered yet. */
export const CANCELLABLE: ReadonlySet<MachineState> = new Set(['PoweringOn', 'Booting']);

/** CA's cloudprovider.InstanceErrorClass values. */
export const ERROR_CLASS = { outOfResources: 1, other: 99 } as const;

export interface InstanceError {
  /** Short stable code; CA uses it as the `reason` label of failed_node_creations_total. */
  code: string;
  message: string;
  class: 1 | 99;
}

export interface MachineRecord {
  name: string;
  group: string;
  state: MachineState;
  /** ms since epoch when the current state was entered. */
  since: number;
  /** Why the machine entered the current state. */
  reason: string;
  /** ms since epoch after which the current state has failed; undefined = no deadline. */
  deadline?: number;
  /** Set while Failed: what CA sees in the instance's errorInfo. */
  error?: InstanceError;
  /** How PoweringOff should proceed: graceful for machines that ran workloads, force otherwise. */
  offMode?: 'graceful' | 'force';
  /** Failed only: the machine has been confirmed powered off. */
  parked?: boolean;
  /** Consecutive failed wakes; reset when a wake reaches Running. */
  failures: number;
  /** Not woken again before this time (ms since epoch). */
  quarantineUntil?: number;
  /** Recent wake times (newest last, bounded), to spread wear. */
  wakes: number[];
  /** Node name once registered. */
  nodeName?: string;
  /** Last problem that did not change state (BMC error while retrying, drift noticed). */
  lastProblem?: { at: number; message: string };
  /** Seen powered on while rackscaler had it Off (ms since epoch): not ours to wake or power off. */
  poweredOnOutside?: number;
  /** Which BMC endpoint answered last. */
  lastBmc?: { driver: string; endpoint: string; at: number };
}

/** An instance CA asked for that no machine could back: reported with errorInfo until CA deletes it. */
export interface Placeholder {
  id: string;
  since: number;
  error: InstanceError;
}

export interface PersistedState {
  version: 1;
  machines: Record<string, MachineRecord>;
  placeholders: Record<string, Placeholder[]>;
  /** Next placeholder sequence number per group, so ids are never reused. */
  placeholderSeq: Record<string, number>;
}

export function emptyState(): PersistedState {
  return { version: 1, machines: {}, placeholders: {}, placeholderSeq: {} };
}

export function offRecord(name: string, group: string, now: number): MachineRecord {
  return { name, group, state: 'Off', since: now, reason: 'new in config', failures: 0, wakes: [] };
}
