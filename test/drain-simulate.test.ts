// Several nodes at once: shared PDB budgets, pods fitting together, placement order, bad input.
import { describe, expect, test } from 'vitest';
import { NotFoundError } from '../src/errors.js';
import { simulateDrain } from '../src/drain/simulate.js';
import { node, pdb, pod, snapshot } from './fixtures/drain.js';

describe('draining several nodes together', () => {
  const twoWebPods = [pod('web-1', 'n1', { labels: { app: 'web' } }), pod('web-2', 'n2', { labels: { app: 'web' } })];
  const nodes = [node('n1'), node('n2'), node('spare')];

  test('one PDB budget is shared across the nodes', () => {
    const snap = snapshot({ nodes, pods: twoWebPods, pdbs: [pdb('web', { matchLabels: { app: 'web' } }, 1)] });
    expect(simulateDrain(snap, ['n1']).allowed).toBe(true);
    expect(simulateDrain(snap, ['n2']).allowed).toBe(true);
    const both = simulateDrain(snap, ['n1', 'n2']);
    expect(both.allowed).toBe(false);
    expect(both.blockers).toEqual([
      {
        pod: 'default/web-2',
        node: 'n2',
        rule: 'disruption-budget',
        reason: 'is protected by PodDisruptionBudget default/web, whose allowed disruptions are already used by pod default/web-1 on n1',
      },
    ]);
  });

  test('a budget of two lets both go', () => {
    const snap = snapshot({ nodes, pods: twoWebPods, pdbs: [pdb('web', { matchLabels: { app: 'web' } }, 2)] });
    expect(simulateDrain(snap, ['n1', 'n2'])).toMatchObject({ allowed: true, blockers: [] });
  });

  test('a pod covered by two PDBs needs room in both', () => {
    const pdbs = [pdb('web', { matchLabels: { app: 'web' } }, 5), pdb('all', {}, 1)];
    const snap = snapshot({ nodes, pods: twoWebPods, pdbs });
    const report = simulateDrain(snap, ['n1', 'n2']);
    expect(report.blockers.map((b) => [b.pod, b.rule])).toEqual([['default/web-2', 'disruption-budget']]);
    expect(report.blockers[0]?.reason).toContain('PodDisruptionBudget default/all');
  });

  test("the nodes' pods must fit together", () => {
    const pods = [pod('a', 'n1', { cpu: '3' }), pod('b', 'n2', { cpu: '3' })];
    const snap = snapshot({ nodes: [node('n1', { cpu: '3' }), node('n2', { cpu: '3' }), node('spare', { cpu: '4' })], pods });
    expect(simulateDrain(snap, ['n1']).nodes[0]?.pods[0]?.destination).toBe('spare');
    expect(simulateDrain(snap, ['n2']).nodes[0]?.pods[0]?.destination).toBe('spare');
    const both = simulateDrain(snap, ['n1', 'n2']);
    expect(both.allowed).toBe(false);
    // Equal size: placed in name order, so a gets the room and b is left over.
    expect(both.blockers).toMatchObject([{ pod: 'default/b', node: 'n2', rule: 'does-not-fit' }]);
    expect(both.blockers[0]?.reason).toBe('does not fit on any remaining node: insufficient cpu on spare');
  });

  test('nodes being removed are not destinations for each other', () => {
    const snap = snapshot({ nodes: [node('n1'), node('n2', { cpu: '64' })], pods: [pod('a', 'n1', { cpu: '1' })] });
    expect(simulateDrain(snap, ['n1']).allowed).toBe(true);
    const both = simulateDrain(snap, ['n1', 'n2']);
    expect(both.blockers[0]?.reason).toBe('does not fit anywhere: no other node is Ready and schedulable');
  });

  test('places the largest pods first, each on the first node by name that fits', () => {
    // In arrival order the two small pods would take "a" and leave the large one nowhere to go.
    const pods = [pod('small-1', 'n1', { cpu: '1' }), pod('small-2', 'n1', { cpu: '1' }), pod('large', 'n2', { cpu: '3' })];
    const snap = snapshot({ nodes: [node('n1'), node('n2'), node('b', { cpu: '2' }), node('a', { cpu: '3' })], pods });
    const report = simulateDrain(snap, ['n1', 'n2']);
    expect(report.allowed).toBe(true);
    const where = Object.fromEntries(report.nodes.flatMap((n) => n.pods.map((p) => [p.name, p.destination])));
    expect(where).toEqual({ 'small-1': 'b', 'small-2': 'b', large: 'a' });
  });

  test('memory breaks cpu ties when ordering', () => {
    const pods = [pod('thin', 'n1', { cpu: '1', memory: '1Gi' }), pod('fat', 'n1', { cpu: '1', memory: '3Gi' })];
    const snap = snapshot({ nodes: [node('n1'), node('a', { memory: '3Gi' }), node('b', { memory: '1Gi' })], pods });
    const report = simulateDrain(snap, ['n1']);
    expect(report.nodes[0]?.pods.map((p) => [p.name, p.destination])).toEqual([
      ['thin', 'b'],
      ['fat', 'a'],
    ]);
  });

  test('pods that are not moving take no room', () => {
    const pods = [
      pod('ds', 'n1', { cpu: '4', owner: { kind: 'DaemonSet', name: 'agent' } }),
      pod('bare', 'n1', { cpu: '4', owner: null }),
      pod('web', 'n1', { cpu: '4' }),
    ];
    const snap = snapshot({ nodes: [node('n1'), node('spare', { cpu: '4' })], pods });
    const report = simulateDrain(snap, ['n1']);
    expect(report.nodes[0]?.pods.map((p) => [p.name, p.verdict, p.destination])).toEqual([
      ['ds', 'ignored', undefined],
      ['bare', 'blocks', undefined],
      ['web', 'moves', 'spare'],
    ]);
  });

  test('a node named twice is drained once', () => {
    const snap = snapshot({ nodes: [node('n1'), node('spare')], pods: [pod('a', 'n1')] });
    expect(simulateDrain(snap, ['n1', 'n1']).nodes.map((n) => n.name)).toEqual(['n1']);
  });

  test('an unknown node is an error naming it', () => {
    const snap = snapshot({ nodes: [node('n1')] });
    expect(() => simulateDrain(snap, ['n1', 'r650-99'])).toThrow(NotFoundError);
    expect(() => simulateDrain(snap, ['r650-99'])).toThrow('drain simulation: node r650-99 is not in the cluster');
  });

  test('a node with no pods can always go', () => {
    expect(simulateDrain(snapshot({ nodes: [node('n1')] }), ['n1'])).toEqual({ allowed: true, nodes: [{ name: 'n1', pods: [] }], blockers: [] });
  });
});
