// Per-pod drainability rules (DESIGN §6), in the order current Cluster Autoscaler applies them; the
// first rule that decides wins. Fit on the remaining nodes is judged afterwards, in simulate.ts.
import type { V1OwnerReference, V1Pod, V1Volume } from '@kubernetes/client-node';
import { isFinished } from './finished.js';
import { labelValue } from './label-selector.js';
import { namespaceOf } from './object-ref.js';
import type { PdbBudgets } from './pdb-budgets.js';
import type { DrainRule, DrainSnapshot, PodVerdictKind } from './types.js';

export const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';
export const SAFE_TO_EVICT = 'cluster-autoscaler.kubernetes.io/safe-to-evict';
export const SAFE_TO_EVICT_LOCAL_VOLUMES = 'cluster-autoscaler.kubernetes.io/safe-to-evict-local-volumes';
export const DAEMONSET_POD_ANNOTATION = 'cluster-autoscaler.kubernetes.io/daemonset-pod';

/** Controller kinds whose existence Cluster Autoscaler verifies; others (custom controllers) are trusted. */
const CHECKED_KINDS = new Set(['ReplicaSet', 'ReplicationController', 'StatefulSet', 'Job', 'DaemonSet']);

export interface Classification {
  verdict: PodVerdictKind;
  rule: DrainRule;
  reason: string;
}

export interface ClassifyContext {
  snapshot: DrainSnapshot;
  /** Shared by all nodes of one simulation; a pod that may move takes its disruption here. */
  budgets: PdbBudgets;
  /** The node the pod is on, for PDB explanations. */
  node: string;
}

export function classifyPod(pod: V1Pod, ctx: ClassifyContext): Classification {
  const annotations = pod.metadata?.annotations;
  const namespace = namespaceOf(pod);
  if (labelValue(annotations, MIRROR_ANNOTATION) !== undefined) {
    return { verdict: 'ignored', rule: 'mirror-pod', reason: 'is the mirror of a static pod, which the kubelet owns' };
  }
  if (isFinished(pod)) {
    return { verdict: 'ignored', rule: 'finished', reason: `has finished (${pod.status?.phase})` };
  }
  const controller = controllerOf(pod);
  if (controller && CHECKED_KINDS.has(controller.kind) && !ctx.snapshot.ownerExists(namespace, controller.kind, controller.name)) {
    return {
      verdict: 'blocks',
      rule: 'controller-missing',
      reason: `belongs to ${controller.kind} ${controller.name}, which no longer exists, so nothing would recreate it`,
    };
  }
  if (controller?.kind === 'DaemonSet' || labelValue(annotations, DAEMONSET_POD_ANNOTATION) === 'true') {
    return { verdict: 'ignored', rule: 'daemonset', reason: 'is a DaemonSet pod, which stays with its node' };
  }
  const safeToEvict = labelValue(annotations, SAFE_TO_EVICT);
  // Current CA: "true" overrides every rule below, the PDB check included.
  if (safeToEvict === 'true') {
    return { verdict: 'moves', rule: 'safe-to-evict', reason: `is annotated ${SAFE_TO_EVICT}: "true"` };
  }
  if (!controller) {
    return { verdict: 'blocks', rule: 'no-controller', reason: 'has no controller, so it would be lost' };
  }
  const covers = ctx.budgets.covering(pod);
  if (namespace === 'kube-system' && covers.length === 0) {
    return {
      verdict: 'blocks',
      rule: 'kube-system-no-pdb',
      reason: 'is in kube-system and no PodDisruptionBudget covers it (kube-system pods need one to be moved)',
    };
  }
  if (safeToEvict === 'false') {
    return { verdict: 'blocks', rule: 'not-safe-to-evict', reason: `is annotated ${SAFE_TO_EVICT}: "false"` };
  }
  const local = blockingLocalVolume(pod);
  if (local) {
    return { verdict: 'blocks', rule: 'local-storage', reason: `uses local storage (${describeVolume(local)}) whose data would be lost` };
  }
  const refused = ctx.budgets.take(pod, ctx.node, covers);
  if (refused !== undefined) return { verdict: 'blocks', rule: 'disruption-budget', reason: refused };
  return { verdict: 'moves', rule: 'controlled', reason: `is managed by ${controller.kind} ${controller.name}` };
}

function controllerOf(pod: V1Pod): V1OwnerReference | undefined {
  return pod.metadata?.ownerReferences?.find((ref) => ref.controller === true);
}

// hostPath and disk-backed emptyDir live on the node; volumes listed in the annotation are declared disposable.
function blockingLocalVolume(pod: V1Pod): V1Volume | undefined {
  const disposable = new Set(
    (labelValue(pod.metadata?.annotations, SAFE_TO_EVICT_LOCAL_VOLUMES) ?? '')
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== ''),
  );
  return pod.spec?.volumes?.find(
    (v) => (v.hostPath !== undefined || (v.emptyDir !== undefined && v.emptyDir.medium !== 'Memory')) && !disposable.has(v.name),
  );
}

function describeVolume(v: V1Volume): string {
  return v.hostPath !== undefined ? `hostPath volume "${v.name}" at ${v.hostPath.path}` : `emptyDir volume "${v.name}"`;
}
