// A node group's template resources: checked as a whole (required resources, allocatable not
// negative) and canonicalised. allocatable = capacity − reserved − evictionHard, as the kubelet.
import { z } from 'zod';
import {
  formatQuantity,
  parsePercentage,
  parseQuantity,
  percentOfQuantity,
  subtractQuantity,
  type Percentage,
  type Quantity,
} from '../k8s/quantity.js';
import type { TaintConfig, TemplateConfig } from './types.js';

export interface TemplateInput {
  labels: Record<string, string>;
  taints: TaintConfig[];
  capacity: Record<string, Quantity>;
  reserved: Record<string, Quantity>;
  evictionHard: Record<string, Quantity | Percentage>;
  arch: string;
  os: string;
}

const REQUIRED_CAPACITY = ['cpu', 'memory', 'pods'];

/** Zod transform of a template; adds an issue for each problem found. */
export function compileTemplate(t: TemplateInput, ctx: z.RefinementCtx): TemplateConfig {
  let ok = true;
  const fail = (path: string[], message: string): void => {
    ctx.addIssue({ code: 'custom', path, message });
    ok = false;
  };
  const missing = REQUIRED_CAPACITY.filter((r) => t.capacity[r] === undefined);
  if (missing.length > 0) fail(['capacity'], `must include ${missing.join(', ')}`);
  for (const section of ['reserved', 'evictionHard'] as const) {
    for (const resource of Object.keys(t[section])) {
      if (t.capacity[resource] === undefined) fail([section, resource], `resource "${resource}" is not in capacity`);
    }
  }
  const out: TemplateConfig = {
    labels: t.labels,
    taints: t.taints,
    capacity: formatAll(t.capacity),
    reserved: formatAll(t.reserved),
    evictionHard: Object.fromEntries(
      Object.entries(t.evictionHard).map(([k, v]) => [k, 'numerator' in v ? v.text : formatQuantity(v)]),
    ),
    arch: t.arch,
    os: t.os,
  };
  if (!ok) return z.NEVER;
  for (const [resource, left] of Object.entries(templateAllocatable(out))) {
    if (left.nanos >= 0n) continue;
    const parts = [`capacity ${out.capacity[resource]}`];
    const reserved = out.reserved[resource];
    if (reserved !== undefined) parts.push(`reserved ${reserved}`);
    const eviction = evictionThreshold(out, resource);
    if (eviction !== undefined) parts.push(`evictionHard ${formatQuantity(eviction)}`);
    fail(['capacity', resource], `allocatable ${resource} would be negative: ${parts.join(' - ')} = ${formatQuantity(left)}`);
  }
  return ok ? out : z.NEVER;
}

/** allocatable = capacity − reserved − evictionHard for every capacity resource (the template Node's). */
export function templateAllocatable(t: TemplateConfig): Record<string, Quantity> {
  const out: Record<string, Quantity> = {};
  for (const [resource, text] of Object.entries(t.capacity)) {
    let left = parseQuantity(text);
    const reserved = t.reserved[resource];
    if (reserved !== undefined) left = subtractQuantity(left, parseQuantity(reserved));
    const eviction = evictionThreshold(t, resource);
    if (eviction !== undefined) left = subtractQuantity(left, eviction);
    out[resource] = left;
  }
  return out;
}

/** A resource's hard eviction threshold as a quantity; percentages are of its capacity. */
export function evictionThreshold(t: TemplateConfig, resource: string): Quantity | undefined {
  const text = t.evictionHard[resource];
  const capacity = t.capacity[resource];
  if (text === undefined || capacity === undefined) return undefined;
  return text.endsWith('%') ? percentOfQuantity(parseQuantity(capacity), parsePercentage(text)) : parseQuantity(text);
}

function formatAll(m: Record<string, Quantity>): Record<string, string> {
  return Object.fromEntries(Object.entries(m).map(([k, q]) => [k, formatQuantity(q)]));
}
