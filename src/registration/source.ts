// Seams between the lifecycle and the cluster: who tells us a machine's Node registered and became
// Ready, who cordons and deletes Nodes, and who decides whether a registered node may be powered off.
// The simulated cluster implements them for the demo; the Kubernetes-backed one replaces it later.
import type { MachineConfig } from '../config/types.js';

export interface NodeRegistration {
  nodeName: string;
  ready: boolean;
}

export interface RegistrationSource {
  /** From memory; never does I/O (called from every reconcile tick and RPC). */
  lookup(machine: MachineConfig): NodeRegistration | undefined;
  /** Marks the Node unschedulable before power-off (CA has usually tainted it already). */
  cordon(machine: MachineConfig, nodeName: string): Promise<void>;
  /** Removes the Node object after the machine is confirmed off (CA never does). */
  deleteNode(machine: MachineConfig, nodeName: string): Promise<void>;
  /** Called whenever registrations may have changed, so the lifecycle reconciles without waiting. */
  onChange(listener: () => void): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface DrainCandidate {
  machine: MachineConfig;
  nodeName: string;
}

export type DrainVerdict = { allowed: true } | { allowed: false; reason: string };

/** Proves by simulation that nodes can go before they are powered off (DESIGN §6). From memory. */
export interface DrainGuard {
  check(candidates: readonly DrainCandidate[]): DrainVerdict;
}
