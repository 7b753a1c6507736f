// Resource amounts keyed by resource name ("cpu", "memory", "nvidia.com/gpu"), exact in nano-units.
import { parseQuantity, QuantityError } from '../k8s/quantity.js';
import { DrainInputError } from './types.js';

export type ResourceList = Map<string, bigint>;

/** Parses a Kubernetes resource map; `where` names the object and field for the error. */
export function readResources(list: Record<string, string> | undefined, where: string): ResourceList {
  const out: ResourceList = new Map();
  for (const [name, text] of Object.entries(list ?? {})) {
    try {
      out.set(name, nanosOf(text));
    } catch (err) {
      if (!(err instanceof QuantityError)) throw err;
      throw new DrainInputError(`${where}.${name}: ${err.message}`, { cause: err });
    }
  }
  return out;
}

// Clusters repeat the same few quantity strings ("500m", "1Gi") on thousands of pods.
const parsed = new Map<string, bigint>();
const PARSED_MAX = 10_000;

function nanosOf(text: string): bigint {
  let nanos = parsed.get(text);
  if (nanos === undefined) {
    nanos = parseQuantity(text).nanos;
    if (parsed.size >= PARSED_MAX) parsed.clear();
    parsed.set(text, nanos);
  }
  return nanos;
}

export function addInto(target: ResourceList, add: ResourceList): void {
  for (const [name, v] of add) target.set(name, (target.get(name) ?? 0n) + v);
}

export function maxInto(target: ResourceList, other: ResourceList): void {
  for (const [name, v] of other) if (v > (target.get(name) ?? 0n)) target.set(name, v);
}
