// The cluster side of the simulated rack: a sim machine's "kubelet" registers a Node (named after the
// machine) once its OS is up, which the SimWorld only lets happen after a PXE boot, and the Node turns
// Ready `readyDelay` later. Simulated nodes run no pods, so nothing blocks their drain.
import type { MachineConfig } from '../config/types.js';
import type { SimWorld } from '../../providers/sim/world.js';
import type { SimEndpointOptions } from '../../providers/sim/spec.js';
import type { DrainGuard, DrainVerdict, NodeRegistration, RegistrationSource } from './source.js';

export class SimulatedCluster implements RegistrationSource, DrainGuard {
  private readonly listeners: Array<() => void> = [];
  private readonly wakeups = new Map<string, NodeJS.Timeout>();
  private readonly readyDelayMs: number;

  constructor(
    private readonly world: SimWorld,
    options: { readyDelayMs?: number } = {},
  ) {
    this.readyDelayMs = (options.readyDelayMs ?? 5_000) * world.timeScale;
  }

  lookup(machine: MachineConfig): NodeRegistration | undefined {
    const id = simId(machine);
    if (id === undefined || !this.world.has(id)) return undefined;
    const st = this.world.status(id);
    if (st.power !== 'on' || st.osUpAt === undefined) return undefined;
    const now = this.world.now();
    const readyAt = st.osUpAt + this.readyDelayMs;
    if (now < st.osUpAt) {
      this.notifyAt(machine.name, st.osUpAt);
      return undefined;
    }
    if (now < readyAt) this.notifyAt(machine.name, readyAt);
    return { nodeName: machine.name, ready: now >= readyAt };
  }

  // The simulation has no scheduler to keep off a node, and a Node disappears with its machine's power.
  async cordon(): Promise<void> {}
  async deleteNode(): Promise<void> {}

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {
    for (const t of this.wakeups.values()) clearTimeout(t);
    this.wakeups.clear();
  }

  check(): DrainVerdict {
    return { allowed: true };
  }

  /** Tells the lifecycle when a registration is due, so it does not wait for its next tick. */
  private notifyAt(name: string, at: number): void {
    if (this.wakeups.has(name)) return;
    const t = setTimeout(() => {
      this.wakeups.delete(name);
      for (const l of this.listeners) l();
    }, Math.max(0, at - this.world.now()) + 1);
    t.unref();
    this.wakeups.set(name, t);
  }
}

function simId(machine: MachineConfig): string | undefined {
  const ep = machine.bmc.find((e) => e.driver === 'sim');
  return ep ? (ep.options as SimEndpointOptions).id : undefined;
}
