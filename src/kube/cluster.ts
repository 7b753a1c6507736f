// The Kubernetes-backed cluster side of the lifecycle: a machine's Node is the one whose
// spec.providerID equals the machine's; cordon and delete go to the API server; the drain guard
// simulates against the watch caches. Lookups and drain checks are memory-only.
import { CoreV1Api, PatchStrategy, setHeaderOptions, type KubeConfig, type V1Node } from '@kubernetes/client-node';
import type { MachineConfig } from '../config/types.js';
import { drainVerdict } from '../drain/explain.js';
import { simulateDrain } from '../drain/simulate.js';
import type { Logger } from '../log.js';
import type { DrainCandidate, DrainGuard, DrainVerdict, NodeRegistration, RegistrationSource } from '../registration/source.js';
import { describeKubeError, httpStatus, KubeApiError } from './api-error.js';
import { ClusterState, isNodeReady, type ClusterStateOptions } from './cluster-state.js';
import { apiServer } from './kubeconfig.js';

/** The taint Cluster Autoscaler puts on a node it is removing; such a node needs no cordon. */
export const TO_BE_DELETED_TAINT = 'ToBeDeletedByClusterAutoscaler';

export interface KubeClusterOptions extends ClusterStateOptions {
  /** How long start() waits for the first lists before failing. Default 60 s. */
  syncTimeoutMs?: number;
}

export class KubeCluster implements RegistrationSource, DrainGuard {
  readonly state: ClusterState;
  private readonly core: CoreV1Api;
  private readonly server: string;
  private readonly logger: Logger;
  private readonly syncTimeoutMs: number;
  private readonly listeners: Array<() => void> = [];
  /** Node name → what the lifecycle reacts to (registered with this providerID, Ready). */
  private readonly seen = new Map<string, string>();

  constructor(kc: KubeConfig, opts: KubeClusterOptions) {
    this.state = new ClusterState(kc, opts);
    this.core = kc.makeApiClient(CoreV1Api);
    this.server = apiServer(kc);
    this.logger = opts.logger;
    this.syncTimeoutMs = opts.syncTimeoutMs ?? 60_000;
    // Node heartbeats change status often; only registration and readiness changes wake the lifecycle.
    const changed = (node: V1Node, gone: boolean): void => {
      const name = node.metadata?.name ?? '';
      const now = gone ? undefined : `${node.spec?.providerID ?? ''}\u0000${isNodeReady(node)}`;
      if (this.seen.get(name) === now) return;
      if (now === undefined) this.seen.delete(name);
      else this.seen.set(name, now);
      for (const l of this.listeners) l();
    };
    this.state.nodes.on('add', (n) => changed(n, false));
    this.state.nodes.on('update', (n) => changed(n, false));
    this.state.nodes.on('delete', (n) => changed(n, true));
  }

  lookup(machine: MachineConfig): NodeRegistration | undefined {
    const node = this.state.nodeWithProviderID(machine.providerID);
    return node && { nodeName: node.metadata?.name ?? '', ready: isNodeReady(node) };
  }

  async cordon(machine: MachineConfig, nodeName: string): Promise<void> {
    const node = this.machineNode(machine);
    if (!node || node.spec?.unschedulable || node.spec?.taints?.some((t) => t.key === TO_BE_DELETED_TAINT)) return;
    const name = node.metadata?.name ?? nodeName;
    try {
      await this.core.patchNode({ name, body: { spec: { unschedulable: true } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
      this.logger.info({ machine: machine.name, node: name }, 'node cordoned');
    } catch (err) {
      if (httpStatus(err) === 404) return;
      throw new KubeApiError(`cannot cordon Node ${name} (machine ${machine.name}) at ${this.server}: ${describeKubeError(err)}`, { cause: err });
    }
  }

  async deleteNode(machine: MachineConfig, nodeName: string): Promise<void> {
    const node = this.machineNode(machine);
    if (!node) return;
    const name = node.metadata?.name ?? nodeName;
    try {
      // The uid precondition keeps a Node that re-registered meanwhile (a new object) from going too.
      await this.core.deleteNode({ name, body: { preconditions: { uid: node.metadata?.uid } } });
      this.logger.info({ machine: machine.name, node: name }, 'node object deleted');
    } catch (err) {
      if (httpStatus(err) === 404) return;
      throw new KubeApiError(`cannot delete Node ${name} (machine ${machine.name}) at ${this.server}: ${describeKubeError(err)}`, { cause: err });
    }
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  async start(): Promise<void> {
    await this.state.start(this.syncTimeoutMs);
  }

  async stop(): Promise<void> {
    await this.state.stop();
  }

  check(candidates: readonly DrainCandidate[]): DrainVerdict {
    // A candidate whose Node is already gone has nothing left to drain.
    const present = candidates.flatMap((c) => this.machineNode(c.machine)?.metadata?.name ?? []);
    if (present.length === 0) return { allowed: true };
    try {
      return drainVerdict(simulateDrain(this.state.snapshot(), present));
    } catch (err) {
      return { allowed: false, reason: `drain simulation failed: ${(err as Error).message}` };
    }
  }

  /** The machine's Node by providerID; the name the lifecycle remembers is only a label for messages. */
  private machineNode(machine: MachineConfig): V1Node | undefined {
    return this.state.nodeWithProviderID(machine.providerID);
  }
}
