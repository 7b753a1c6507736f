// list, get, create, update, patch and delete on one resource type, with the real server's checks.
import { randomBytes } from 'node:crypto';
import { admit } from './admission.js';
import { applyJsonPatch, applyMergePatch, applyStrategic } from './patch.js';
import { apiVersionOf, type ResourceType } from './resources.js';
import { parseFieldSelector, parseLabelSelector, type Matcher } from './selectors.js';
import { alreadyExists, badRequest, conflict, invalid, KubeStatusError, notFound } from './status.js';
import type { KubeObject, ObjectStore } from './store.js';

export interface Reply {
  code: number;
  body: unknown;
}

export interface Target {
  resource: ResourceType;
  namespace: string | undefined;
  name: string;
  /** 'status' writes only the status; undefined writes everything but the status. */
  sub: 'status' | undefined;
}

/** Namespace of the path plus labelSelector and fieldSelector from the query. */
export function selection(r: ResourceType, namespace: string | undefined, query: URLSearchParams): Matcher {
  const labels = parseLabelSelector(query.get('labelSelector'));
  const fields = parseFieldSelector(query.get('fieldSelector'), r);
  return (o) => (namespace === undefined || o.metadata.namespace === namespace) && labels(o) && fields(o);
}

export function list(store: ObjectStore, r: ResourceType, matches: Matcher): Reply {
  const rv = String(store.resourceVersion);
  // Items of a typed list carry no kind/apiVersion on the real server either.
  const items = store.list(r).filter(matches).map(({ kind: _k, apiVersion: _a, ...rest }) => rest);
  return { code: 200, body: { kind: `${r.kind}List`, apiVersion: apiVersionOf(r), metadata: { resourceVersion: rv }, items } };
}

export function get(store: ObjectStore, t: Target): KubeObject {
  const o = store.get(t.resource, t.namespace, t.name);
  if (!o) throw notFound(t.resource, t.name);
  return o;
}

function asObject(r: ResourceType, body: unknown): KubeObject {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badRequest(`request body must be a ${r.kind} object`);
  const o = body as KubeObject;
  if (o.kind !== undefined && o.kind !== r.kind) throw badRequest(`the body is a ${String(o.kind)}, the URL names ${r.plural}`);
  if (o.apiVersion !== undefined && o.apiVersion !== apiVersionOf(r)) throw badRequest(`the body is ${String(o.apiVersion)}, the URL names ${apiVersionOf(r)}`);
  o.metadata ??= {};
  return o;
}

export function create(store: ObjectStore, r: ResourceType, namespace: string | undefined, body: unknown): Reply {
  const o = asObject(r, body);
  if (r.namespaced) {
    if (o.metadata.namespace !== undefined && o.metadata.namespace !== namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    o.metadata.namespace = namespace;
  }
  if (!o.metadata.name && o.metadata.generateName) o.metadata.name = o.metadata.generateName + randomBytes(3).toString('hex').slice(0, 5);
  if (!o.metadata.name) throw invalid(r, '', 'metadata.name', 'Required value: name or generateName is required');
  if (store.get(r, namespace, o.metadata.name)) throw alreadyExists(r, o.metadata.name);
  delete o.metadata.resourceVersion;
  delete o.metadata.uid;
  admit(r, o);
  return { code: 201, body: store.write(r, o) };
}

/** The write behind PUT and PATCH: name check, optimistic concurrency, status subresource split. */
function commit(store: ObjectStore, t: Target, current: KubeObject, next: KubeObject): KubeObject {
  if (next.metadata.name !== undefined && next.metadata.name !== t.name) {
    throw badRequest(`the name of the object (${next.metadata.name}) does not match the name on the URL (${t.name})`);
  }
  const rv = next.metadata.resourceVersion;
  if (rv !== undefined && rv !== '' && rv !== current.metadata.resourceVersion) throw conflict(t.resource, t.name);
  let out: KubeObject;
  if (t.sub === 'status') out = { ...current, status: next['status'] };
  else {
    out = { ...next, metadata: { ...next.metadata, name: t.name, namespace: t.namespace } };
    if (t.resource.hasStatus) out['status'] = current['status'];
  }
  out.metadata.uid = current.metadata.uid;
  out.metadata.creationTimestamp = current.metadata.creationTimestamp;
  admit(t.resource, out);
  return store.write(t.resource, out);
}

export function update(store: ObjectStore, t: Target, body: unknown): Reply {
  return { code: 200, body: commit(store, t, get(store, t), asObject(t.resource, body)) };
}

export const PATCH_TYPES = {
  'application/json-patch+json': applyJsonPatch,
  'application/merge-patch+json': applyMergePatch,
  'application/strategic-merge-patch+json': applyStrategic,
} as const;

export function patch(store: ObjectStore, t: Target, contentType: string, body: unknown): Reply {
  const apply = PATCH_TYPES[contentType as keyof typeof PATCH_TYPES];
  if (!apply) {
    const supported = Object.keys(PATCH_TYPES).join(', ');
    throw new KubeStatusError(415, `the body of the request was in an unknown format - accepted media types include: ${supported}`);
  }
  const current = get(store, t);
  // A resourceVersion the patch sets is a precondition, as on the real server.
  const next = asObject(t.resource, apply(current, body));
  return { code: 200, body: commit(store, t, current, next) };
}

export function remove(store: ObjectStore, t: Target, body: unknown): Reply {
  const current = get(store, t);
  const pre = (body as { preconditions?: { resourceVersion?: string; uid?: string } } | undefined)?.preconditions;
  if (pre?.resourceVersion !== undefined && pre.resourceVersion !== current.metadata.resourceVersion) throw conflict(t.resource, t.name);
  if (pre?.uid !== undefined && pre.uid !== current.metadata.uid) throw conflict(t.resource, t.name);
  // No finalizers or graceful deletion: objects go at once.
  return { code: 200, body: store.remove(t.resource, t.namespace, t.name) };
}
