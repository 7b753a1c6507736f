// How namespaced objects (pods, PodDisruptionBudgets) are named in verdicts and messages.
import type { V1ObjectMeta } from '@kubernetes/client-node';

interface Namespaced {
  metadata?: V1ObjectMeta;
}

/** The namespace, "default" when unset (as the API server would fill it). */
export function namespaceOf(obj: Namespaced): string {
  return obj.metadata?.namespace ?? 'default';
}

export function nameOf(obj: Namespaced): string {
  return obj.metadata?.name ?? '<unnamed>';
}

/** "namespace/name". */
export function objectKey(obj: Namespaced): string {
  return `${namespaceOf(obj)}/${nameOf(obj)}`;
}
