// The hosts behind emulated BMCs, as the cluster sees them: a machine's kubelet registers its Node
// (named after the machine) only when the machine really powered on and network-booted, i.e. its BMC
// had a one-time PXE boot set before that power-on; the Node turns NotReady when the power goes.
// It watches the BMC side only (emulator state, ipmi_sim's chassis hook), never rackscaler's records.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MachineConfig } from '../../src/config/types.js';
import type { DrainGuard, DrainVerdict, NodeRegistration, RegistrationSource } from '../../src/registration/source.js';
import type { IpmiSim } from './ipmi-sim.js';
import type { RedfishEmulator } from './redfish-emulator/index.js';

/** What the hardware shows right now: power, which power-on this is, and what that power-on booted from. */
export interface HostObservation {
  on: boolean;
  /** Changes at every power-on; undefined while off. */
  bootId: string | undefined;
  bootedFrom: 'pxe' | 'other' | undefined;
}

export interface HostHardware {
  observe(): Promise<HostObservation>;
}

/** A System of the Redfish emulator: the emulator records, at each power-on, the boot target it consumed. */
export function redfishHost(emu: RedfishEmulator, systemId: string): HostHardware {
  return {
    observe: async () => {
      const s = emu.state(systemId);
      const last = s.boots.at(-1);
      const on = s.powerState === 'On' && last !== undefined;
      return { on, bootId: on ? String(s.boots.length) : undefined, bootedFrom: on ? (last.target === 'Pxe' ? 'pxe' : 'other') : undefined };
    },
  };
}

/**
 * An ipmi_sim BMC: its "server" process is the machine. ipmi_sim keeps the boot device selector but not
 * its one-time bit, so this plays the firmware that consumes it: read at power-on, then reset to default.
 */
export function ipmiHost(sim: IpmiSim): HostHardware {
  const bootedFrom = new Map<string, 'pxe' | 'other'>();
  return {
    observe: async () => {
      const pid = await sim.serverPid();
      if (pid === undefined || !(await sim.isPoweredOn())) return { on: false, bootId: undefined, bootedFrom: undefined };
      const bootId = String(pid);
      let from = bootedFrom.get(bootId);
      if (from === undefined) {
        from = (await sim.bootDevice()) === 'pxe' ? 'pxe' : 'other';
        bootedFrom.set(bootId, from);
        await writeFile(join(sim.stateDir, 'boot'), 'default\n');
      }
      return { on: true, bootId, bootedFrom: from };
    },
  };
}

export interface HostSpec {
  hardware: HostHardware;
  /** From the PXE power-on to the Node registering. Default BootingHostOptions.bootDelayMs; Infinity = never boots. */
  bootDelayMs?: number;
}

export interface BootingHostOptions {
  /** Default 50. */
  bootDelayMs?: number;
  /** From registering to Ready. Default 0. */
  readyDelayMs?: number;
  /** How often the hardware is looked at. Default 25. */
  pollMs?: number;
}

interface Host {
  name: string;
  spec: HostSpec;
  /** The power-on being followed, and when its OS comes up. */
  boot?: { id: string; pxe: boolean; upAt: number };
  node?: NodeRegistration & { registeredAt: number; bootId: string };
  /** Every power-on seen, with what it booted from. */
  boots: Array<'pxe' | 'other'>;
}

export class BootingHost implements RegistrationSource, DrainGuard {
  readonly cordoned: string[] = [];
  readonly deleted: string[] = [];
  private readonly hosts = new Map<string, Host>();
  private readonly listeners: Array<() => void> = [];
  private readonly bootDelayMs: number;
  private readonly readyDelayMs: number;
  private readonly pollMs: number;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;

  constructor(hosts: Record<string, HostSpec>, options: BootingHostOptions = {}) {
    for (const [name, spec] of Object.entries(hosts)) this.hosts.set(name, { name, spec, boots: [] });
    this.bootDelayMs = options.bootDelayMs ?? 50;
    this.readyDelayMs = options.readyDelayMs ?? 0;
    this.pollMs = options.pollMs ?? 25;
  }

  lookup(machine: MachineConfig): NodeRegistration | undefined {
    const node = this.hosts.get(machine.name)?.node;
    return node && { nodeName: node.nodeName, ready: node.ready };
  }

  /** What each power-on of `machine` booted from, oldest first. */
  bootsOf(machine: string): ReadonlyArray<'pxe' | 'other'> {
    return this.host(machine).boots;
  }

  async cordon(machine: MachineConfig, nodeName: string): Promise<void> {
    this.host(machine.name);
    this.cordoned.push(nodeName);
  }

  async deleteNode(machine: MachineConfig, nodeName: string): Promise<void> {
    const host = this.host(machine.name);
    if (host.node?.nodeName === nodeName) delete host.node;
    this.deleted.push(nodeName);
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  async start(): Promise<void> {
    await this.poll();
    this.timer = setInterval(() => void this.poll(), this.pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.polling;
  }

  // The hosts run no pods, so nothing blocks their drain.
  check(): DrainVerdict {
    return { allowed: true };
  }

  private poll(): Promise<void> {
    // One look at a time: a slow look (a loaded machine) must not overlap the next.
    this.polling ??= this.lookAtAll().finally(() => (this.polling = undefined));
    return this.polling;
  }

  private async lookAtAll(): Promise<void> {
    let changed = false;
    for (const host of this.hosts.values()) {
      // Hardware that cannot be read right now (a BMC being torn down) is looked at again next time.
      changed = (await this.lookAt(host).catch(() => false)) || changed;
    }
    if (changed) for (const l of this.listeners) l();
  }

  /** Advances one host's kubelet by what its hardware shows. True if its Node changed. */
  private async lookAt(host: Host): Promise<boolean> {
    const seen = await host.spec.hardware.observe();
    const now = Date.now();
    if (!seen.on || seen.bootId === undefined) {
      delete host.boot;
      if (!host.node?.ready) return false;
      host.node.ready = false; // the kubelet stopped heartbeating; the Node object stays
      return true;
    }
    if (host.boot?.id !== seen.bootId) {
      const pxe = seen.bootedFrom === 'pxe';
      host.boots.push(pxe ? 'pxe' : 'other');
      host.boot = { id: seen.bootId, pxe, upAt: now + (host.spec.bootDelayMs ?? this.bootDelayMs) };
    }
    // Booted from disk: nothing on it joins the cluster (machines are provisioned by PXE only).
    if (!host.boot.pxe || now < host.boot.upAt) return false;
    // A kubelet registers once per boot; the Node stays until deleted, Ready only while its kubelet runs.
    const registeredAt = host.node?.bootId === host.boot.id ? host.node.registeredAt : now;
    const ready = now >= registeredAt + this.readyDelayMs;
    if (host.node?.bootId === host.boot.id && host.node.ready === ready) return false;
    host.node = { nodeName: host.name, ready, registeredAt, bootId: host.boot.id };
    return true;
  }

  private host(name: string): Host {
    const host = this.hosts.get(name);
    if (!host) throw new Error(`booting host: no host for machine ${name} (has ${[...this.hosts.keys()].join(', ')})`);
    return host;
  }
}
