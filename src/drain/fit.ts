// Whether one pod fits on one destination node, by the scheduler's filters that depend only on the
// node: taints, nodeSelector, required node affinity, pod count and resource requests.
import type { V1Pod } from '@kubernetes/client-node';
import type { Destination } from './destinations.js';
import { matchesNodeSelector, matchesRequiredAffinity } from './node-affinity.js';
import type { ResourceList } from './resource-list.js';
import { formatTaint, untoleratedTaint } from './tolerations.js';

const NANO = 1_000_000_000n;

/**
 * Why the pod cannot go to the node, in words ("insufficient cpu"); empty when it fits. Like the
 * scheduler, a node the pod may not run on is not examined for room.
 */
export function fitFailures(pod: V1Pod, requests: ResourceList, dest: Destination): string[] {
  const failures: string[] = [];
  const taint = untoleratedTaint(dest.node.spec?.taints ?? [], pod.spec?.tolerations ?? []);
  if (taint) failures.push(`untolerated taint ${formatTaint(taint)}`);
  if (!matchesNodeSelector(pod, dest.node)) failures.push('nodeSelector does not match');
  if (!matchesRequiredAffinity(pod, dest.node)) failures.push('required node affinity does not match');
  if (failures.length > 0) return failures;
  const { allocatable, requested, podCount } = dest.usage();
  if (BigInt(podCount + 1) * NANO > (allocatable.get('pods') ?? 0n)) failures.push('too many pods');
  for (const [resource, amount] of requests) {
    // As in the scheduler, a zero request fits even on an overcommitted node.
    if (amount <= 0n) continue;
    const free = (allocatable.get(resource) ?? 0n) - (requested.get(resource) ?? 0n);
    if (amount > free) failures.push(`insufficient ${resource}`);
  }
  return failures;
}
