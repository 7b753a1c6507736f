// The nodes evicted pods could land on: Ready, schedulable, not going away. Each keeps a running
// total of what is requested on it, so placements in one simulation add up. Totals are computed on
// first use: first-fit rarely looks past the first few nodes, and a cluster may have thousands.
import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { isFinished } from './finished.js';
import { podRequests } from './pod-requests.js';
import { addInto, readResources, type ResourceList } from './resource-list.js';
import type { DrainSnapshot } from './types.js';

const TO_BE_DELETED_TAINT = 'ToBeDeletedByClusterAutoscaler';
/** Taints the node lifecycle controller sets on nodes that stopped reporting. */
const UNHEALTHY_TAINTS = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'];

export interface Usage {
  allocatable: ResourceList;
  /** Requests of the pods bound to the node (finished pods excluded) plus those placed by the simulation. */
  requested: ResourceList;
  podCount: number;
}

export class Destination {
  private used: Usage | undefined;

  constructor(
    readonly name: string,
    readonly node: V1Node,
    private readonly pods: () => V1Pod[],
  ) {}

  usage(): Usage {
    if (this.used) return this.used;
    const requested: ResourceList = new Map();
    let podCount = 0;
    for (const pod of this.pods()) {
      if (isFinished(pod)) continue;
      addInto(requested, podRequests(pod));
      podCount++;
    }
    const allocatable = readResources(this.node.status?.allocatable, `node ${this.name} status.allocatable`);
    return (this.used = { allocatable, requested, podCount });
  }

  place(requests: ResourceList): void {
    const u = this.usage();
    addInto(u.requested, requests);
    u.podCount++;
  }
}

export interface ExcludedNode {
  name: string;
  /** "is cordoned", "is not Ready", ... */
  reason: string;
}

export interface Destinations {
  /** Sorted by name: the order first-fit tries them. */
  usable: Destination[];
  excluded: ExcludedNode[];
}

export function findDestinations(snapshot: DrainSnapshot, removing: ReadonlySet<string>): Destinations {
  const usable: Destination[] = [];
  const excluded: ExcludedNode[] = [];
  for (const node of snapshot.nodes) {
    const name = node.metadata?.name ?? '';
    if (removing.has(name)) continue;
    const reason = unusable(node);
    if (reason === undefined) usable.push(new Destination(name, node, () => snapshot.podsByNode(name)));
    else excluded.push({ name, reason });
  }
  usable.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { usable, excluded };
}

function unusable(node: V1Node): string | undefined {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
  if (ready?.status !== 'True') return 'is not Ready';
  if (node.spec?.unschedulable === true) return 'is cordoned';
  const taints = node.spec?.taints ?? [];
  if (taints.some((t) => t.key === TO_BE_DELETED_TAINT)) return `is being scaled down (tainted ${TO_BE_DELETED_TAINT})`;
  const unhealthy = taints.find((t) => UNHEALTHY_TAINTS.includes(t.key));
  if (unhealthy) return `is tainted ${unhealthy.key}`;
  return undefined;
}
