// Drain simulation (DESIGN §6): could these nodes go now, and where would their pods land?
// Pure over a snapshot. Pods that must move are placed one by one on the remaining nodes, largest
// first (cpu, then memory), each on the first node by name that fits it: first-fit decreasing.
import type { V1Pod } from '@kubernetes/client-node';
import { NotFoundError } from '../errors.js';
import { classifyPod } from './classify.js';
import { findDestinations, type Destinations } from './destinations.js';
import { fitFailures } from './fit.js';
import { PdbBudgets } from './pdb-budgets.js';
import { nameOf, namespaceOf, objectKey } from './object-ref.js';
import { podRequests } from './pod-requests.js';
import type { ResourceList } from './resource-list.js';
import type { DrainReport, DrainSnapshot, NodeDrain, PodVerdict } from './types.js';

interface Moving {
  pod: V1Pod;
  key: string;
  requests: ResourceList;
  verdict: PodVerdict;
}

/** Throws NotFoundError when a named node is not in the snapshot. */
export function simulateDrain(snapshot: DrainSnapshot, nodeNames: readonly string[]): DrainReport {
  const names = [...new Set(nodeNames)];
  const known = new Set(snapshot.nodes.map((n) => n.metadata?.name));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) throw new NotFoundError(`drain simulation: node ${unknown.join(', ')} is not in the cluster`);

  const budgets = new PdbBudgets(snapshot.pdbs);
  const nodes: NodeDrain[] = [];
  const moving: Moving[] = [];
  for (const node of names) {
    const pods: PodVerdict[] = [];
    for (const pod of snapshot.podsByNode(node)) {
      const c = classifyPod(pod, { snapshot, budgets, node });
      const verdict: PodVerdict = { namespace: namespaceOf(pod), name: nameOf(pod), ...c };
      pods.push(verdict);
      if (c.verdict === 'moves') moving.push({ pod, key: objectKey(pod), requests: podRequests(pod), verdict });
    }
    nodes.push({ name: node, pods });
  }

  place(moving, findDestinations(snapshot, new Set(names)));

  const blockers = nodes.flatMap((n) =>
    n.pods.filter((p) => p.verdict === 'blocks').map((p) => ({ pod: `${p.namespace}/${p.name}`, node: n.name, rule: p.rule, reason: p.reason })),
  );
  return { allowed: blockers.length === 0, nodes, blockers };
}

function place(moving: Moving[], dest: Destinations): void {
  moving.sort(largestFirst);
  for (const m of moving) {
    const failed = new Map<string, string[]>();
    const target = dest.usable.find((d) => {
      const why = fitFailures(m.pod, m.requests, d);
      for (const w of why) {
        const nodes = failed.get(w);
        if (nodes) nodes.push(d.name);
        else failed.set(w, [d.name]);
      }
      return why.length === 0;
    });
    if (target) {
      target.place(m.requests);
      m.verdict.destination = target.name;
    } else {
      m.verdict.verdict = 'blocks';
      m.verdict.rule = 'does-not-fit';
      m.verdict.reason = noFitReason(failed, dest);
    }
  }
}

function largestFirst(a: Moving, b: Moving): number {
  for (const r of ['cpu', 'memory']) {
    const x = a.requests.get(r) ?? 0n;
    const y = b.requests.get(r) ?? 0n;
    if (x !== y) return x > y ? -1 : 1;
  }
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

const NAMES_SHOWN = 3;

// Summarised like the scheduler's "0/5 nodes are available" message: each reason with the nodes it applies to.
function noFitReason(failed: Map<string, string[]>, dest: Destinations): string {
  const excluded = dest.excluded.map((e) => `${e.name} ${e.reason}`);
  if (dest.usable.length === 0) {
    return `does not fit anywhere: no other node is Ready and schedulable${excluded.length > 0 ? ` (${shortList(excluded)})` : ''}`;
  }
  const why = [...failed].map(([reason, nodes]) => `${reason} on ${nodes.length === 1 ? '' : `${nodes.length} nodes: `}${shortList(nodes)}`);
  if (excluded.length > 0) why.push(`not considered: ${shortList(excluded)}`);
  return `does not fit on any remaining node: ${why.join('; ')}`;
}

function shortList(items: readonly string[]): string {
  const shown = items.slice(0, NAMES_SHOWN).join(', ');
  return items.length > NAMES_SHOWN ? `${shown} and ${items.length - NAMES_SHOWN} more` : shown;
}
