// Where a pod may run by node labels: spec.nodeSelector (every pair must match) and required node
// affinity (terms ORed, a term's expressions ANDed), with the scheduler's operator semantics.
import type { V1Node, V1NodeSelectorRequirement, V1NodeSelectorTerm, V1Pod } from '@kubernetes/client-node';
import { labelValue } from './label-selector.js';

export function matchesNodeSelector(pod: V1Pod, node: V1Node): boolean {
  const labels = node.metadata?.labels;
  return Object.entries(pod.spec?.nodeSelector ?? {}).every(([key, value]) => labelValue(labels, key) === value);
}

export function matchesRequiredAffinity(pod: V1Pod, node: V1Node): boolean {
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required) return true;
  return required.nodeSelectorTerms.some((term) => matchesTerm(term, node));
}

// An empty term matches nothing, as in Kubernetes.
function matchesTerm(term: V1NodeSelectorTerm, node: V1Node): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata?.labels;
  return (
    exprs.every((req) => matchesRequirement(req, labelValue(labels, req.key))) &&
    // The only field Kubernetes supports here is metadata.name.
    fields.every((req) => req.key === 'metadata.name' && matchesRequirement(req, node.metadata?.name))
  );
}

function matchesRequirement(req: V1NodeSelectorRequirement, value: string | undefined): boolean {
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt':
      return compareIntegers(req.operator, value, values);
    default:
      return false;
  }
}

// Gt/Lt take exactly one integer value and need the label to be an integer too.
function compareIntegers(op: 'Gt' | 'Lt', value: string | undefined, values: string[]): boolean {
  const [bound, ...rest] = values;
  const label = toInteger(value);
  const limit = toInteger(bound);
  if (label === undefined || limit === undefined || rest.length > 0) return false;
  return op === 'Gt' ? label > limit : label < limit;
}

function toInteger(text: string | undefined): bigint | undefined {
  return text !== undefined && /^[+-]?\d+$/.test(text) ? BigInt(text) : undefined;
}
