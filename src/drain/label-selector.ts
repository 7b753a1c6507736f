// metav1.LabelSelector semantics as PodDisruptionBudgets use them: matchLabels and matchExpressions
// are ANDed; an empty selector matches every pod, a missing one matches none.
import type { V1LabelSelector, V1LabelSelectorRequirement } from '@kubernetes/client-node';

export type SelectorMatch = { ok: true; matches: boolean } | { ok: false; problem: string };

export function matchLabelSelector(selector: V1LabelSelector | undefined, labels: Record<string, string>): SelectorMatch {
  if (!selector) return { ok: true, matches: false };
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labelValue(labels, key) !== value) return { ok: true, matches: false };
  }
  for (const req of selector.matchExpressions ?? []) {
    const m = matchRequirement(req, labels);
    if (!m.ok || !m.matches) return m;
  }
  return { ok: true, matches: true };
}

function matchRequirement(req: V1LabelSelectorRequirement, labels: Record<string, string>): SelectorMatch {
  const value = labelValue(labels, req.key);
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return { ok: true, matches: value !== undefined && values.includes(value) };
    case 'NotIn':
      return { ok: true, matches: value === undefined || !values.includes(value) };
    case 'Exists':
      return { ok: true, matches: value !== undefined };
    case 'DoesNotExist':
      return { ok: true, matches: value === undefined };
    default:
      return { ok: false, problem: `matchExpressions key ${JSON.stringify(req.key)} has unknown operator ${JSON.stringify(req.operator)}` };
  }
}

/** A label's value; own properties only, so a label named "constructor" is not found on every object. */
export function labelValue(labels: Record<string, string> | undefined, key: string): string | undefined {
  return labels !== undefined && Object.hasOwn(labels, key) ? labels[key] : undefined;
}
