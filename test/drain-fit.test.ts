// Fit of a moving pod on the remaining nodes, one case per scheduler dimension, fitting and not.
// The pod "mover" leaves node "gone"; "dest" is the only other node unless a case adds more.
import { describe, expect, test } from 'vitest';
import type { V1NodeSelectorRequirement, V1Pod, V1Taint } from '@kubernetes/client-node';
import { podRequests } from '../src/drain/pod-requests.js';
import { simulateDrain } from '../src/drain/simulate.js';
import { DrainInputError } from '../src/drain/types.js';
import { parseQuantity } from '../src/k8s/quantity.js';
import { container, node, pod, snapshot, type NodeOptions, type PodOptions } from './fixtures/drain.js';

interface Case {
  name: string;
  mover: PodOptions;
  dest?: NodeOptions;
  /** Pods already running on dest. */
  existing?: PodOptions[];
  /** undefined: fits on dest; otherwise a fragment of the does-not-fit reason. */
  fails?: string;
}

const affinity = (...terms: V1NodeSelectorRequirement[][]): PodOptions => ({
  affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms.map((t) => ({ matchExpressions: t })) } } },
});
const gpuTaint: V1Taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };

const CASES: Case[] = [
  // Requests against allocatable minus what is already requested.
  { name: 'cpu fits in what is left', mover: { cpu: '500m' }, dest: { cpu: '2' }, existing: [{ cpu: '1500m' }] },
  { name: 'cpu does not', mover: { cpu: '600m' }, dest: { cpu: '2' }, existing: [{ cpu: '1500m' }], fails: 'insufficient cpu on dest' },
  { name: 'memory fits', mover: { memory: '1Gi' }, dest: { memory: '4Gi' }, existing: [{ memory: '3Gi' }] },
  { name: 'memory does not', mover: { memory: '1025Mi' }, dest: { memory: '4Gi' }, existing: [{ memory: '3Gi' }], fails: 'insufficient memory' },
  { name: 'ephemeral-storage does not', mover: { requests: { 'ephemeral-storage': '20Gi' } }, dest: { extra: { 'ephemeral-storage': '10Gi' } }, fails: 'insufficient ephemeral-storage' },
  { name: 'extended resource the node lacks', mover: { requests: { 'nvidia.com/gpu': '1' } }, fails: 'insufficient nvidia.com/gpu' },
  { name: 'extended resource the node has', mover: { requests: { 'nvidia.com/gpu': '1' } }, dest: { extra: { 'nvidia.com/gpu': '2' } }, existing: [{ requests: { 'nvidia.com/gpu': '1' } }] },
  { name: 'extended resource used up', mover: { requests: { 'nvidia.com/gpu': '1' } }, dest: { extra: { 'nvidia.com/gpu': '1' } }, existing: [{ requests: { 'nvidia.com/gpu': '1' } }], fails: 'insufficient nvidia.com/gpu' },
  { name: 'finished pods free their requests', mover: { cpu: '2' }, dest: { cpu: '2' }, existing: [{ cpu: '2', phase: 'Succeeded' }] },
  { name: 'a pod with no requests fits an overcommitted node', mover: {}, dest: { cpu: '1' }, existing: [{ cpu: '3' }] },
  // Pod count.
  { name: 'pod count at allocatable.pods', mover: {}, dest: { pods: '2' }, existing: [{}, {}], fails: 'too many pods' },
  { name: 'finished pods do not count toward pods', mover: {}, dest: { pods: '2' }, existing: [{}, { phase: 'Failed' }] },
  // Init containers, sidecars, overhead, pod-level requests.
  { name: 'init container larger than the app needs its peak', mover: { cpu: '1', initContainers: [container('init', { cpu: '3' })] }, dest: { cpu: '2' }, fails: 'insufficient cpu' },
  { name: 'init containers run one at a time', mover: { cpu: '1', initContainers: [container('a', { cpu: '2' }), container('b', { cpu: '2' })] }, dest: { cpu: '2' } },
  { name: 'sidecar adds to the app', mover: { cpu: '1500m', initContainers: [container('proxy', { cpu: '600m' }, 'Always')] }, dest: { cpu: '2' }, fails: 'insufficient cpu' },
  { name: 'overhead counts', mover: { cpu: '1', overhead: { cpu: '250m' } }, dest: { cpu: '1200m' }, fails: 'insufficient cpu' },
  // nodeSelector.
  { name: 'nodeSelector matches', mover: { nodeSelector: { disk: 'ssd' } }, dest: { labels: { disk: 'ssd' } } },
  { name: 'nodeSelector does not match', mover: { nodeSelector: { disk: 'ssd' } }, dest: { labels: { disk: 'hdd' } }, fails: 'nodeSelector does not match' },
  { name: 'nodeSelector key missing', mover: { nodeSelector: { disk: 'ssd' } }, fails: 'nodeSelector does not match' },
  // Required node affinity.
  { name: 'affinity In matches', mover: affinity([{ key: 'zone', operator: 'In', values: ['a', 'b'] }]), dest: { labels: { zone: 'b' } } },
  { name: 'affinity In does not', mover: affinity([{ key: 'zone', operator: 'In', values: ['a'] }]), dest: { labels: { zone: 'b' } }, fails: 'required node affinity does not match' },
  { name: 'affinity NotIn matches a missing label', mover: affinity([{ key: 'zone', operator: 'NotIn', values: ['a'] }]) },
  { name: 'affinity NotIn does not', mover: affinity([{ key: 'zone', operator: 'NotIn', values: ['a'] }]), dest: { labels: { zone: 'a' } }, fails: 'required node affinity' },
  { name: 'affinity Exists matches', mover: affinity([{ key: 'gpu', operator: 'Exists' }]), dest: { labels: { gpu: '' } } },
  { name: 'affinity Exists does not', mover: affinity([{ key: 'gpu', operator: 'Exists' }]), fails: 'required node affinity' },
  { name: 'affinity DoesNotExist matches', mover: affinity([{ key: 'gpu', operator: 'DoesNotExist' }]) },
  { name: 'affinity DoesNotExist does not', mover: affinity([{ key: 'gpu', operator: 'DoesNotExist' }]), dest: { labels: { gpu: 'a100' } }, fails: 'required node affinity' },
  { name: 'affinity Gt matches', mover: affinity([{ key: 'cores', operator: 'Gt', values: ['32'] }]), dest: { labels: { cores: '64' } } },
  { name: 'affinity Gt does not', mover: affinity([{ key: 'cores', operator: 'Gt', values: ['64'] }]), dest: { labels: { cores: '64' } }, fails: 'required node affinity' },
  { name: 'affinity Gt on a non-integer label', mover: affinity([{ key: 'cores', operator: 'Gt', values: ['1'] }]), dest: { labels: { cores: 'many' } }, fails: 'required node affinity' },
  { name: 'affinity Lt matches', mover: affinity([{ key: 'gen', operator: 'Lt', values: ['5'] }]), dest: { labels: { gen: '4' } } },
  { name: 'affinity Lt does not', mover: affinity([{ key: 'gen', operator: 'Lt', values: ['5'] }]), dest: { labels: { gen: '5' } }, fails: 'required node affinity' },
  { name: 'affinity expressions in a term are ANDed', mover: affinity([{ key: 'zone', operator: 'In', values: ['a'] }, { key: 'gpu', operator: 'Exists' }]), dest: { labels: { zone: 'a' } }, fails: 'required node affinity' },
  { name: 'affinity terms are ORed', mover: affinity([{ key: 'zone', operator: 'In', values: ['x'] }], [{ key: 'zone', operator: 'In', values: ['a'] }]), dest: { labels: { zone: 'a' } } },
  {
    name: 'affinity matchFields metadata.name',
    mover: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['elsewhere'] }] }] } } } },
    fails: 'required node affinity',
  },
  {
    name: 'affinity matchFields names the node',
    mover: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['dest'] }] }] } } } },
  },
  // Taints and tolerations.
  { name: 'NoSchedule taint not tolerated', mover: {}, dest: { taints: [gpuTaint] }, fails: 'untolerated taint dedicated=gpu:NoSchedule' },
  { name: 'NoExecute taint not tolerated', mover: {}, dest: { taints: [{ key: 'maint', effect: 'NoExecute' }] }, fails: 'untolerated taint maint:NoExecute' },
  { name: 'PreferNoSchedule taint never blocks', mover: {}, dest: { taints: [{ key: 'soft', value: 'x', effect: 'PreferNoSchedule' }] } },
  { name: 'Equal toleration with the same value', mover: { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }] }, dest: { taints: [gpuTaint] } },
  { name: 'Equal toleration with another value', mover: { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'cpu' }] }, dest: { taints: [gpuTaint] }, fails: 'untolerated taint' },
  { name: 'Exists toleration ignores the value', mover: { tolerations: [{ key: 'dedicated', operator: 'Exists' }] }, dest: { taints: [gpuTaint] } },
  { name: 'empty key with Exists tolerates everything', mover: { tolerations: [{ operator: 'Exists' }] }, dest: { taints: [gpuTaint, { key: 'maint', effect: 'NoExecute' }] } },
  { name: 'toleration for another effect', mover: { tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }] }, dest: { taints: [gpuTaint] }, fails: 'untolerated taint' },
  { name: 'every taint must be tolerated', mover: { tolerations: [{ key: 'dedicated', operator: 'Exists' }] }, dest: { taints: [gpuTaint, { key: 'maint', effect: 'NoExecute' }] }, fails: 'untolerated taint maint:NoExecute' },
];

function drain(c: Case) {
  const pods: V1Pod[] = [pod('mover', 'gone', c.mover), ...(c.existing ?? []).map((o, i) => pod(`existing-${i}`, 'dest', o))];
  return simulateDrain(snapshot({ nodes: [node('gone'), node('dest', c.dest)], pods }), ['gone']);
}

describe('fit on the remaining nodes', () => {
  test.each(CASES)('$name', (c) => {
    const report = drain(c);
    const mover = report.nodes[0]?.pods.find((p) => p.name === 'mover');
    if (c.fails === undefined) {
      expect(report.blockers).toEqual([]);
      expect(mover).toMatchObject({ verdict: 'moves', destination: 'dest' });
    } else {
      expect(report.allowed).toBe(false);
      expect(mover).toMatchObject({ verdict: 'blocks', rule: 'does-not-fit' });
      expect(mover?.destination).toBeUndefined();
      expect(mover?.reason).toContain(c.fails);
    }
  });

  const unusable: Array<[string, NodeOptions, string]> = [
    ['cordoned', { unschedulable: true }, 'dest is cordoned'],
    ['NotReady', { ready: false }, 'dest is not Ready'],
    ['tainted ToBeDeletedByClusterAutoscaler', { taints: [{ key: 'ToBeDeletedByClusterAutoscaler', value: '1700000000', effect: 'NoSchedule' }] }, 'dest is being scaled down (tainted ToBeDeletedByClusterAutoscaler)'],
    ['tainted unreachable', { taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }] }, 'dest is tainted node.kubernetes.io/unreachable'],
    ['tainted not-ready', { taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }] }, 'dest is tainted node.kubernetes.io/not-ready'],
  ];
  test.each(unusable)('a %s node takes no pods, even ones that tolerate everything', (_, dest, why) => {
    const report = drain({ name: '', mover: { tolerations: [{ operator: 'Exists' }] }, dest });
    expect(report.blockers).toHaveLength(1);
    expect(report.blockers[0]?.reason).toBe(`does not fit anywhere: no other node is Ready and schedulable (${why})`);
  });

  test('a node without a Ready condition (not registered yet) takes no pods', () => {
    const bare = { metadata: { name: 'fake' }, status: { allocatable: { cpu: '64', memory: '1Ti', pods: '110' } } };
    const report = simulateDrain(snapshot({ nodes: [node('gone'), bare], pods: [pod('mover', 'gone')] }), ['gone']);
    expect(report.blockers[0]?.reason).toContain('fake is not Ready');
  });

  test('the reason lists each failure with the nodes it applies to', () => {
    const nodes = [node('gone'), node('a', { cpu: '1' }), node('b', { cpu: '1', taints: [gpuTaint] }), node('c', { cpu: '1' }), node('d', { cpu: '1' }), node('e', { cpu: '1' })];
    const report = simulateDrain(snapshot({ nodes, pods: [pod('mover', 'gone', { cpu: '2' })] }), ['gone']);
    expect(report.blockers[0]?.reason).toBe(
      'does not fit on any remaining node: insufficient cpu on 4 nodes: a, c, d and 1 more; untolerated taint dedicated=gpu:NoSchedule on b',
    );
  });
});

describe('pod requests', () => {
  const n = (q: string) => parseQuantity(q).nanos;
  const requestsOf = (o: PodOptions) => Object.fromEntries(podRequests(pod('p', 'x', o)));

  test('sums app containers', () => {
    expect(requestsOf({ cpu: '250m', memory: '1Gi', containers: [container('side', { cpu: '750m', memory: '512Mi' })] })).toEqual({
      cpu: n('1'),
      memory: n('1536Mi'),
    });
  });
  test('takes the max of the app phase and each init container, per resource', () => {
    expect(requestsOf({ cpu: '1', memory: '1Gi', initContainers: [container('a', { cpu: '2' }), container('b', { memory: '4Gi' })] })).toEqual({
      cpu: n('2'),
      memory: n('4Gi'),
    });
  });
  test('sidecars run with later init containers and with the app', () => {
    // Init phase peak: sidecar 500m + init 1 = 1.5; app phase: 1 + sidecar 500m = 1.5; then the 2-cpu init wins.
    const o = { cpu: '1', initContainers: [container('proxy', { cpu: '500m' }, 'Always'), container('migrate', { cpu: '1500m' })] };
    expect(requestsOf(o)).toEqual({ cpu: n('2') });
  });
  test('adds overhead and lets pod-level requests replace the containers sum', () => {
    const p = pod('p', 'x', { cpu: '4', memory: '1Gi', overhead: { cpu: '100m', memory: '64Mi' } });
    p.spec!.resources = { requests: { cpu: '2' } };
    expect(Object.fromEntries(podRequests(p))).toEqual({ cpu: n('2100m'), memory: n('1088Mi') });
  });
  test('a malformed quantity names the pod, container and field', () => {
    expect(() => podRequests(pod('p', 'x', { cpu: '2 cores' }))).toThrow(DrainInputError);
    expect(() => podRequests(pod('p', 'x', { cpu: '2 cores' }))).toThrow(/^pod default\/p container app resources\.requests\.cpu: quantity "2 cores"/);
  });
});
