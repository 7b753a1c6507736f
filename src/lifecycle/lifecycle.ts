// The machine lifecycle (DESIGN §3). `transition` is the only code that changes a machine's state: it
// checks the move is allowed, logs old→new, counts it, and marks the record for the next save. Every
// path that acts on hardware first waits for that save (`persist`), so a kill -9 never loses a claim.
import type { MachineBmc } from '../bmc/machine-bmc.js';
import type { Config, MachineConfig, NodeGroupConfig } from '../config/types.js';
import { FailedPreconditionError, InvalidArgumentError, NotFoundError, ResourceExhaustedError, UnavailableError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import type { DrainCandidate, DrainGuard, RegistrationSource } from '../registration/source.js';
import { RackLimiter } from './rack-limiter.js';
import { isWakeable, pickMachines, type Candidate } from './selection.js';
import {
  ALLOWED,
  CANCELLABLE,
  CLAIMED,
  ERROR_CLASS,
  offRecord,
  type InstanceError,
  type MachineRecord,
  type MachineState,
  type PersistedState,
  type Placeholder,
} from './state.js';
import type { StateStore } from './store.js';

/** What the lifecycle needs of a machine's BMCs (src/bmc/MachineBmc provides it). */
export type MachinePower = Pick<MachineBmc, 'powerState' | 'powerOn' | 'powerOff' | 'setOneTimePxeBoot' | 'waitForPower'>;

export interface LifecycleDeps {
  store: StateStore;
  power: (machine: MachineConfig) => MachinePower;
  registration: RegistrationSource;
  drain: DrainGuard;
  logger: Logger;
  metrics: Metrics;
  now?: () => number;
  /** How often a running machine's power is re-read to detect drift (Off machines: 5× less often). Default 60 s. */
  driftCheckMs?: number;
  /** Pause before retrying a failed power-off step. Default 15 s. */
  retryMs?: number;
}

export interface OpenOptions {
  /** Open as a view that refuses mutations with UNAVAILABLE and this reason until start() (an HA follower). */
  readOnly?: string;
}

export type InstanceStatus = 'creating' | 'running' | 'deleting';

export interface InstanceView {
  id: string;
  status: InstanceStatus;
  error?: InstanceError;
}

/** A node CA names in DeleteNodes: real (registered) or fake (named by the instance id). */
export interface NodeRef {
  providerID: string;
  name: string;
}

const MAX_WAKES_KEPT = 20;
/** Off machines' power is re-read this many times less often than running ones'. */
const OFF_DRIFT_FACTOR = 5;

export class Lifecycle {
  private config: Config;
  private state: PersistedState;
  private byProviderID = new Map<string, MachineConfig>();
  private groups = new Map<string, NodeGroupConfig>();
  /** Records changed and not yet durably saved (name → change count); no hardware work starts for them. */
  private readonly unsaved = new Map<string, number>();
  private readonly ops = new Map<string, { state: MachineState; since: number; abort: AbortController; done: Promise<void> }>();
  private readonly nextDriftCheck = new Map<string, number>();
  private readonly retryAt = new Map<string, number>();
  private readonly rackLimiter: RackLimiter;
  private readonly now: () => number;
  private readonly driftCheckMs: number;
  private readonly retryMs: number;
  private timer: NodeJS.Timeout | undefined;
  private saveQueued: Promise<void> | undefined;
  private journal: Map<string, MachineRecord | undefined> | undefined;
  private lastSave: Promise<void> = Promise.resolve();
  private stopped = false;
  /** Why mutations are refused (not the leader); undefined = writable. */
  private readOnly: string | undefined;
  private listening = false;
  private kicked = false;
  /** Machines that were PoweringOn when the state was loaded: finding them on means our own earlier press. */
  private resuming: Set<string>;

  private constructor(
    config: Config,
    state: PersistedState,
    private readonly deps: LifecycleDeps,
  ) {
    this.config = config;
    this.state = state;
    this.now = deps.now ?? Date.now;
    this.driftCheckMs = deps.driftCheckMs ?? 60_000;
    this.retryMs = deps.retryMs ?? 15_000;
    this.rackLimiter = new RackLimiter(config.racks);
    this.resuming = poweringOn(state);
    this.index();
  }

  /** Loads the saved state and lines it up with the config. Refuses machines in flight that the config lost. */
  static async open(config: Config, deps: LifecycleDeps, opts: OpenOptions = {}): Promise<Lifecycle> {
    const lc = new Lifecycle(config, await Lifecycle.load(config, deps.store), deps);
    lc.adopt(config);
    lc.readOnly = opts.readOnly;
    lc.stopped = opts.readOnly !== undefined;
    if (lc.readOnly === undefined) await lc.persist();
    return lc;
  }

  private static async load(config: Config, store: StateStore): Promise<PersistedState> {
    const state = await store.load();
    const orphans = Object.values(state.machines).filter((m) => !config.machines.has(m.name) && m.state !== 'Off');
    if (orphans.length > 0) {
      throw new FailedPreconditionError(
        `state in ${store.location} has machines that are not Off but are missing from ${config.source}: ` +
          orphans.map((m) => `${m.name} (${m.state} in group ${m.group})`).join(', ') +
          '; put them back in the config until they are Off',
      );
    }
    return state;
  }

  /**
   * Replaces the state with what the store holds now, in memory only: a follower's view stays fresh,
   * and a new leader resumes every in-flight wake or sleep from the last saved step. With `config`,
   * takes that config too (the newest file, which the leader may already run). Not while running.
   */
  async reload(config: Config = this.config): Promise<void> {
    if (this.timer || this.ops.size > 0) throw new Error('bug: Lifecycle.reload() while it is running');
    this.state = await Lifecycle.load(config, this.deps.store);
    this.config = config;
    this.index();
    this.rackLimiter.update(config.racks);
    this.resuming = poweringOn(this.state);
    this.unsaved.clear();
    this.nextDriftCheck.clear();
    this.retryAt.clear();
    this.adopt(this.config);
  }

  // ---- queries: memory only -------------------------------------------------------------------

  get currentConfig(): Config {
    return this.config;
  }

  group(id: string): NodeGroupConfig {
    const g = this.groups.get(id);
    if (!g) throw new NotFoundError(`node group "${id}" not found`);
    return g;
  }

  targetSize(groupId: string): number {
    const g = this.group(groupId);
    let n = this.state.placeholders[g.id]?.length ?? 0;
    for (const name of g.machines) if (CLAIMED.has(this.record(name).state)) n++;
    return n;
  }

  instances(groupId: string): InstanceView[] {
    const g = this.group(groupId);
    const out: InstanceView[] = [];
    for (const name of g.machines) {
      const rec = this.record(name);
      const status = instanceStatus(rec.state);
      if (!status) continue;
      const view: InstanceView = { id: this.machineConfig(name).providerID, status };
      if (rec.state === 'Failed' && rec.error) view.error = rec.error;
      out.push(view);
    }
    for (const p of this.state.placeholders[g.id] ?? []) out.push({ id: p.id, status: 'creating', error: p.error });
    return out;
  }

  /** Group id of a providerID (machine or placeholder), or undefined when it is not ours. */
  groupOf(providerID: string): string | undefined {
    const m = this.byProviderID.get(providerID);
    if (m) return m.group;
    return this.placeholderGroup(providerID);
  }

  machines(): Array<{ config: MachineConfig; record: MachineRecord }> {
    return [...this.config.machines.values()].map((config) => ({ config, record: this.record(config.name) }));
  }

  // ---- mutations: return once durably recorded ------------------------------------------------

  async increaseSize(groupId: string, delta: number): Promise<void> {
    this.requireWritable();
    const g = this.group(groupId);
    if (!Number.isInteger(delta) || delta <= 0) {
      throw new InvalidArgumentError(`node group "${g.id}": delta must be a positive integer, got ${delta}`);
    }
    const target = this.targetSize(g.id);
    if (target + delta > g.maxSize) {
      throw new InvalidArgumentError(
        `node group "${g.id}": size increase too large: target ${target} + delta ${delta} exceeds maxSize ${g.maxSize}`,
      );
    }
    const now = this.now();
    const all = g.machines.map((name) => ({ config: this.machineConfig(name), record: this.record(name) }));
    const free = all.filter((c) => isWakeable(c, now));
    if (free.length === 0) throw new ResourceExhaustedError(`node group "${g.id}": ${describeUnavailable(all, now)}`);
    const rackLoad = new Map<string, number>();
    for (const c of all) if (CLAIMED.has(c.record.state)) rackLoad.set(c.config.rack, (rackLoad.get(c.config.rack) ?? 0) + 1);
    const picked = pickMachines(free, delta, rackLoad, now);
    await this.mutate(() => {
      for (const c of picked) {
        this.transition(c.record, 'PoweringOn', `scale-up of ${g.id} by ${delta}`, {
          deadline: now + g.boot.powerOnTimeoutMs,
          wakes: [...c.record.wakes, now].slice(-MAX_WAKES_KEPT),
        });
      }
      const short = delta - picked.length;
      for (let i = 0; i < short; i++) this.addPlaceholder(g.id, now, describeUnavailable(all, now));
    });
    this.deps.logger.info({ group: g.id, delta, machines: picked.map((c) => c.config.name), unfulfilled: delta - picked.length }, 'scale-up recorded');
    this.kick();
  }

  async deleteNodes(groupId: string, nodes: readonly NodeRef[]): Promise<void> {
    this.requireWritable();
    const g = this.group(groupId);
    if (nodes.length === 0) throw new InvalidArgumentError(`node group "${g.id}": DeleteNodes named no node`);
    const placeholders: string[] = [];
    const machines: MachineRecord[] = [];
    for (const node of nodes) {
      const id = node.providerID || node.name;
      const label = node.name && node.name !== id ? `node "${node.name}" (providerID "${id}")` : `node "${id}"`;
      const pg = this.placeholderGroup(id);
      if (pg !== undefined) {
        if (pg !== g.id) throw new InvalidArgumentError(`${label} belongs to node group "${pg}", not "${g.id}"`);
        placeholders.push(id);
        continue;
      }
      const m = this.byProviderID.get(id) ?? this.config.machines.get(node.name);
      if (!m) throw new NotFoundError(`${label} is not a machine rackscaler manages`);
      if (m.group !== g.id) throw new InvalidArgumentError(`${label} is machine ${m.name} of node group "${m.group}", not "${g.id}"`);
      machines.push(this.record(m.name));
    }
    // Registered nodes that would really go must pass the drain simulation; already-going ones are idempotent.
    const registered = machines.filter((r) => r.state === 'Joining' || r.state === 'Running');
    const healthyGoing = registered.length + machines.filter((r) => CANCELLABLE.has(r.state)).length;
    if (healthyGoing > 0 && this.targetSize(g.id) - healthyGoing < g.minSize) {
      throw new FailedPreconditionError(
        `node group "${g.id}": deleting ${healthyGoing} node(s) would bring the target ${this.targetSize(g.id)} below minSize ${g.minSize}`,
      );
    }
    if (registered.length > 0) {
      const candidates: DrainCandidate[] = registered.map((r) => ({
        machine: this.machineConfig(r.name),
        nodeName: r.nodeName ?? r.name,
      }));
      const verdict = this.deps.drain.check(candidates);
      if (!verdict.allowed) throw new FailedPreconditionError(`node group "${g.id}": cannot remove ${candidates.map((c) => c.nodeName).join(', ')}: ${verdict.reason}`);
    }
    await this.mutate(() => {
      const list = this.state.placeholders[g.id] ?? [];
      this.state.placeholders[g.id] = list.filter((p) => !placeholders.includes(p.id));
      for (const rec of machines) {
        if (rec.state === 'Joining' || rec.state === 'Running') {
          this.transition(rec, 'Draining', 'deleted by Cluster Autoscaler; drain simulation passed', { offMode: 'graceful' });
        } else if (rec.state === 'Failed' && rec.poweredOnOutside !== undefined) {
          this.transition(rec, 'Off', 'deleted by Cluster Autoscaler; powered on by someone else, so left powered', { error: undefined, parked: undefined });
        } else if (CANCELLABLE.has(rec.state) || rec.state === 'Failed') {
          this.transition(rec, 'PoweringOff', `deleted by Cluster Autoscaler while ${rec.state}`, { offMode: 'force' });
        }
        // Draining, PoweringOff, Off: already going or gone.
      }
    });
    this.kick();
  }

  async decreaseTargetSize(groupId: string, delta: number): Promise<void> {
    this.requireWritable();
    const g = this.group(groupId);
    if (!Number.isInteger(delta) || delta >= 0) {
      throw new InvalidArgumentError(`node group "${g.id}": delta must be a negative integer, got ${delta}`);
    }
    const placeholders = this.state.placeholders[g.id] ?? [];
    // Least progress first: powering on before booting; newest first within a state.
    const cancellable = g.machines
      .map((name) => this.record(name))
      .filter((r) => CANCELLABLE.has(r.state))
      .sort((a, b) => Number(a.state === 'Booting') - Number(b.state === 'Booting') || b.since - a.since);
    const want = -delta;
    if (want > placeholders.length + cancellable.length) {
      throw new FailedPreconditionError(
        `node group "${g.id}": can cancel at most ${placeholders.length + cancellable.length} requested node(s) that have not registered, asked for ${want}; registered nodes are removed with DeleteNodes`,
      );
    }
    await this.mutate(() => {
      const fromPlaceholders = Math.min(want, placeholders.length);
      this.state.placeholders[g.id] = placeholders.slice(0, placeholders.length - fromPlaceholders);
      for (const rec of cancellable.slice(0, want - fromPlaceholders)) {
        this.transition(rec, 'PoweringOff', 'scale-up cancelled by Cluster Autoscaler (DecreaseTargetSize)', { offMode: 'force' });
      }
    });
    this.kick();
  }

  /**
   * Swaps in a new config. Refused (FailedPreconditionError, old config kept) when it drops a machine
   * that is not Off, or moves one to another group.
   */
  async applyConfig(next: Config): Promise<void> {
    this.requireWritable();
    const blocked: string[] = [];
    for (const [name, rec] of Object.entries(this.state.machines)) {
      if (rec.state === 'Off') continue;
      const m = next.machines.get(name);
      if (!m) blocked.push(`${name} is ${rec.state} and was removed`);
      else if (m.group !== rec.group) blocked.push(`${name} is ${rec.state} in group ${rec.group} and was moved to ${m.group}`);
    }
    for (const [gid, list] of Object.entries(this.state.placeholders)) {
      if (list.length > 0 && !next.nodeGroups.some((g) => g.id === gid)) blocked.push(`group ${gid} was removed with ${list.length} unfulfilled instance(s)`);
    }
    if (blocked.length > 0) {
      throw new FailedPreconditionError(`config ${next.source} not applied: ${blocked.join('; ')}; wait until those machines are Off`);
    }
    const previous = this.config;
    try {
      await this.mutate(() => {
        this.config = next;
        this.index();
        this.adopt(next);
      });
    } catch (err) {
      this.config = previous;
      this.index();
      throw err;
    }
    this.rackLimiter.update(next.racks);
    this.kick();
  }

  // ---- running ---------------------------------------------------------------------------------

  /** One full reconcile with fresh BMC readings for every machine, then periodic ticks. */
  async start(): Promise<void> {
    const readings = await Promise.all(
      this.machines().map(async ({ config, record }) => {
        if (record.state === 'Off' && config.cordoned) return undefined;
        try {
          return { name: config.name, reading: (await this.deps.power(config).powerState()).value.state };
        } catch (err) {
          this.note(record, `power state unreadable at start: ${message(err)}`);
          return undefined;
        }
      }),
    );
    for (const r of readings) {
      if (!r) continue;
      const rec = this.record(r.name);
      if (rec.state === 'PoweringOn' && r.reading === 'on') {
        // Powered on before the restart: progress beats a deadline that ran out while we were down.
        const g = this.group(rec.group);
        this.transition(rec, 'Booting', 'BMC reports power on (found at start)', { deadline: this.now() + g.boot.registerTimeoutMs });
      } else {
        this.checkDrift(rec, r.reading, 'while rackscaler was not running');
      }
    }
    await this.persist();
    this.stopped = false;
    this.readOnly = undefined;
    this.tick();
    this.timer = setInterval(() => this.tick(), this.config.reconcileIntervalMs);
    this.timer.unref();
    if (!this.listening) this.deps.registration.onChange(() => this.kick());
    this.listening = true;
  }

  async stop(): Promise<void> {
    await this.halt('rackscaler is stopping');
    if (this.readOnly === undefined) await this.persist();
  }

  /**
   * Leadership lost: hardware operations are aborted at once and nothing more is saved (the state now
   * belongs to another replica); mutations are refused with `why` until reload() and start().
   */
  async suspend(why: string): Promise<void> {
    this.readOnly = why;
    await this.halt(why);
  }

  private async halt(why: string): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    for (const op of this.ops.values()) op.abort.abort(new Error(why));
    await Promise.allSettled([...this.ops.values()].map((o) => o.done));
  }

  /** Resolves when no hardware operation is in flight (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.ops.size > 0) await Promise.allSettled([...this.ops.values()].map((o) => o.done));
  }

  /** Reconcile soon; many kicks in a row make one tick. */
  kick(): void {
    if (this.stopped || this.kicked) return;
    this.kicked = true;
    setImmediate(() => {
      this.kicked = false;
      this.tick();
    });
  }

  private tick(): void {
    if (this.stopped) return;
    const now = this.now();
    let changed = false;
    for (const config of this.config.machines.values()) {
      changed = this.step(config, this.record(config.name), now) || changed;
    }
    if (changed) void this.persist().then(() => this.kick(), (err: unknown) => this.deps.logger.error({ err }, 'saving state failed'));
  }

  /** Time-driven and registration-driven moves, and starting hardware work. True if state changed. */
  private step(m: MachineConfig, rec: MachineRecord, now: number): boolean {
    const g = this.group(m.group);
    const reg = rec.state === 'Booting' || rec.state === 'Joining' || rec.state === 'Running' ? this.deps.registration.lookup(m) : undefined;
    switch (rec.state) {
      case 'PoweringOn':
        if (pastDeadline(rec, now)) return this.fail(rec, 'power-on-timeout', `BMC did not report power on within ${g.boot.powerOnTimeoutMs / 1000}s`);
        this.startOp(m, rec, (signal) => this.wake(m, rec, g, signal));
        return false;
      case 'Booting':
        if (reg) {
          this.transition(rec, reg.ready ? 'Running' : 'Joining', `Node ${reg.nodeName} registered${reg.ready ? ' and Ready' : ''}`, {
            nodeName: reg.nodeName,
            deadline: reg.ready ? undefined : now + g.boot.readyTimeoutMs,
            ...(reg.ready ? { failures: 0 } : {}),
          });
          return true;
        }
        if (pastDeadline(rec, now)) return this.fail(rec, 'register-timeout', `Node did not register within ${g.boot.registerTimeoutMs / 1000}s of power on`);
        this.maybeDriftCheck(m, rec, now);
        return false;
      case 'Joining':
        if (reg?.ready) {
          this.transition(rec, 'Running', `Node ${reg.nodeName} Ready`, { deadline: undefined, failures: 0 });
          return true;
        }
        if (pastDeadline(rec, now)) return this.fail(rec, 'ready-timeout', `Node ${rec.nodeName ?? m.name} registered but was not Ready within ${g.boot.readyTimeoutMs / 1000}s`);
        this.maybeDriftCheck(m, rec, now);
        return false;
      case 'Running':
        if (!reg) {
          this.startOp(m, rec, (signal) => this.confirmNodeGone(m, rec, signal));
          return false;
        }
        this.maybeDriftCheck(m, rec, now);
        return false;
      case 'Off':
        this.maybeDriftCheck(m, rec, now);
        return false;
      case 'Draining':
        this.startOp(m, rec, () => this.cordonThenPowerOff(m, rec));
        return false;
      case 'PoweringOff':
        this.startOp(m, rec, (signal) => this.powerOff(m, rec, g, signal));
        return false;
      case 'Failed':
        if (!rec.parked) this.startOp(m, rec, (signal) => this.park(m, rec, g, signal));
        return false;
    }
  }

  // ---- hardware operations (one at a time per machine) ------------------------------------------

  private startOp(m: MachineConfig, rec: MachineRecord, run: (signal: AbortSignal) => Promise<void>): void {
    if (this.ops.has(m.name) || this.unsaved.has(m.name) || this.stopped) return;
    if ((this.retryAt.get(m.name) ?? 0) > this.now()) return;
    const abort = new AbortController();
    const epoch = { state: rec.state, since: rec.since };
    const done = Promise.resolve()
      .then(() => run(abort.signal))
      .catch((err: unknown) => {
        if (abort.signal.aborted) return;
        // Unexpected (e.g. the cluster API is down while cordoning): back off instead of spinning.
        this.retryAt.set(m.name, this.now() + this.retryMs);
        this.deps.logger.error({ machine: m.name, state: epoch.state, err: message(err) }, `lifecycle operation failed; retrying in ${this.retryMs / 1000}s`);
      })
      .finally(() => {
        this.ops.delete(m.name);
        // Only a change (or a failure to retry) needs another pass; a drift read that found
        // nothing new must not make a fleet-wide tick.
        if (rec.state !== epoch.state || rec.since !== epoch.since || this.retryAt.has(m.name)) this.kick();
      });
    this.ops.set(m.name, { ...epoch, abort, done });
  }

  /** True while the record is still in the state the running operation was started for. */
  private current(rec: MachineRecord, state: MachineState, since: number): boolean {
    return rec.state === state && rec.since === since;
  }

  private async wake(m: MachineConfig, rec: MachineRecord, g: NodeGroupConfig, signal: AbortSignal): Promise<void> {
    const since = rec.since;
    const power = this.deps.power(m);
    try {
      const release = await this.rackLimiter.acquire(m.rack, signal);
      try {
        const reading = await power.powerState(signal);
        this.noteBmc(rec, reading);
        const alreadyOn = reading.value.state === 'on' || reading.value.state === 'powering-on';
        if (alreadyOn && !this.resuming.has(m.name)) {
          // Someone else powered it on since we last looked: not ours, so not touched at all.
          if (!this.current(rec, 'PoweringOn', since)) return;
          this.fail(rec, 'powered-on-outside', `machine was already powered on by someone else when woken (BMC said "${reading.value.raw}"); left as it is`, {
            parked: true,
            poweredOnOutside: this.now(),
          });
          await this.persist();
          return;
        }
        // After a restart our own power-on may already have happened; do not press the button twice.
        if (!alreadyOn) {
          this.noteBmc(rec, await power.setOneTimePxeBoot(g.boot.mode, signal));
          this.noteBmc(rec, await power.powerOn(signal));
        }
      } finally {
        release();
      }
      const on = await power.waitForPower('on', Math.max(0, (rec.deadline ?? this.now()) - this.now()), signal);
      this.noteBmc(rec, on);
      if (!this.current(rec, 'PoweringOn', since)) return;
      this.transition(rec, 'Booting', `BMC ${on.endpoint} reports power on`, { deadline: this.now() + g.boot.registerTimeoutMs });
      await this.persist();
    } catch (err) {
      if (signal.aborted || !this.current(rec, 'PoweringOn', since)) return;
      this.fail(rec, 'bmc-error', `waking failed: ${message(err)}`);
      await this.persist();
    } finally {
      if (!signal.aborted) this.resuming.delete(m.name);
    }
  }

  private async cordonThenPowerOff(m: MachineConfig, rec: MachineRecord): Promise<void> {
    const since = rec.since;
    if (rec.nodeName) await this.deps.registration.cordon(m, rec.nodeName);
    if (!this.current(rec, 'Draining', since)) return;
    this.transition(rec, 'PoweringOff', 'cordoned; powering off', { offMode: rec.offMode ?? 'graceful' });
    await this.persist();
  }

  private async powerOff(m: MachineConfig, rec: MachineRecord, g: NodeGroupConfig, signal: AbortSignal): Promise<void> {
    const since = rec.since;
    const power = this.deps.power(m);
    try {
      const reading = await power.powerState(signal);
      this.noteBmc(rec, reading);
      if (reading.value.state !== 'off') {
        let off = false;
        if (rec.offMode !== 'force') {
          try {
            await power.powerOff('graceful', signal);
            await power.waitForPower('off', g.powerOff.gracefulTimeoutMs, signal);
            off = true;
          } catch (err) {
            if (signal.aborted) throw err;
            this.note(rec, `graceful shutdown did not complete (${message(err)}); forcing off`);
          }
        }
        if (!off) {
          await power.powerOff('force', signal);
          this.noteBmc(rec, await power.waitForPower('off', g.powerOff.forceTimeoutMs, signal));
        }
      }
      if (rec.nodeName) await this.deps.registration.deleteNode(m, rec.nodeName);
      if (!this.current(rec, 'PoweringOff', since)) return;
      this.retryAt.delete(m.name);
      this.transition(rec, 'Off', 'BMC reports power off', { deadline: undefined, nodeName: undefined, offMode: undefined, error: undefined, parked: undefined });
      await this.persist();
    } catch (err) {
      if (signal.aborted) return;
      this.note(rec, `power-off failed, retrying in ${this.retryMs / 1000}s: ${message(err)}`);
      this.retryAt.set(m.name, this.now() + this.retryMs);
      await this.persist();
    }
  }

  /** A failed machine is forced off so it neither burns power nor joins late; its instance stays for CA. */
  private async park(m: MachineConfig, rec: MachineRecord, g: NodeGroupConfig, signal: AbortSignal): Promise<void> {
    const since = rec.since;
    const power = this.deps.power(m);
    try {
      const reading = await power.powerState(signal);
      if (reading.value.state !== 'off') {
        await power.powerOff('force', signal);
        await power.waitForPower('off', g.powerOff.forceTimeoutMs, signal);
      }
      if (!this.current(rec, 'Failed', since)) return;
      rec.parked = true;
      this.markUnsaved(rec.name);
      await this.persist();
    } catch (err) {
      if (signal.aborted) return;
      this.note(rec, `could not power off failed machine, retrying in ${this.retryMs / 1000}s: ${message(err)}`);
      this.retryAt.set(m.name, this.now() + this.retryMs);
    }
  }

  private maybeDriftCheck(m: MachineConfig, rec: MachineRecord, now: number): void {
    const due = this.nextDriftCheck.get(m.name);
    if (due === undefined) {
      // Spread the first checks so that a large fleet does not hit every BMC in the same tick.
      this.nextDriftCheck.set(m.name, now + Math.random() * this.driftCheckMs);
      return;
    }
    if (due > now || (rec.state === 'Off' && m.cordoned)) return;
    // Machines that should be off are read less often: a surprise there is less urgent than a
    // running node losing power, and a large idle fleet would otherwise keep every BMC busy.
    this.nextDriftCheck.set(m.name, now + (rec.state === 'Off' ? OFF_DRIFT_FACTOR : 1) * this.driftCheckMs);
    this.startOp(m, rec, async (signal) => {
      const reading = await this.deps.power(m).powerState(signal);
      if (this.checkDrift(rec, reading.value.state, 'outside rackscaler')) await this.persist();
    });
  }

  /**
   * A Running machine's Node is gone. A power reading tells a machine switched off behind our back
   * (reported as such) from a Node deleted while the machine runs: useless to the cluster, so Failed.
   */
  private async confirmNodeGone(m: MachineConfig, rec: MachineRecord, signal: AbortSignal): Promise<void> {
    const since = rec.since;
    const reading = await this.deps.power(m).powerState(signal);
    this.noteBmc(rec, reading);
    if (!this.current(rec, 'Running', since) || this.deps.registration.lookup(m)) return;
    if (!this.checkDrift(rec, reading.value.state, 'outside rackscaler')) {
      this.deps.metrics.drift.inc({ group: rec.group, kind: 'node-vanished' });
      this.fail(rec, 'node-vanished', `Node ${rec.nodeName ?? m.name} disappeared from the cluster while Running (BMC says "${reading.value.raw}")`);
    }
    await this.persist();
  }

  /** Reacts to a power reading that contradicts the recorded state. True if state changed. */
  private checkDrift(rec: MachineRecord, power: string, when: string): boolean {
    if (power === 'off' && (rec.state === 'Booting' || rec.state === 'Joining' || rec.state === 'Running')) {
      return this.fail(rec, 'powered-off', `machine was powered off ${when} while ${rec.state}`);
    }
    if (rec.state !== 'Off') return false;
    if ((power === 'on' || power === 'powering-on') && rec.poweredOnOutside === undefined) {
      rec.poweredOnOutside = this.now();
      this.note(rec, `powered on ${when}; not adopted (rackscaler only powers off what it woke) and not woken until seen off`);
      this.deps.metrics.drift.inc({ group: rec.group, kind: 'powered-on-while-off' });
      return true;
    }
    if (power === 'off' && rec.poweredOnOutside !== undefined) {
      delete rec.poweredOnOutside;
      this.markUnsaved(rec.name);
      this.deps.logger.info({ machine: rec.name, group: rec.group }, 'machine powered on outside rackscaler is off again; available');
      return true;
    }
    return false;
  }

  // ---- the one place state changes ------------------------------------------------------------

  private transition(rec: MachineRecord, to: MachineState, reason: string, fields: Partial<MachineRecord> = {}): void {
    const from = rec.state;
    if (!ALLOWED[from].includes(to)) throw new Error(`bug: machine ${rec.name} cannot go from ${from} to ${to}`);
    this.touch(rec.name);
    const op = this.ops.get(rec.name);
    if (op && op.state === from) op.abort.abort(new Error(`machine ${rec.name} left ${from}`));
    this.retryAt.delete(rec.name);
    Object.assign(rec, fields, { state: to, since: this.now(), reason });
    for (const [k, v] of Object.entries(fields)) if (v === undefined) delete (rec as unknown as Record<string, unknown>)[k];
    this.markUnsaved(rec.name);
    this.deps.metrics.transitions.inc({ group: rec.group, from, to });
    this.deps.logger.info({ machine: rec.name, group: rec.group, from, to, reason }, 'machine state changed');
  }

  private fail(rec: MachineRecord, code: string, why: string, extra: Partial<MachineRecord> = {}): true {
    const g = this.group(rec.group);
    const failures = rec.failures + 1;
    const quarantineMs = Math.min(g.quarantine.baseMs * 2 ** (failures - 1), g.quarantine.maxMs);
    this.transition(rec, 'Failed', why, {
      error: { code, message: `machine ${rec.name}: ${why}`, class: ERROR_CLASS.other },
      deadline: undefined,
      parked: false,
      failures,
      quarantineUntil: this.now() + quarantineMs,
      ...extra,
    });
    this.deps.metrics.failures.inc({ group: rec.group, code });
    return true;
  }

  private note(rec: MachineRecord, text: string): void {
    rec.lastProblem = { at: this.now(), message: text };
    this.markUnsaved(rec.name);
    this.deps.logger.warn({ machine: rec.name, group: rec.group, state: rec.state }, text);
  }

  private noteBmc(rec: MachineRecord, result: { driver: string; endpoint: string }): void {
    rec.lastBmc = { driver: result.driver, endpoint: result.endpoint, at: this.now() };
  }

  private addPlaceholder(groupId: string, now: number, why: string): void {
    const seq = (this.state.placeholderSeq[groupId] ?? 0) + 1;
    this.state.placeholderSeq[groupId] = seq;
    const p: Placeholder = {
      id: `${this.config.providerIDPrefix}${groupId}/unfulfilled/${seq}`,
      since: now,
      error: { code: 'no-free-machine', message: `node group "${groupId}": ${why}`, class: ERROR_CLASS.outOfResources },
    };
    (this.state.placeholders[groupId] ??= []).push(p);
  }

  private requireWritable(): void {
    if (this.readOnly !== undefined) throw new UnavailableError(this.readOnly);
  }

  private markUnsaved(name: string): void {
    this.unsaved.set(name, (this.unsaved.get(name) ?? 0) + 1);
  }

  /**
   * Applies `change` to memory and saves; on a failed save memory is put back as it was. Only the
   * records the change touches are copied (a whole-state copy costs ~50 ms at 10,000 machines).
   */
  private async mutate(change: () => void): Promise<void> {
    const placeholders = structuredClone(this.state.placeholders);
    const placeholderSeq = { ...this.state.placeholderSeq };
    const journal = new Map<string, MachineRecord | undefined>();
    this.journal = journal;
    try {
      change();
    } finally {
      this.journal = undefined;
    }
    try {
      await this.persist();
    } catch (err) {
      this.state.placeholders = placeholders;
      this.state.placeholderSeq = placeholderSeq;
      for (const [name, before] of journal) {
        const rec = this.state.machines[name];
        if (!before) delete this.state.machines[name];
        else if (!rec) this.state.machines[name] = before;
        else {
          // In place: running operations hold this object.
          for (const key of Object.keys(rec)) delete (rec as unknown as Record<string, unknown>)[key];
          Object.assign(rec, before);
        }
      }
      throw err;
    }
  }

  /** Inside `mutate`, remembers a record as it was before its first change. */
  private touch(name: string): void {
    if (this.journal && !this.journal.has(name)) {
      const rec = this.state.machines[name];
      this.journal.set(name, rec ? structuredClone(rec) : undefined);
    }
  }

  /**
   * Saves the whole state; concurrent callers share one write that includes all their changes. A
   * record counts as saved only once the write is on disk, and only if it did not change meanwhile.
   */
  private persist(): Promise<void> {
    if (this.saveQueued) return this.saveQueued;
    const queued = this.lastSave.then(async () => {
      this.saveQueued = undefined;
      const saving = new Map(this.unsaved);
      await this.deps.store.save(this.state);
      for (const [name, gen] of saving) if (this.unsaved.get(name) === gen) this.unsaved.delete(name);
    });
    this.saveQueued = queued;
    this.lastSave = queued.catch(() => undefined);
    return queued;
  }

  // ---- bookkeeping ------------------------------------------------------------------------------

  private adopt(config: Config): void {
    const now = this.now();
    for (const m of config.machines.values()) {
      const rec = this.state.machines[m.name];
      if (!rec) {
        this.touch(m.name);
        this.state.machines[m.name] = offRecord(m.name, m.group, now);
        this.markUnsaved(m.name);
      } else if (rec.state === 'Off' && rec.group !== m.group) {
        this.touch(m.name);
        rec.group = m.group;
        this.markUnsaved(m.name);
      }
    }
    for (const [name, rec] of Object.entries(this.state.machines)) {
      if (!config.machines.has(name) && rec.state === 'Off') {
        this.touch(name);
        delete this.state.machines[name];
      }
    }
  }

  private index(): void {
    this.byProviderID = new Map([...this.config.machines.values()].map((m) => [m.providerID, m]));
    this.groups = new Map(this.config.nodeGroups.map((g) => [g.id, g]));
  }

  private record(name: string): MachineRecord {
    const rec = this.state.machines[name];
    if (!rec) throw new Error(`bug: no record for machine ${name}`);
    return rec;
  }

  private machineConfig(name: string): MachineConfig {
    const m = this.config.machines.get(name);
    if (!m) throw new Error(`bug: no config for machine ${name}`);
    return m;
  }

  private placeholderGroup(id: string): string | undefined {
    const prefix = this.config.providerIDPrefix;
    if (!id.startsWith(prefix)) return undefined;
    const rest = id.slice(prefix.length).split('/');
    if (rest.length !== 3 || rest[1] !== 'unfulfilled') return undefined;
    return rest[0] !== undefined && this.groups.has(rest[0]) ? rest[0] : undefined;
  }
}

function poweringOn(state: PersistedState): Set<string> {
  return new Set(Object.values(state.machines).filter((m) => m.state === 'PoweringOn').map((m) => m.name));
}

function instanceStatus(state: MachineState): InstanceStatus | undefined {
  switch (state) {
    case 'PoweringOn':
    case 'Booting':
    case 'Failed':
      return 'creating';
    case 'Joining':
    case 'Running':
      return 'running';
    case 'Draining':
    case 'PoweringOff':
      return 'deleting';
    case 'Off':
      return undefined;
  }
}

function pastDeadline(rec: MachineRecord, now: number): boolean {
  return rec.deadline !== undefined && rec.deadline <= now;
}

function describeUnavailable(all: readonly Candidate[], now: number): string {
  const on = all.filter((c) => c.record.state !== 'Off').length;
  const cordoned = all.filter((c) => c.record.state === 'Off' && c.config.cordoned).length;
  const quarantined = all.filter((c) => c.record.state === 'Off' && !c.config.cordoned && (c.record.quarantineUntil ?? 0) > now).length;
  const outside = all.filter((c) => c.record.state === 'Off' && c.record.poweredOnOutside !== undefined).length;
  return `no machine can be woken (${all.length} in pool: ${on} on or in transition, ${cordoned} cordoned, ${quarantined} quarantined after failed wakes, ${outside} powered on outside rackscaler)`;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

