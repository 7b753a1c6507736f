// The words an operator reads (CLI dry run) and the one line CA records with FAILED_PRECONDITION.
import { describe, expect, test } from 'vitest';
import { drainVerdict, explainDrain } from '../src/drain/explain.js';
import { simulateDrain } from '../src/drain/simulate.js';
import { node, pdb, pod, snapshot } from './fixtures/drain.js';

const ds = (name: string, on: string) => pod(name, on, { owner: { kind: 'DaemonSet', name: name.replace(/-.*/, '') } });

describe('explainDrain', () => {
  test('nodes that can go: where every pod lands, what stays', () => {
    const pods = [
      pod('web-1', 'r650-03', { cpu: '3' }),
      pod('web-2', 'r650-03', { cpu: '1' }),
      pod('web-3', 'r650-03', { cpu: '1' }),
      ds('fluentd-a', 'r650-03'),
      ds('node-exporter-a', 'r650-03'),
      pod('kube-proxy', 'r650-03', { owner: null, annotations: { 'kubernetes.io/config.mirror': 'x' } }),
      pod('batch-1', 'r650-03', { phase: 'Succeeded' }),
      pod('api', 'r650-04', { cpu: '500m' }),
      ds('fluentd-b', 'r650-04'),
    ];
    const nodes = [node('r650-01', { cpu: '4' }), node('r650-02', { cpu: '4' }), node('r650-03'), node('r650-04'), node('r650-05')];
    const report = simulateDrain(snapshot({ nodes, pods }), ['r650-03', 'r650-04', 'r650-05']);
    expect(explainDrain(report)).toBe(
      [
        'r650-03, r650-04 and r650-05 can be powered off.',
        'All 3 pods that must leave r650-03 can move: 2 to r650-01, 1 to r650-02; 2 DaemonSet pods stay, 1 static pod stays, 1 finished pod is dropped.',
        'The one pod that must leave r650-04 can move to r650-02; 1 DaemonSet pod stays.',
        'Node r650-05 has no pods to move.',
      ].join('\n'),
    );
  });

  test('nodes that cannot go: every blocking pod and why', () => {
    const pods = [
      pod('web-7f9', 'r650-03', { owner: null }),
      pod('coredns-x', 'r650-03', { namespace: 'kube-system' }),
      pod('api', 'r650-03'),
      pod('db-0', 'r650-04', { owner: { kind: 'StatefulSet', name: 'db' }, labels: { app: 'db' } }),
      pod('cache', 'r650-05'),
    ];
    const pdbs = [pdb('db', { matchLabels: { app: 'db' } }, 0)];
    const report = simulateDrain(snapshot({ nodes: [node('r650-01'), node('r650-03'), node('r650-04'), node('r650-05')], pods, pdbs }), [
      'r650-03',
      'r650-04',
      'r650-05',
    ]);
    expect(explainDrain(report)).toBe(
      [
        'r650-03, r650-04 and r650-05 cannot be powered off: 3 pods block.',
        'Node r650-03 cannot go: pod default/web-7f9 has no controller, so it would be lost; ' +
          'pod kube-system/coredns-x is in kube-system and no PodDisruptionBudget covers it (kube-system pods need one to be moved).',
        'Node r650-04 cannot go: pod default/db-0 is protected by PodDisruptionBudget default/db, which allows no disruption right now.',
        'The one pod that must leave r650-05 can move to r650-01.',
      ].join('\n'),
    );
  });

  test('a pod that fits nowhere says which nodes lacked what', () => {
    const report = simulateDrain(
      snapshot({ nodes: [node('r650-01', { cpu: '1' }), node('r650-02', { unschedulable: true }), node('r650-03')], pods: [pod('train', 'r650-03', { cpu: '2' })] }),
      ['r650-03'],
    );
    expect(explainDrain(report)).toBe(
      'r650-03 cannot be powered off: 1 pod blocks.\nNode r650-03 cannot go: pod default/train does not fit on any remaining node: insufficient cpu on r650-01; not considered: r650-02 is cordoned.',
    );
  });
});

describe('drainVerdict', () => {
  test('allowed when nothing blocks', () => {
    const report = simulateDrain(snapshot({ nodes: [node('a'), node('b')], pods: [pod('web', 'a')] }), ['a']);
    expect(drainVerdict(report)).toEqual({ allowed: true });
  });

  test('one line naming the first blocking pod, its node and why, with a count of the rest', () => {
    const pods = [pod('web-7f9', 'a', { owner: null }), pod('x', 'a', { annotations: { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'false' } }), pod('y', 'a', { owner: null })];
    const report = simulateDrain(snapshot({ nodes: [node('a'), node('b')], pods }), ['a']);
    expect(drainVerdict(report)).toEqual({ allowed: false, reason: 'pod default/web-7f9 on a has no controller, so it would be lost (and 2 more pods block)' });
  });

  test('a single blocker has no count', () => {
    const report = simulateDrain(snapshot({ nodes: [node('a'), node('b')], pods: [pod('logs', 'a', { volumes: [{ name: 'data', hostPath: { path: '/srv' } }] })] }), ['a']);
    expect(drainVerdict(report)).toEqual({ allowed: false, reason: 'pod default/logs on a uses local storage (hostPath volume "data" at /srv) whose data would be lost' });
  });
});
