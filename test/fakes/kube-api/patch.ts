// The three patch formats the real server accepts from JSON clients.
import { badRequest, KubeStatusError } from './status.js';

type Json = unknown;
type JsonObject = Record<string, Json>;

const isObject = (v: Json): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

function unprocessable(message: string): KubeStatusError {
  return new KubeStatusError(422, message, 'Invalid');
}

// ---- RFC 6902 JSON Patch ----

interface Operation {
  op: string;
  path: string;
  from?: string;
  value?: Json;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw unprocessable(`JSON pointer "${path}" must start with "/"`);
  return path.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The container holding the pointer's last token; the parent must exist, as on the real server. */
function parentOf(doc: Json, tokens: string[], path: string): { parent: JsonObject | Json[]; last: string } {
  let cur = doc;
  for (const t of tokens.slice(0, -1)) {
    const next = Array.isArray(cur) ? cur[Number(t)] : isObject(cur) ? cur[t] : undefined;
    if (next === undefined || next === null || typeof next !== 'object') throw unprocessable(`doc is missing path: "${path}"`);
    cur = next;
  }
  if (cur === null || typeof cur !== 'object') throw unprocessable(`doc is missing path: "${path}"`);
  return { parent: cur as JsonObject | Json[], last: tokens[tokens.length - 1]! };
}

function arrayIndex(arr: Json[], token: string, path: string, forInsert: boolean): number {
  if (forInsert && token === '-') return arr.length;
  const i = /^\d+$/.test(token) ? Number(token) : NaN;
  if (!(i >= 0 && i < arr.length + (forInsert ? 1 : 0))) throw unprocessable(`index out of range in "${path}"`);
  return i;
}

function read(doc: Json, path: string): Json {
  const tokens = pointer(path);
  if (tokens.length === 0) return doc;
  const { parent, last } = parentOf(doc, tokens, path);
  const v = Array.isArray(parent) ? parent[arrayIndex(parent, last, path, false)] : parent[last];
  if (v === undefined) throw unprocessable(`doc is missing key: "${path}"`);
  return v;
}

function removeAt(doc: Json, path: string): Json {
  const { parent, last } = parentOf(doc, pointer(path), path);
  if (Array.isArray(parent)) return parent.splice(arrayIndex(parent, last, path, false), 1)[0];
  if (!Object.hasOwn(parent, last)) throw unprocessable(`remove operation does not apply: doc is missing key: "${path}"`);
  const v = parent[last];
  delete parent[last];
  return v;
}

function addAt(doc: Json, path: string, value: Json): Json {
  const tokens = pointer(path);
  if (tokens.length === 0) return value;
  const { parent, last } = parentOf(doc, tokens, path);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, path, true), 0, value);
  else parent[last] = value;
  return doc;
}

export function applyJsonPatch(doc: Json, ops: Json): Json {
  if (!Array.isArray(ops)) throw badRequest('json patch must be a JSON array of operations');
  let out = structuredClone(doc);
  for (const raw of ops) {
    const op = raw as Operation;
    const value = structuredClone(op.value);
    switch (op.op) {
      case 'add':
        out = addAt(out, op.path, value);
        break;
      case 'remove':
        removeAt(out, op.path);
        break;
      case 'replace':
        read(out, op.path);
        removeAt(out, op.path);
        out = addAt(out, op.path, value);
        break;
      case 'move':
        out = addAt(out, op.path, removeAt(out, op.from ?? ''));
        break;
      case 'copy':
        out = addAt(out, op.path, structuredClone(read(out, op.from ?? '')));
        break;
      case 'test':
        if (JSON.stringify(read(out, op.path)) !== JSON.stringify(value)) throw unprocessable(`testing value ${op.path} failed`);
        break;
      default:
        throw badRequest(`unknown json patch operation "${String(op.op)}"`);
    }
  }
  return out;
}

// ---- RFC 7386 JSON Merge Patch ----

export function applyMergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return structuredClone(patch);
  const out: JsonObject = isObject(target) ? structuredClone(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = applyMergePatch(out[k], v);
  }
  return out;
}

// ---- Strategic merge patch (the subset we rely on) ----

/**
 * Lists that Kubernetes' Go types mark `patchStrategy:"merge"`, by field name, with their merge key.
 * Node `spec.taints` is deliberately absent: it has no patch strategy upstream, so a strategic patch
 * replaces the whole list there too.
 */
const MERGE_KEYS: Record<string, string> = {
  conditions: 'type',
  addresses: 'type',
  containers: 'name',
  initContainers: 'name',
  volumes: 'name',
  env: 'name',
  ownerReferences: 'uid',
};

function mergeKeyedList(current: Json, patch: Json[], key: string): Json[] {
  const out = Array.isArray(current) ? structuredClone(current) : [];
  for (const item of patch) {
    if (!isObject(item)) throw badRequest(`strategic merge patch: list items merged by "${key}" must be objects`);
    const { $patch: directive, ...rest } = item;
    const at = out.findIndex((e) => isObject(e) && e[key] === item[key]);
    if (directive === 'delete') {
      if (at >= 0) out.splice(at, 1);
    } else if (at >= 0) out[at] = applyStrategic(out[at], rest);
    else out.push(applyStrategic(undefined, rest));
  }
  return out;
}

/** Merge patch, except keyed lists merge item by item and `$patch: delete` removes an item. */
export function applyStrategic(target: Json, patch: Json): Json {
  if (!isObject(patch)) return structuredClone(patch);
  const out: JsonObject = isObject(target) ? structuredClone(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    // Ordering hints kubectl sends; list order does not matter to us.
    if (k.startsWith('$setElementOrder/') || k === '$retainKeys') continue;
    const mergeKey = MERGE_KEYS[k];
    if (v === null) delete out[k];
    else if (mergeKey && Array.isArray(v)) out[k] = mergeKeyedList(out[k], v, mergeKey);
    else out[k] = applyStrategic(out[k], v);
  }
  return out;
}
