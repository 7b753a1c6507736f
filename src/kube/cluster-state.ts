// What rackscaler reads from the cluster, held in memory by one watch per resource: Nodes (indexed
// by providerID and system UUID), scheduled unfinished Pods (indexed by node), PodDisruptionBudgets, and the
// controllers whose existence the drain simulation checks. Nothing here does I/O after start().
import {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  PolicyV1Api,
  type KubeConfig,
  type KubernetesListObject,
  type KubernetesObject,
  type V1Node,
  type V1Pod,
  type V1PodDisruptionBudget,
} from '@kubernetes/client-node';
import { objectKey } from '../drain/object-ref.js';
import type { DrainSnapshot } from '../drain/types.js';
import type { Logger } from '../log.js';
import { WatchCache, type Backoff } from './watch-cache.js';

/** Pods bound to a node and not finished: what a drain moves and what occupies a destination. */
const SCHEDULED_UNFINISHED = 'spec.nodeName!=,status.phase!=Succeeded,status.phase!=Failed';

export interface ClusterStateOptions {
  logger: Logger;
  backoff?: Backoff;
}

/** A Node's registration as the lifecycle sees it. */
export function isNodeReady(node: V1Node): boolean {
  return node.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
}

export class ClusterState {
  readonly nodes: WatchCache<V1Node>;
  private readonly pods: WatchCache<V1Pod>;
  private readonly pdbs: WatchCache<V1PodDisruptionBudget>;
  /** Controller kind (as in ownerReferences) → its cache; the kinds Cluster Autoscaler checks. */
  private readonly owners: Map<string, WatchCache<KubernetesObject>>;
  private readonly byProviderID = new NodeIndex((n) => n.spec?.providerID ?? '');
  private readonly bySystemUUID = new NodeIndex((n) => n.status?.nodeInfo?.systemUUID?.toLowerCase() ?? '');
  private readonly podsOnNode = new Map<string, Map<string, V1Pod>>();
  private readonly nodeOfPod = new Map<string, string>();

  constructor(kc: KubeConfig, opts: ClusterStateOptions) {
    const core = kc.makeApiClient(CoreV1Api);
    const apps = kc.makeApiClient(AppsV1Api);
    const batch = kc.makeApiClient(BatchV1Api);
    const policy = kc.makeApiClient(PolicyV1Api);
    const cache = <T extends KubernetesObject>(what: string, path: string, list: () => Promise<KubernetesListObject<T>>, fieldSelector?: string) =>
      new WatchCache<T>(kc, { what, path, list, fieldSelector, logger: opts.logger, backoff: opts.backoff });

    this.nodes = cache('nodes', '/api/v1/nodes', () => core.listNode());
    this.pods = cache('pods', '/api/v1/pods', () => core.listPodForAllNamespaces({ fieldSelector: SCHEDULED_UNFINISHED }), SCHEDULED_UNFINISHED);
    this.pdbs = cache('poddisruptionbudgets', '/apis/policy/v1/poddisruptionbudgets', () => policy.listPodDisruptionBudgetForAllNamespaces());
    this.owners = new Map<string, WatchCache<KubernetesObject>>([
      ['ReplicaSet', cache('replicasets', '/apis/apps/v1/replicasets', () => apps.listReplicaSetForAllNamespaces())],
      ['StatefulSet', cache('statefulsets', '/apis/apps/v1/statefulsets', () => apps.listStatefulSetForAllNamespaces())],
      ['DaemonSet', cache('daemonsets', '/apis/apps/v1/daemonsets', () => apps.listDaemonSetForAllNamespaces())],
      ['Job', cache('jobs', '/apis/batch/v1/jobs', () => batch.listJobForAllNamespaces())],
      ['ReplicationController', cache('replicationcontrollers', '/api/v1/replicationcontrollers', () => core.listReplicationControllerForAllNamespaces())],
    ]);

    for (const index of [this.byProviderID, this.bySystemUUID]) {
      this.nodes.on('add', (n) => index.add(n));
      this.nodes.on('update', (n) => index.add(n));
      this.nodes.on('delete', (n) => index.remove(n.metadata?.name ?? ''));
    }
    this.pods.on('add', (p) => this.indexPod(p));
    this.pods.on('update', (p) => this.indexPod(p));
    this.pods.on('delete', (p) => this.unindexPod(objectKey(p)));
  }

  /** Resolves when every cache holds its first list; rejects naming the resource that could not be read. */
  async start(timeoutMs?: number): Promise<void> {
    await Promise.all(this.caches().map((c) => c.start(timeoutMs)));
  }

  async stop(): Promise<void> {
    await Promise.all(this.caches().map((c) => c.stop()));
  }

  node(name: string): V1Node | undefined {
    return this.nodes.get(name);
  }

  /** The Node whose spec.providerID is exactly this. */
  nodeWithProviderID(providerID: string): V1Node | undefined {
    return this.nodeNamed(this.byProviderID.get(providerID));
  }

  /** The Node whose status.nodeInfo.systemUUID is this (lower case). */
  nodeWithSystemUUID(systemUUID: string): V1Node | undefined {
    return this.nodeNamed(this.bySystemUUID.get(systemUUID));
  }

  /** A read-only view for the drain simulation, valid until the next watch event. */
  snapshot(): DrainSnapshot {
    return {
      nodes: [...this.nodes.list()],
      podsByNode: (name) => [...(this.podsOnNode.get(name)?.values() ?? [])],
      pdbs: [...this.pdbs.list()],
      ownerExists: (namespace, kind, name) => this.owners.get(kind)?.get(name, namespace) !== undefined,
    };
  }

  private caches(): Array<WatchCache<KubernetesObject>> {
    return [this.nodes, this.pods, this.pdbs, ...this.owners.values()] as Array<WatchCache<KubernetesObject>>;
  }

  private nodeNamed(name: string | undefined): V1Node | undefined {
    return name === undefined ? undefined : this.nodes.get(name);
  }

  private indexPod(pod: V1Pod): void {
    const key = objectKey(pod);
    const node = pod.spec?.nodeName ?? '';
    if (this.nodeOfPod.get(key) !== node) this.unindexPod(key);
    if (node === '') return;
    this.nodeOfPod.set(key, node);
    let pods = this.podsOnNode.get(node);
    if (!pods) this.podsOnNode.set(node, (pods = new Map()));
    pods.set(key, pod);
  }

  private unindexPod(key: string): void {
    const node = this.nodeOfPod.get(key);
    if (node === undefined) return;
    this.nodeOfPod.delete(key);
    const pods = this.podsOnNode.get(node);
    pods?.delete(key);
    if (pods?.size === 0) this.podsOnNode.delete(node);
  }
}

/** Node names by one field of the Node; an empty field is not indexed. */
class NodeIndex {
  private readonly nameOf = new Map<string, string>();
  private readonly keyOf = new Map<string, string>();

  constructor(private readonly keyFor: (node: V1Node) => string) {}

  get(key: string): string | undefined {
    return this.nameOf.get(key);
  }

  add(node: V1Node): void {
    const name = node.metadata?.name ?? '';
    const key = this.keyFor(node);
    if (this.keyOf.get(name) === key) return;
    this.remove(name);
    if (key === '') return;
    this.keyOf.set(name, key);
    this.nameOf.set(key, name);
  }

  remove(name: string): void {
    const key = this.keyOf.get(name);
    if (key === undefined) return;
    this.keyOf.delete(name);
    if (this.nameOf.get(key) === name) this.nameOf.delete(key);
  }
}
