// One case per drainability rule (DESIGN §6), blocking and not blocking. The drained node's pods
// always have room elsewhere, so every verdict here comes from the pod rules, not from fit.
import { describe, expect, test } from 'vitest';
import type { V1PodDisruptionBudget, V1Pod } from '@kubernetes/client-node';
import { simulateDrain } from '../src/drain/simulate.js';
import type { DrainRule, PodVerdictKind } from '../src/drain/types.js';
import { node, pdb, pod, snapshot, type PodOptions } from './fixtures/drain.js';

const SAFE = 'cluster-autoscaler.kubernetes.io/safe-to-evict';
const LOCAL_OK = 'cluster-autoscaler.kubernetes.io/safe-to-evict-local-volumes';
const disk = { name: 'scratch', emptyDir: {} };
const ram = { name: 'shm', emptyDir: { medium: 'Memory' } };
const host = { name: 'logs', hostPath: { path: '/var/log/app' } };

interface Case {
  name: string;
  pod: PodOptions;
  pdbs?: V1PodDisruptionBudget[];
  missingOwners?: string[];
  verdict: PodVerdictKind;
  rule: DrainRule;
}

const CASES: Case[] = [
  // Ignored: neither blocks nor moves.
  { name: 'DaemonSet pod', pod: { owner: { kind: 'DaemonSet', name: 'fluentd' } }, verdict: 'ignored', rule: 'daemonset' },
  { name: 'pod annotated daemonset-pod', pod: { owner: null, annotations: { 'cluster-autoscaler.kubernetes.io/daemonset-pod': 'true' } }, verdict: 'ignored', rule: 'daemonset' },
  { name: 'mirror pod of a static pod', pod: { owner: null, annotations: { 'kubernetes.io/config.mirror': 'abc' } }, verdict: 'ignored', rule: 'mirror-pod' },
  { name: 'Succeeded bare pod', pod: { owner: null, phase: 'Succeeded' }, verdict: 'ignored', rule: 'finished' },
  { name: 'Failed pod with local storage', pod: { phase: 'Failed', volumes: [disk] }, verdict: 'ignored', rule: 'finished' },
  { name: 'finished pod whose Job is gone', pod: { owner: { kind: 'Job', name: 'j' }, phase: 'Succeeded' }, missingOwners: ['default/Job/j'], verdict: 'ignored', rule: 'finished' },
  // Controller.
  { name: 'ReplicaSet pod', pod: {}, verdict: 'moves', rule: 'controlled' },
  { name: 'StatefulSet pod', pod: { owner: { kind: 'StatefulSet', name: 'db' } }, verdict: 'moves', rule: 'controlled' },
  { name: 'bare pod', pod: { owner: null }, verdict: 'blocks', rule: 'no-controller' },
  { name: 'bare pod annotated safe-to-evict "true"', pod: { owner: null, annotations: { [SAFE]: 'true' } }, verdict: 'moves', rule: 'safe-to-evict' },
  { name: 'ReplicaSet gone', pod: { owner: { kind: 'ReplicaSet', name: 'old' } }, missingOwners: ['default/ReplicaSet/old'], verdict: 'blocks', rule: 'controller-missing' },
  { name: 'DaemonSet gone', pod: { owner: { kind: 'DaemonSet', name: 'ds' } }, missingOwners: ['default/DaemonSet/ds'], verdict: 'blocks', rule: 'controller-missing' },
  { name: 'Job gone, even with safe-to-evict "true"', pod: { owner: { kind: 'Job', name: 'j' }, annotations: { [SAFE]: 'true' } }, missingOwners: ['default/Job/j'], verdict: 'blocks', rule: 'controller-missing' },
  { name: 'custom controller kind is trusted', pod: { owner: { kind: 'SparkApplication', name: 'spark' } }, missingOwners: ['default/SparkApplication/spark'], verdict: 'moves', rule: 'controlled' },
  // Local storage.
  { name: 'disk-backed emptyDir', pod: { volumes: [disk] }, verdict: 'blocks', rule: 'local-storage' },
  { name: 'memory-backed emptyDir', pod: { volumes: [ram] }, verdict: 'moves', rule: 'controlled' },
  { name: 'hostPath', pod: { volumes: [host] }, verdict: 'blocks', rule: 'local-storage' },
  { name: 'hostPath with safe-to-evict "true"', pod: { volumes: [host], annotations: { [SAFE]: 'true' } }, verdict: 'moves', rule: 'safe-to-evict' },
  { name: 'local volumes all listed in safe-to-evict-local-volumes', pod: { volumes: [disk, host], annotations: { [LOCAL_OK]: 'scratch, logs' } }, verdict: 'moves', rule: 'controlled' },
  { name: 'one local volume not listed in safe-to-evict-local-volumes', pod: { volumes: [disk, host], annotations: { [LOCAL_OK]: 'scratch' } }, verdict: 'blocks', rule: 'local-storage' },
  // Annotations.
  { name: 'safe-to-evict "false"', pod: { annotations: { [SAFE]: 'false' } }, verdict: 'blocks', rule: 'not-safe-to-evict' },
  // PodDisruptionBudgets.
  { name: 'PDB (matchLabels) with 0 disruptions allowed', pod: {}, pdbs: [pdb('p', { matchLabels: { app: 'web' } }, 0)], verdict: 'blocks', rule: 'disruption-budget' },
  { name: 'PDB with 1 disruption allowed', pod: {}, pdbs: [pdb('p', { matchLabels: { app: 'web' } }, 1)], verdict: 'moves', rule: 'controlled' },
  { name: 'PDB (matchExpressions In) with 0 allowed', pod: { labels: { app: 'web', tier: 'front' } }, pdbs: [pdb('p', { matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'back'] }] }, 0)], verdict: 'blocks', rule: 'disruption-budget' },
  { name: 'PDB (matchExpressions NotIn) not covering', pod: { labels: { tier: 'front' } }, pdbs: [pdb('p', { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] }, 0)], verdict: 'moves', rule: 'controlled' },
  { name: 'PDB (Exists) covering', pod: { labels: { tier: 'x' } }, pdbs: [pdb('p', { matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, 0)], verdict: 'blocks', rule: 'disruption-budget' },
  { name: 'PDB (DoesNotExist) not covering', pod: { labels: { tier: 'x' } }, pdbs: [pdb('p', { matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, 0)], verdict: 'moves', rule: 'controlled' },
  { name: 'PDB matchLabels and matchExpressions are ANDed', pod: { labels: { app: 'web', tier: 'back' } }, pdbs: [pdb('p', { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['front'] }] }, 0)], verdict: 'moves', rule: 'controlled' },
  { name: 'empty PDB selector covers every pod', pod: {}, pdbs: [pdb('p', {}, 0)], verdict: 'blocks', rule: 'disruption-budget' },
  { name: 'PDB without selector covers nothing', pod: {}, pdbs: [pdb('p', undefined, 0)], verdict: 'moves', rule: 'controlled' },
  { name: 'PDB in another namespace', pod: {}, pdbs: [pdb('p', {}, 0, 'other')], verdict: 'moves', rule: 'controlled' },
  { name: 'PDB with an unknown selector operator', pod: {}, pdbs: [pdb('p', { matchExpressions: [{ key: 'app', operator: 'Like' }] }, 5)], verdict: 'blocks', rule: 'disruption-budget' },
  { name: 'PDB whose status is not computed yet', pod: {}, pdbs: [{ metadata: { name: 'p', namespace: 'default' }, spec: { selector: {} } }], verdict: 'blocks', rule: 'disruption-budget' },
  { name: 'safe-to-evict "true" skips the PDB check', pod: { annotations: { [SAFE]: 'true' } }, pdbs: [pdb('p', {}, 0)], verdict: 'moves', rule: 'safe-to-evict' },
  // kube-system.
  { name: 'kube-system pod without a PDB', pod: { namespace: 'kube-system' }, verdict: 'blocks', rule: 'kube-system-no-pdb' },
  { name: 'kube-system pod with a PDB allowing a disruption', pod: { namespace: 'kube-system' }, pdbs: [pdb('p', {}, 1, 'kube-system')], verdict: 'moves', rule: 'controlled' },
  { name: 'kube-system pod with an exhausted PDB', pod: { namespace: 'kube-system' }, pdbs: [pdb('p', {}, 0, 'kube-system')], verdict: 'blocks', rule: 'disruption-budget' },
  { name: 'kube-system pod with local storage and a PDB', pod: { namespace: 'kube-system', volumes: [disk] }, pdbs: [pdb('p', {}, 1, 'kube-system')], verdict: 'blocks', rule: 'local-storage' },
  { name: 'kube-system DaemonSet pod', pod: { namespace: 'kube-system', owner: { kind: 'DaemonSet', name: 'kube-proxy' } }, verdict: 'ignored', rule: 'daemonset' },
];

function drainOne(p: V1Pod, c: Pick<Case, 'pdbs' | 'missingOwners'>) {
  const snap = snapshot({ nodes: [node('gone'), node('spare')], pods: [p], pdbs: c.pdbs, missingOwners: c.missingOwners });
  return { report: simulateDrain(snap, ['gone']), snap };
}

describe('drain rules per pod', () => {
  test.each(CASES)('$name → $verdict ($rule)', (c) => {
    const { report } = drainOne(pod('web', 'gone', c.pod), c);
    const [verdict] = report.nodes[0]?.pods ?? [];
    expect(verdict).toMatchObject({ namespace: c.pod.namespace ?? 'default', name: 'web', verdict: c.verdict, rule: c.rule });
    expect(report.allowed).toBe(c.verdict !== 'blocks');
    expect(report.blockers).toEqual(c.verdict === 'blocks' ? [{ pod: `${c.pod.namespace ?? 'default'}/web`, node: 'gone', rule: c.rule, reason: verdict?.reason }] : []);
    expect(verdict?.destination).toBe(c.verdict === 'moves' ? 'spare' : undefined);
  });

  test('controller existence is asked only for the kinds Cluster Autoscaler checks', () => {
    const pods = [
      pod('a', 'gone', { owner: { kind: 'ReplicaSet', name: 'rs' } }),
      pod('b', 'gone', { owner: { kind: 'SparkApplication', name: 'spark' } }),
      pod('c', 'gone', { namespace: 'batch', owner: { kind: 'Job', name: 'nightly' } }),
    ];
    const snap = snapshot({ nodes: [node('gone'), node('spare')], pods });
    simulateDrain(snap, ['gone']);
    expect(snap.ownerQueries).toEqual(['default/ReplicaSet/rs', 'batch/Job/nightly']);
  });

  test('reasons name the thing at fault', () => {
    const cases: Array<[PodOptions, Case['pdbs'], RegExp]> = [
      [{ volumes: [host] }, [], /hostPath volume "logs" at \/var\/log\/app/],
      [{ volumes: [disk] }, [], /emptyDir volume "scratch"/],
      [{ owner: { kind: 'ReplicaSet', name: 'old' } }, [], /ReplicaSet old, which no longer exists/],
      [{}, [pdb('web-pdb', {}, 0)], /PodDisruptionBudget default\/web-pdb, which allows no disruption/],
      [{}, [pdb('odd', { matchExpressions: [{ key: 'app', operator: 'Like' }] }, 1)], /is in the namespace of PodDisruptionBudget default\/odd, whose selector cannot be read \(.*"Like"\)$/],
    ];
    for (const [options, pdbs, reason] of cases) {
      const { report } = drainOne(pod('web', 'gone', options), { pdbs, missingOwners: ['default/ReplicaSet/old'] });
      expect(report.blockers[0]?.reason).toMatch(reason);
    }
  });
});
