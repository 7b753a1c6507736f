// POST pods/{name}/eviction (policy/v1 Eviction): the PDB check kubectl drain and CA rely on.
import { byKind } from './resources.js';
import { selectorObjectMatcher, type LabelSelectorObject } from './selectors.js';
import { badRequest, KubeStatusError, success } from './status.js';
import type { KubeObject, ObjectStore } from './store.js';
import { get, type Reply } from './verbs.js';

interface PdbStatus {
  disruptionsAllowed?: number;
  disruptedPods?: Record<string, string>;
  [field: string]: unknown;
}

export function evict(store: ObjectStore, namespace: string, name: string, body: unknown): Reply {
  const pods = byKind('Pod');
  const evictionName = (body as { metadata?: { name?: string } } | undefined)?.metadata?.name;
  if (evictionName !== undefined && evictionName !== name) {
    throw badRequest(`name in URL does not match name in Eviction object (${evictionName} vs ${name})`);
  }
  const pod = get(store, { resource: pods, namespace, name, sub: undefined });
  const phase = (pod['status'] as { phase?: string } | undefined)?.phase;
  // Finished pods are not protected by any budget.
  if (phase !== 'Succeeded' && phase !== 'Failed') checkBudget(store, pod);
  store.remove(pods, namespace, name);
  return { code: 201, body: success(201) };
}

function checkBudget(store: ObjectStore, pod: KubeObject): void {
  const pdbs = byKind('PodDisruptionBudget');
  const covering = store
    .list(pdbs, pod.metadata.namespace)
    .filter((pdb) => selectorObjectMatcher((pdb['spec'] as { selector?: LabelSelectorObject } | undefined)?.selector)(pod));
  if (covering.length > 1) {
    throw new KubeStatusError(500, 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
  }
  const pdb = covering[0];
  if (!pdb) return;
  const status: PdbStatus = (pdb['status'] as PdbStatus | undefined) ?? {};
  if ((status.disruptionsAllowed ?? 0) <= 0) {
    const cause = { reason: 'DisruptionBudget', message: `The disruption budget ${pdb.metadata.name ?? ''} needs more healthy pods to allow this disruption` };
    throw new KubeStatusError(429, "Cannot evict pod as it would violate the pod's disruption budget.", 'TooManyRequests', { causes: [cause] });
  }
  const disruptedPods = { ...status.disruptedPods, [pod.metadata.name ?? '']: new Date().toISOString() };
  store.write(pdbs, { ...pdb, status: { ...status, disruptionsAllowed: (status.disruptionsAllowed ?? 0) - 1, disruptedPods } });
}
