// Label and field selectors in the API's query-string syntax, and the LabelSelector object PDBs use.
import type { ResourceType } from './resources.js';
import { badRequest } from './status.js';
import type { KubeObject } from './store.js';

type Op = 'in' | 'notin' | 'exists' | '!exists';
interface Requirement {
  key: string;
  op: Op;
  values: string[];
}
export type Matcher = (obj: KubeObject) => boolean;

/** Splits on commas outside parentheses: "a in (x,y),b!=c" → ["a in (x,y)", "b!=c"]. */
function splitTerms(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim() !== '') out.push(cur.trim());
  return out;
}

function parseTerm(term: string): Requirement {
  const set = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
  if (set) return { key: set[1]!, op: set[2] as Op, values: set[3]!.split(',').map((v) => v.trim()) };
  const cmp = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(term);
  if (cmp) return { key: cmp[1]!, op: cmp[2] === '!=' ? 'notin' : 'in', values: [cmp[3]!] };
  const exists = /^(!?)([^=!\s(),]+)$/.exec(term);
  if (exists) return { key: exists[2]!, op: exists[1] ? '!exists' : 'exists', values: [] };
  throw badRequest(`unable to parse requirement: "${term}"`);
}

function holds(req: Requirement, labels: Record<string, string>): boolean {
  const has = Object.hasOwn(labels, req.key);
  switch (req.op) {
    case 'exists':
      return has;
    case '!exists':
      return !has;
    case 'in':
      return has && req.values.includes(labels[req.key]!);
    case 'notin':
      return !has || !req.values.includes(labels[req.key]!);
  }
}

function labelsMatcher(reqs: Requirement[]): Matcher {
  return (obj) => reqs.every((r) => holds(r, obj.metadata.labels ?? {}));
}

export function parseLabelSelector(s: string | null): Matcher {
  return labelsMatcher(s ? splitTerms(s).map(parseTerm) : []);
}

export interface LabelSelectorObject {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

const OPERATORS: Record<string, Op> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!exists' };

/** policy/v1 semantics: an empty selector matches every pod, an absent one none. */
export function selectorObjectMatcher(sel: LabelSelectorObject | undefined): Matcher {
  if (!sel) return () => false;
  const reqs: Requirement[] = Object.entries(sel.matchLabels ?? {}).map(([key, v]) => ({ key, op: 'in', values: [v] }));
  for (const e of sel.matchExpressions ?? []) {
    const op = OPERATORS[e.operator];
    if (!op) throw badRequest(`unsupported label selector operator "${e.operator}" for key "${e.key}"`);
    reqs.push({ key: e.key, op, values: e.values ?? [] });
  }
  return labelsMatcher(reqs);
}

function fieldValue(obj: KubeObject, path: string): string {
  let cur: unknown = obj;
  for (const part of path.split('.')) cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[part] : undefined;
  return cur === undefined || cur === null ? (path === 'spec.unschedulable' ? 'false' : '') : String(cur);
}

/** Only the field labels the real server supports for the resource; others are a 400 as there. */
export function parseFieldSelector(s: string | null, r: ResourceType): Matcher {
  const terms = (s ? splitTerms(s) : []).map((term) => {
    const m = /^([^=!]+)(==|=|!=)(.*)$/.exec(term);
    if (!m) throw badRequest(`invalid field selector: "${term}"`);
    const field = m[1]!.trim();
    if (field !== 'metadata.name' && field !== 'metadata.namespace' && !r.fieldLabels.includes(field)) {
      throw badRequest(`field label not supported: ${field}`);
    }
    return { field, negate: m[2] === '!=', value: m[3]!.trim() };
  });
  return (obj) => terms.every((t) => (fieldValue(obj, t.field) === t.value) !== t.negate);
}
