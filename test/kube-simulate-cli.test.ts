// `rackscaler simulate drain` against the fake API server: text and JSON answers, exit codes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runSimulate } from '../src/commands/simulate.js';
import type { DrainReport } from '../src/drain/types.js';
import { startFakeKubeApi, type FakeKubeApi } from './fakes/kube-api/index.js';
import { kubeNode } from './fakes/sim-kubelet.js';

let dir: string;
let api: FakeKubeApi;
let config: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rackscaler-simulate-'));
  config = join(dir, 'rackscaler.yaml');
  writeFileSync(
    config,
    `racks: [{ name: r1 }]
nodeGroups:
  - id: pool
    minSize: 0
    maxSize: 2
    template: { capacity: { cpu: "8", memory: 32Gi, pods: "110" } }
    machines:
      - { name: r650-01, rack: r1, bmc: "sim://r650-01", mac: "02:00:00:00:00:01" }
      - { name: r650-02, rack: r1, bmc: "sim://r650-02", mac: "02:00:00:00:00:02" }
`,
  );
  api = await startFakeKubeApi();
  api.put(kubeNode('node-a', 'baremetal://r650-01', true));
  api.put(kubeNode('node-b', 'baremetal://r650-02', true));
  api.put(kubeNode('spare', undefined, true));
  api.put({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-rs', namespace: 'apps' } });
  const pod = (name: string, node: string, owner: boolean) =>
    api.put({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'apps', ownerReferences: owner ? [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-rs', uid: 'u', controller: true }] : undefined },
      spec: { nodeName: node, containers: [{ name: 'c', resources: { requests: { cpu: '1' } } }] },
      status: { phase: 'Running' },
    });
  pod('web-1', 'node-a', true);
  pod('debug-shell', 'node-b', false);
});
afterAll(async () => {
  await api.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runSimulate(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s) }, { env: {} });
  return { code, out, err };
}

test('a node whose pods can move: exit 0, and where each pod would go, in words', async () => {
  const r = await run(['drain', 'node-a', '--config', config, '--kubeconfig', api.kubeconfigFile]);
  expect(r).toMatchObject({ code: 0, err: '' });
  expect(r.out).toMatch(/^node-a can be powered off\.\nThe one pod that must leave node-a can move to node-b\.\n$/);
});

test('a machine name resolves to its Node; a bare pod blocks: exit 1 naming the pod and why', async () => {
  const r = await run(['drain', 'r650-02', '--config', config, '--kubeconfig', api.kubeconfigFile]);
  expect(r.code).toBe(1);
  expect(r.out).toContain('node-b cannot be powered off: 1 pod blocks.');
  expect(r.out).toContain('pod apps/debug-shell');
});

test('--json prints the report', async () => {
  const r = await run(['drain', 'node-a', 'node-b', '--config', config, '--kubeconfig', api.kubeconfigFile, '--json']);
  expect(r.code).toBe(1);
  const report = JSON.parse(r.out) as DrainReport;
  expect(report.allowed).toBe(false);
  expect(report.nodes.map((n) => n.name)).toEqual(['node-a', 'node-b']);
  expect(report.blockers).toEqual([expect.objectContaining({ pod: 'apps/debug-shell', node: 'node-b', rule: 'no-controller' })]);
  expect(report.nodes[0]?.pods).toEqual([expect.objectContaining({ name: 'web-1', verdict: 'moves', destination: 'spare' })]);
});

test('usage, unknown nodes and a missing cluster are exit 2 with a message', async () => {
  expect((await run(['drain', '--config', config])).code).toBe(2);
  const outside = await run(['drain', 'node-a', '--config', config]);
  expect(outside).toMatchObject({ code: 2, err: 'rackscaler simulate: not in a cluster; give --kubeconfig FILE\n' });
  const unknown = await run(['drain', 'nowhere', '--config', config, '--kubeconfig', api.kubeconfigFile]);
  expect(unknown.code).toBe(2);
  expect(unknown.err).toContain('no Node and no machine in');
  expect(unknown.err).toContain('is named "nowhere"');
});
