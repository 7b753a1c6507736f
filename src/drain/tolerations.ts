// Taints against tolerations, as the scheduler's TaintToleration filter applies them: every
// NoSchedule or NoExecute taint must be tolerated; PreferNoSchedule only lowers a node's score.
import type { V1Taint, V1Toleration } from '@kubernetes/client-node';

/** The first taint that keeps the pod off the node, or undefined when all are tolerated. */
export function untoleratedTaint(taints: readonly V1Taint[], tolerations: readonly V1Toleration[]): V1Taint | undefined {
  return taints.find((t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerations.some((tol) => tolerates(tol, t)));
}

export function tolerates(tol: V1Toleration, taint: V1Taint): boolean {
  if (tol.effect && tol.effect !== taint.effect) return false;
  // An empty key is only valid with Exists, where it tolerates every taint.
  if (tol.key && tol.key !== taint.key) return false;
  switch (tol.operator ?? 'Equal') {
    case 'Exists':
      return true;
    case 'Equal':
    case '':
      return (tol.value ?? '') === (taint.value ?? '');
    default:
      return false;
  }
}

/** "key=value:Effect", as kubectl prints taints. */
export function formatTaint(t: V1Taint): string {
  return `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`;
}
