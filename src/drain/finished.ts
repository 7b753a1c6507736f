// Pods that have run to completion: they hold no resources, need no room and are not moved.
import type { V1Pod } from '@kubernetes/client-node';

export function isFinished(pod: V1Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}
