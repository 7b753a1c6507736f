// URL paths exactly as the real API lays them out, parsed into what a request is about.
import { byPath, RESOURCES, type ResourceType } from './resources.js';

export type Route =
  | { type: 'discovery'; what: 'api' | 'apis' | 'version' }
  | { type: 'resources'; group: string; version: string }
  | { type: 'resource'; resource: ResourceType; namespace: string | undefined; name: string | undefined; sub: string | undefined };

/**
 * /api/v1/nodes[/{name}[/{sub}]], /api/v1/pods (all namespaces), /api/v1/namespaces/{ns}/pods[/{name}[/{sub}]],
 * /apis/{group}/{version}/… likewise. Undefined when the path names nothing the fake serves.
 */
export function parseRoute(pathname: string): Route | undefined {
  const seg = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (seg.length === 1 && (seg[0] === 'api' || seg[0] === 'apis' || seg[0] === 'version')) return { type: 'discovery', what: seg[0] };
  let group: string;
  let version: string;
  let rest: string[];
  if (seg[0] === 'api' && seg.length >= 2) [group, version, rest] = ['', seg[1]!, seg.slice(2)];
  else if (seg[0] === 'apis' && seg.length >= 3) [group, version, rest] = [seg[1]!, seg[2]!, seg.slice(3)];
  else return undefined;
  if (!RESOURCES.some((r) => r.group === group && r.version === version)) return undefined;
  if (rest.length === 0) return { type: 'resources', group, version };

  const namespacedPlural = rest[0] === 'namespaces' && rest.length >= 3 ? byPath(group, version, rest[2]!) : undefined;
  if (namespacedPlural?.namespaced && rest.length <= 5) {
    return { type: 'resource', resource: namespacedPlural, namespace: rest[1], name: rest[3], sub: rest[4] };
  }
  const resource = byPath(group, version, rest[0]!);
  if (!resource || rest.length > 3 || (resource.namespaced && rest.length > 1)) return undefined;
  return { type: 'resource', resource, namespace: undefined, name: rest[1], sub: rest[2] };
}
