// A drain report in words: a paragraph for operators (CLI dry run) and a one-line reason for the
// FAILED_PRECONDITION answer to NodeGroupDeleteNodes.
import type { DrainVerdict } from '../registration/source.js';
import type { DrainReport, DrainRule, NodeDrain, PodVerdict } from './types.js';

export function explainDrain(report: DrainReport): string {
  const names = joinAnd(report.nodes.map((n) => n.name));
  const head = report.allowed
    ? `${names} can be powered off.`
    : `${names} cannot be powered off: ${count(report.blockers.length, 'pod blocks', 'pods block')}.`;
  return [head, ...report.nodes.map(explainNode)].join('\n');
}

/** The verdict a DrainGuard returns; the reason names the first blocking pod, its node and why. */
export function drainVerdict(report: DrainReport): DrainVerdict {
  const [first, ...rest] = report.blockers;
  if (!first) return { allowed: true };
  const more = rest.length > 0 ? ` (and ${count(rest.length, 'more pod blocks', 'more pods block')})` : '';
  return { allowed: false, reason: `pod ${first.pod} on ${first.node} ${first.reason}${more}` };
}

function explainNode(node: NodeDrain): string {
  const blocking = node.pods.filter((p) => p.verdict === 'blocks');
  if (blocking.length > 0) {
    return `Node ${node.name} cannot go: ${blocking.map((p) => `pod ${p.namespace}/${p.name} ${p.reason}`).join('; ')}.`;
  }
  const moving = node.pods.filter((p) => p.verdict === 'moves');
  const staying = ignoredSummary(node.pods);
  const tail = staying === '' ? '.' : `; ${staying}.`;
  if (moving.length === 0) return `Node ${node.name} has no pods to move${tail}`;
  if (moving.length === 1) return `The one pod that must leave ${node.name} can move to ${destinations(moving)}${tail}`;
  return `All ${moving.length} pods that must leave ${node.name} can move: ${destinations(moving)}${tail}`;
}

/** "9 to r650-01, 3 to r650-02" (busiest destination first), or just "r650-01" for a single pod. */
function destinations(moving: readonly PodVerdict[]): string {
  const by = new Map<string, number>();
  for (const p of moving) if (p.destination) by.set(p.destination, (by.get(p.destination) ?? 0) + 1);
  const sorted = [...by].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
  if (moving.length === 1) return sorted.map(([dest]) => dest).join('');
  return sorted.map(([dest, n]) => `${n} to ${dest}`).join(', ');
}

const IGNORED: Array<[DrainRule, string, string]> = [
  ['daemonset', 'DaemonSet pod stays', 'DaemonSet pods stay'],
  ['mirror-pod', 'static pod stays', 'static pods stay'],
  ['finished', 'finished pod is dropped', 'finished pods are dropped'],
];

function ignoredSummary(pods: readonly PodVerdict[]): string {
  return IGNORED.map(([rule, one, many]) => {
    const n = pods.filter((p) => p.rule === rule).length;
    return n === 0 ? '' : count(n, one, many);
  })
    .filter((s) => s !== '')
    .join(', ');
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function joinAnd(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
