// The drain simulation's input (a read-only cluster snapshot) and its answer (DESIGN §6).
import type { V1Node, V1Pod, V1PodDisruptionBudget } from '@kubernetes/client-node';

/** What the simulation reads; served from memory (a watch cache, a test, a CLI listing). */
export interface DrainSnapshot {
  nodes: V1Node[];
  /** Pods bound to the node (spec.nodeName), in any phase. */
  podsByNode(nodeName: string): V1Pod[];
  pdbs: V1PodDisruptionBudget[];
  /**
   * Whether the pod's controller still exists. Asked only for the kinds Cluster Autoscaler checks:
   * ReplicaSet, ReplicationController, StatefulSet, Job and DaemonSet.
   */
  ownerExists(namespace: string, kind: string, name: string): boolean;
}

/** Which rule decided a pod's verdict; stable identifiers for tests, metrics and JSON output. */
export type DrainRule =
  // ignored: stays or disappears with the node, nothing to move
  | 'mirror-pod'
  | 'finished'
  | 'daemonset'
  // blocks
  | 'controller-missing'
  | 'no-controller'
  | 'kube-system-no-pdb'
  | 'not-safe-to-evict'
  | 'local-storage'
  | 'disruption-budget'
  | 'does-not-fit'
  // moves
  | 'safe-to-evict'
  | 'controlled';

export type PodVerdictKind = 'ignored' | 'moves' | 'blocks';

export interface PodVerdict {
  namespace: string;
  name: string;
  verdict: PodVerdictKind;
  rule: DrainRule;
  /** Why, in words: "has no controller, so it would be lost". */
  reason: string;
  /** Node the pod would be placed on (verdict "moves" only). */
  destination?: string;
}

export interface NodeDrain {
  name: string;
  pods: PodVerdict[];
}

export interface DrainBlocker {
  /** "namespace/name". */
  pod: string;
  node: string;
  rule: DrainRule;
  reason: string;
}

export interface DrainReport {
  /** True when nothing blocks: every pod that must move fits on the remaining nodes. */
  allowed: boolean;
  nodes: NodeDrain[];
  blockers: DrainBlocker[];
}

/** A Kubernetes object in the snapshot that the simulation cannot read (e.g. a malformed quantity). */
export class DrainInputError extends Error {
  override readonly name = 'DrainInputError';
}
