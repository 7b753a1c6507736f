// The resource types the fake serves, with the facts the real API server derives from its schemas.

export interface ResourceType {
  /** '' for the core group. */
  group: string;
  version: string;
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  /** Has a /status subresource: writes to the main resource keep the old status, /status writes keep the rest. */
  hasStatus: boolean;
  /** Field selector labels accepted besides metadata.name and metadata.namespace. */
  fieldLabels: readonly string[];
}

function rt(group: string, version: string, plural: string, kind: string, namespaced: boolean, hasStatus: boolean, fieldLabels: string[] = []): ResourceType {
  return { group, version, plural, singular: kind.toLowerCase(), kind, namespaced, hasStatus, fieldLabels };
}

export const RESOURCES: readonly ResourceType[] = [
  rt('', 'v1', 'nodes', 'Node', false, true, ['spec.unschedulable']),
  rt('', 'v1', 'pods', 'Pod', true, true, ['spec.nodeName', 'status.phase']),
  rt('', 'v1', 'configmaps', 'ConfigMap', true, false),
  rt('', 'v1', 'secrets', 'Secret', true, false, ['type']),
  rt('', 'v1', 'namespaces', 'Namespace', false, true, ['status.phase']),
  rt('', 'v1', 'events', 'Event', true, false, ['involvedObject.kind', 'involvedObject.name', 'involvedObject.namespace', 'involvedObject.uid', 'reason', 'type']),
  rt('policy', 'v1', 'poddisruptionbudgets', 'PodDisruptionBudget', true, true),
  rt('apps', 'v1', 'replicasets', 'ReplicaSet', true, true),
  rt('apps', 'v1', 'daemonsets', 'DaemonSet', true, true),
  rt('apps', 'v1', 'statefulsets', 'StatefulSet', true, true),
  rt('apps', 'v1', 'deployments', 'Deployment', true, true),
  rt('coordination.k8s.io', 'v1', 'leases', 'Lease', true, false),
];

export function apiVersionOf(r: ResourceType): string {
  return r.group === '' ? r.version : `${r.group}/${r.version}`;
}

/** "pods", "leases.coordination.k8s.io": how the real server names a resource in messages. */
export function qualifiedName(r: ResourceType): string {
  return r.group === '' ? r.plural : `${r.plural}.${r.group}`;
}

export function byPath(group: string, version: string, plural: string): ResourceType | undefined {
  return RESOURCES.find((r) => r.group === group && r.version === version && r.plural === plural);
}

/** Accepts "Node", "nodes" or "Lease"; throws naming the kind when the fake does not serve it. */
export function byKind(kind: string): ResourceType {
  const r = RESOURCES.find((x) => x.kind === kind || x.plural === kind);
  if (!r) throw new Error(`fake kube-api: unknown kind "${kind}" (serves ${RESOURCES.map((x) => x.kind).join(', ')})`);
  return r;
}
