// PodDisruptionBudgets as one pool of remaining disruptions for the whole simulation: pods leaving
// several nodes at once draw on the same budget, as Cluster Autoscaler's PDB tracker does.
import type { V1Pod, V1PodDisruptionBudget } from '@kubernetes/client-node';
import { matchLabelSelector } from './label-selector.js';
import { namespaceOf, objectKey } from './object-ref.js';

interface Budget {
  key: string;
  remaining: number;
  /** "pod ns/name on node" for each pod of this simulation that used the budget, for explanations. */
  takenBy: string[];
}

export interface PdbCover {
  budget: Budget;
  /** Why the pod blocks when the PDB's selector cannot be read: it might cover any pod of its namespace. */
  problem?: string;
}

export class PdbBudgets {
  private readonly budgets: Array<{ pdb: V1PodDisruptionBudget; budget: Budget }>;

  constructor(pdbs: readonly V1PodDisruptionBudget[]) {
    this.budgets = pdbs.map((pdb) => ({
      pdb,
      budget: {
        key: objectKey(pdb),
        // No status yet means the disruption controller has not computed it: allow nothing.
        remaining: pdb.status?.disruptionsAllowed ?? 0,
        takenBy: [],
      },
    }));
  }

  /** The PDBs in the pod's namespace whose selector covers it. */
  covering(pod: V1Pod): PdbCover[] {
    const namespace = namespaceOf(pod);
    const labels = pod.metadata?.labels ?? {};
    const out: PdbCover[] = [];
    for (const { pdb, budget } of this.budgets) {
      if (namespaceOf(pdb) !== namespace) continue;
      const m = matchLabelSelector(pdb.spec?.selector, labels);
      if (!m.ok) out.push({ budget, problem: `is in the namespace of PodDisruptionBudget ${budget.key}, whose selector cannot be read (${m.problem})` });
      else if (m.matches) out.push({ budget });
    }
    return out;
  }

  /** Takes one disruption from every covering PDB; returns why not (taking nothing) when one has none left. */
  take(pod: V1Pod, node: string, covers: readonly PdbCover[]): string | undefined {
    for (const { budget, problem } of covers) {
      if (problem !== undefined) return problem;
      if (budget.remaining >= 1) continue;
      const [first, ...others] = budget.takenBy;
      if (first === undefined) return `is protected by PodDisruptionBudget ${budget.key}, which allows no disruption right now`;
      const more = others.length > 0 ? ` and ${others.length} more` : '';
      return `is protected by PodDisruptionBudget ${budget.key}, whose allowed disruptions are already used by ${first}${more}`;
    }
    for (const { budget } of covers) {
      budget.remaining -= 1;
      budget.takenBy.push(`pod ${objectKey(pod)} on ${node}`);
    }
    return undefined;
  }
}
