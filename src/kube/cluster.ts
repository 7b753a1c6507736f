// The Kubernetes-backed cluster side of the lifecycle: a machine's Node is the one whose
// spec.providerID equals the machine's or, for groups that allow it, one with its system UUID or
// hostname, whose empty spec.providerID is then set (Cluster Autoscaler matches by providerID only).
// Cordon and delete go to the API server; the drain guard simulates against the watch caches.
// Lookups and drain checks are memory-only.
import { setTimeout as sleep } from 'node:timers/promises';
import { CoreV1Api, PatchStrategy, setHeaderOptions, type KubeConfig, type V1Node } from '@kubernetes/client-node';
import type { MachineConfig, NodeMatchKind } from '../config/types.js';
import { drainVerdict } from '../drain/explain.js';
import { simulateDrain } from '../drain/simulate.js';
import type { Logger } from '../log.js';
import type { DrainCandidate, DrainGuard, DrainVerdict, NodeRegistration, RegistrationSource } from '../registration/source.js';
import { describeKubeError, httpStatus, KubeApiError } from './api-error.js';
import { ClusterState, isNodeReady, type ClusterStateOptions } from './cluster-state.js';
import { apiServer } from './kubeconfig.js';
import { DEFAULT_BACKOFF, type Backoff } from './watch-cache.js';

/** The taint Cluster Autoscaler puts on a node it is removing; such a node needs no cordon. */
export const TO_BE_DELETED_TAINT = 'ToBeDeletedByClusterAutoscaler';

const MERGE_PATCH = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const BY_PROVIDER_ID: NodeMatchKind[] = ['providerID'];

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
  /** Node uid → the machine whose providerID it is getting (a fallback match), so it is set once. */
  private readonly claims = new Map<string, string>();
  /** Node uid → machines already warned that it carries another providerID. */
  private readonly warned = new Map<string, Set<string>>();
  private readonly backoff: Backoff;
  private readonly stopping = new AbortController();

  constructor(kc: KubeConfig, opts: KubeClusterOptions) {
    this.state = new ClusterState(kc, opts);
    this.core = kc.makeApiClient(CoreV1Api);
    this.server = apiServer(kc);
    this.logger = opts.logger;
    this.syncTimeoutMs = opts.syncTimeoutMs ?? 60_000;
    this.backoff = opts.backoff ?? DEFAULT_BACKOFF;
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
    this.state.nodes.on('delete', (n) => {
      this.claims.delete(n.metadata?.uid ?? '');
      this.warned.delete(n.metadata?.uid ?? '');
    });
  }

  lookup(machine: MachineConfig): NodeRegistration | undefined {
    const node = this.machineNode(machine);
    return node && { nodeName: node.metadata?.name ?? '', ready: isNodeReady(node) };
  }

  async cordon(machine: MachineConfig, nodeName: string): Promise<void> {
    const node = this.machineNode(machine);
    if (!node || node.spec?.unschedulable || node.spec?.taints?.some((t) => t.key === TO_BE_DELETED_TAINT)) return;
    const name = node.metadata?.name ?? nodeName;
    try {
      await this.core.patchNode({ name, body: { spec: { unschedulable: true } } }, MERGE_PATCH);
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
    this.stopping.abort();
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

  /**
   * The machine's Node, tried the ways its group lists (default: providerID only). The name the
   * lifecycle remembers is only a label for messages.
   */
  private machineNode(machine: MachineConfig): V1Node | undefined {
    for (const kind of machine.registration?.match ?? BY_PROVIDER_ID) {
      const node = this.nodeBy(kind, machine);
      if (node && (kind === 'providerID' || this.claimed(machine, node, kind))) return node;
    }
    return undefined;
  }

  private nodeBy(kind: NodeMatchKind, machine: MachineConfig): V1Node | undefined {
    switch (kind) {
      case 'providerID':
        return this.state.nodeWithProviderID(machine.providerID);
      case 'systemUUID':
        return machine.systemUUID === undefined ? undefined : this.state.nodeWithSystemUUID(machine.systemUUID);
      case 'hostname': {
        const name = machine.registration?.nodeName;
        return name === undefined ? undefined : this.state.node(name);
      }
    }
  }

  /**
   * Whether a Node found by a fallback is the machine's: it carries the machine's providerID, or none
   * and no other machine claimed it (then its providerID is set in the background).
   */
  private claimed(machine: MachineConfig, node: V1Node, via: NodeMatchKind): boolean {
    const uid = node.metadata?.uid ?? '';
    const carried = node.spec?.providerID ?? '';
    const claimant = this.claims.get(uid);
    if ((carried === '' || carried === machine.providerID) && (claimant === undefined || claimant === machine.name)) {
      if (carried === '' && claimant === undefined) {
        this.claims.set(uid, machine.name);
        void this.setProviderID(machine, node.metadata?.name ?? '', uid, via);
      }
      return true;
    }
    const warned = this.warned.get(uid) ?? new Set<string>();
    if (!warned.has(machine.name)) {
      warned.add(machine.name);
      this.warned.set(uid, warned);
      const owner = claimant !== undefined && claimant !== machine.name ? `is being claimed by machine ${claimant}` : `carries providerID ${carried}`;
      this.logger.warn(
        { machine: machine.name, node: node.metadata?.name, match: via, nodeProviderID: carried || undefined, providerID: machine.providerID },
        `Node ${node.metadata?.name} matches machine ${machine.name} by ${via} but ${owner}, not ${machine.providerID}; leaving it alone`,
      );
    }
    return false;
  }

  /** Sets an empty spec.providerID as a cloud controller manager would, retrying until it is set or moot. */
  private async setProviderID(machine: MachineConfig, name: string, uid: string, via: NodeMatchKind): Promise<void> {
    for (let failures = 0; ; failures++) {
      const node = this.state.node(name);
      // Gone, re-created, or given a providerID meanwhile: lookups decide from the cache again.
      if (this.stopping.signal.aborted || node?.metadata?.uid !== uid || (node.spec?.providerID ?? '') !== '') return;
      try {
        // The uid makes the server refuse the patch if the name now belongs to another Node object.
        await this.core.patchNode({ name, body: { metadata: { uid }, spec: { providerID: machine.providerID } } }, MERGE_PATCH);
        this.logger.info({ machine: machine.name, node: name, match: via, providerID: machine.providerID }, 'node spec.providerID set');
        return;
      } catch (err) {
        if (httpStatus(err) === 404 || this.stopping.signal.aborted) return;
        const delay = Math.min(this.backoff.initialMs * 2 ** failures, this.backoff.maxMs);
        this.logger.warn(
          { machine: machine.name, node: name, server: this.server, error: describeKubeError(err), retryInMs: delay },
          `cannot set spec.providerID of Node ${name} (machine ${machine.name}); retrying`,
        );
        try {
          await sleep(delay, undefined, { signal: this.stopping.signal });
        } catch {
          return;
        }
      }
    }
  }
}
