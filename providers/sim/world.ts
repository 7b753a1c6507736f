// A simulated rack that behaves like real hardware. State is kept as timestamps, so simulated time
// passes even while no process runs, and is persisted after every change (the crash test SIGKILLs
// the server: a machine that was on must still be on when it comes back).
import { BmcError, type BootMode } from '../types.js';
import { SIM_DEFAULTS, type SimEndpointOptions, type SimFault, type SimMachineSpec } from './spec.js';
import { SimStateFile, type SimMachineRecord } from './state-file.js';

export type SimPower = 'on' | 'off' | 'powering-on' | 'powering-off';

export interface SimStatus {
  power: SimPower;
  /** How the current (or last) power-on booted; undefined if never powered on. */
  bootedFrom: 'pxe' | 'disk' | undefined;
  /** ms epoch when the OS came (or comes) up; undefined if it never will in this power cycle. */
  osUpAt: number | undefined;
  /** ms epoch of the last power change (start of a transition in progress, else when it completed). */
  lastPowerChangeAt: number | undefined;
  /** A one-time PXE boot is set and will be consumed by the next power-on. */
  pxeNext: boolean;
  /** Boot mode given with the pending (or last consumed) one-time PXE setting. */
  pxeMode: BootMode | undefined;
  fault: SimFault | undefined;
}

export interface SimWorldOptions {
  /** Persist here after every change and reload on construction; without it state lives in memory only. */
  stateFile?: string;
  /** Multiplies every delay (tests use e.g. 0.001). Default 1. */
  timeScale?: number;
  /** Clock, ms epoch. Default Date.now. */
  now?: () => number;
}

export class SimWorld {
  readonly timeScale: number;
  readonly now: () => number;
  private machines = new Map<string, SimMachineRecord>();
  private readonly file: SimStateFile | undefined;

  constructor(options: SimWorldOptions = {}) {
    this.timeScale = options.timeScale ?? 1;
    if (!(this.timeScale > 0)) throw new RangeError(`SimWorld timeScale must be > 0, got ${this.timeScale}`);
    this.now = options.now ?? Date.now;
    this.file = options.stateFile === undefined ? undefined : new SimStateFile(options.stateFile);
    this.reload();
  }

  ids(): string[] {
    this.reload();
    return [...this.machines.keys()];
  }

  has(id: string): boolean {
    this.reload();
    return this.machines.has(id);
  }

  /**
   * Adds a machine (powered off) or updates the timings of a known one. A fault written in the
   * endpoint replaces a run-time fault only when the endpoint's fault changed since last seen.
   */
  ensure(options: SimEndpointOptions): void {
    this.reload();
    if (this.machines.has(options.id)) {
      this.mutate(options.id, (m) => applySpec(m, options));
      return;
    }
    // A new machine is fully described by its endpoint: no write (and fsync) until something happens to it.
    this.machines.set(options.id, applySpec(newRecord(), options));
  }

  /**
   * Injects (or clears) a fault at run time. Boot faults (never-boots, powers-off) also hit a boot
   * still in progress; otherwise they take effect from the next power-on.
   */
  setFault(id: string, fault: SimFault | undefined): void {
    this.mutate(id, (m, t) => {
      m.fault = fault ?? null;
      const booting = m.target === 'on' && m.due !== null && m.due + this.scaled(m.bootTimeMs) > t;
      if (!booting || m.due === null) return;
      if (fault === 'never-boots' || fault === 'powers-off') m.osUpAt = null;
      if (fault === 'powers-off') m.diesAt = m.due + this.scaled(m.bootTimeMs);
    });
  }

  fault(id: string): SimFault | undefined {
    return this.status(id).fault;
  }

  status(id: string): SimStatus {
    this.reload();
    const t = this.now();
    const m = this.record(id);
    if (this.settle(m, t)) this.persist();
    const transitioning = m.due !== null && t < m.due;
    const power: SimPower = m.target === 'on' ? (transitioning ? 'powering-on' : 'on') : transitioning ? 'powering-off' : 'off';
    // The OS runs while powered on and during a graceful shutdown; once off it will not come up.
    const osAlive = m.target === 'on' || transitioning;
    return {
      power,
      bootedFrom: m.bootedFrom ?? undefined,
      osUpAt: osAlive ? (m.osUpAt ?? undefined) : undefined,
      lastPowerChangeAt: (transitioning ? m.since : m.due) ?? undefined,
      pxeNext: m.pxeOnce,
      pxeMode: m.pxeMode ?? undefined,
      fault: m.fault ?? undefined,
    };
  }

  powerOn(id: string): void {
    this.mutate(id, (m, t) => {
      if (m.target === 'on') return; // already on or coming on: a no-op, as on real BMCs
      if (m.due !== null && t < m.due) throw busy(id, 'a graceful shutdown is in progress');
      this.startPowerOn(m, t);
    });
  }

  powerOff(id: string, mode: 'graceful' | 'force'): void {
    this.mutate(id, (m, t) => {
      if (m.fault === 'stuck-on') return; // accepted, ignored
      const inTransition = m.due !== null && t < m.due;
      if (mode === 'force') {
        if (m.target === 'off' && !inTransition) return;
        this.setOff(m, t, t);
        return;
      }
      if (m.target === 'off') return;
      if (inTransition) throw busy(id, 'power-on is still in progress');
      this.setOff(m, t, t + this.scaled(m.shutdownDelayMs));
    });
  }

  /** Forced off then on: consumes a pending one-time PXE setting like any power-on. */
  powerCycle(id: string): void {
    this.mutate(id, (m, t) => {
      if (m.fault === 'stuck-on') return;
      this.startPowerOn(m, t);
    });
  }

  setOneTimePxeBoot(id: string, mode: BootMode | undefined): void {
    this.mutate(id, (m) => {
      m.pxeOnce = true;
      m.pxeMode = mode ?? null;
    });
  }

  /** Real BMCs take a few ms to answer; scaled like every other delay. */
  latencyMs(): number {
    return this.scaled(5);
  }

  private scaled(ms: number): number {
    return ms * this.timeScale;
  }

  private startPowerOn(m: SimMachineRecord, t: number): void {
    const on = t + this.scaled(m.powerOnDelayMs);
    const up = on + this.scaled(m.bootTimeMs);
    m.target = 'on';
    m.since = t;
    m.due = on;
    m.bootedFrom = m.pxeOnce ? 'pxe' : 'disk';
    m.pxeOnce = false;
    const boots = m.bootedFrom === 'pxe' && m.fault !== 'never-boots' && m.fault !== 'powers-off';
    m.osUpAt = boots ? up : null;
    m.diesAt = m.fault === 'powers-off' ? up : null;
  }

  private setOff(m: SimMachineRecord, since: number, due: number): void {
    m.target = 'off';
    m.since = since;
    m.due = due;
    m.diesAt = null;
  }

  /** Applies what happened on its own by time t (a powers-off machine dying). True if changed. */
  private settle(m: SimMachineRecord, t: number): boolean {
    if (m.target !== 'on' || m.diesAt === null || t < m.diesAt) return false;
    this.setOff(m, m.diesAt, m.diesAt);
    m.osUpAt = null;
    return true;
  }

  private record(id: string): SimMachineRecord {
    const m = this.machines.get(id);
    if (!m) throw new Error(`simulated machine "${id}" does not exist (known: ${[...this.machines.keys()].join(', ') || 'none'})`);
    return m;
  }

  private mutate(id: string, change: (m: SimMachineRecord, t: number) => void): void {
    this.reload();
    const t = this.now();
    const m = this.record(id);
    const before = JSON.stringify(m);
    this.settle(m, t);
    change(m, t);
    // No-ops (a repeated power-on, an unchanged endpoint at start-up) cost no fsync.
    if (JSON.stringify(m) !== before) this.persist();
  }

  /** Picks up changes another process (e.g. `rackscaler bmc --sim-state`) wrote to the same file. */
  private reload(): void {
    const snapshot = this.file?.loadIfChanged();
    // Machines not yet written (see ensure) stay as they are.
    if (snapshot) for (const [id, m] of Object.entries(snapshot.machines)) this.machines.set(id, m);
  }

  private persist(): void {
    this.file?.save({ version: 1, machines: Object.fromEntries(this.machines) });
  }
}

function applySpec(m: SimMachineRecord, options: SimEndpointOptions): SimMachineRecord {
  const spec: SimMachineSpec = { ...SIM_DEFAULTS, ...options };
  m.powerOnDelayMs = spec.powerOnDelayMs;
  m.bootTimeMs = spec.bootTimeMs;
  m.shutdownDelayMs = spec.shutdownDelayMs;
  const endpointFault = spec.fault ?? null;
  if (endpointFault !== m.endpointFault) m.fault = endpointFault;
  m.endpointFault = endpointFault;
  return m;
}

function newRecord(): SimMachineRecord {
  return {
    powerOnDelayMs: SIM_DEFAULTS.powerOnDelayMs,
    bootTimeMs: SIM_DEFAULTS.bootTimeMs,
    shutdownDelayMs: SIM_DEFAULTS.shutdownDelayMs,
    endpointFault: null,
    fault: null,
    target: 'off',
    since: null,
    due: null,
    pxeOnce: false,
    pxeMode: null,
    bootedFrom: null,
    osUpAt: null,
    diesAt: null,
  };
}

function busy(id: string, why: string): BmcError {
  return new BmcError('busy', `simulated machine ${id}: ${why}`);
}
