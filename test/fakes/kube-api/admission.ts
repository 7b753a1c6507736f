// What the real server does to an object's content on every write, for the kinds where it matters to us.
import type { ResourceType } from './resources.js';
import { badRequest } from './status.js';
import type { KubeObject } from './store.js';

// metav1.MicroTime decodes with Go's RFC3339Micro layout: exactly six fractional digits. A plain JS
// Date (milliseconds) is rejected with 400 by a real server; client-node's V1MicroTime gets this right.
const MICRO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}(Z|[+-]\d\d:\d\d)$/;

function checkLease(r: ResourceType, obj: KubeObject): void {
  const spec = (obj['spec'] ?? {}) as Record<string, unknown>;
  for (const field of ['acquireTime', 'renewTime']) {
    const v = spec[field];
    if (v !== undefined && v !== null && (typeof v !== 'string' || !MICRO_TIME.test(v))) {
      const why = `spec.${field}: ${JSON.stringify(v)} is not a MicroTime (RFC 3339 with exactly 6 fractional digits)`;
      throw badRequest(`${r.kind} "${obj.metadata.name ?? ''}" in version "${r.version}" cannot be handled as a ${r.kind}: ${why}`);
    }
  }
}

/** Secrets: stringData is write-only and folded into base64 data. */
function foldStringData(obj: KubeObject): void {
  const stringData = obj['stringData'] as Record<string, string> | undefined;
  if (!stringData) return;
  const data = { ...((obj['data'] as Record<string, string> | undefined) ?? {}) };
  for (const [k, v] of Object.entries(stringData)) data[k] = Buffer.from(v, 'utf8').toString('base64');
  obj['data'] = data;
  delete obj['stringData'];
}

/** Mutates `obj` as the server's defaulting would; throws a 400 Status for content it would reject. */
export function admit(r: ResourceType, obj: KubeObject): void {
  if (r.kind === 'Lease') checkLease(r, obj);
  if (r.kind === 'Secret') foldStringData(obj);
}
