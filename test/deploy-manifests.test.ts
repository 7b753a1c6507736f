// The shipped manifests agree with the code and with each other: every flag the Deployment passes
// is one `serve` accepts, and names (namespace, ServiceAccount, Lease/ConfigMap, probes) line up.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runServe } from '../src/commands/serve.js';
import { packageFile } from '../src/package-root.js';

interface Doc {
  kind: string;
  metadata: { name: string; namespace?: string };
  [key: string]: unknown;
}

async function docs(file: string): Promise<Doc[]> {
  const text = await readFile(packageFile('deploy', file), 'utf8');
  const all = parseAllDocuments(text);
  for (const d of all) expect(d.errors, `${file}: ${d.errors.join('; ')}`).toEqual([]);
  return all.map((d) => d.toJS() as Doc);
}

describe('deploy/', () => {
  it('passes only flags rackscaler serve accepts', async () => {
    const deployment = (await docs('rackscaler.yaml')).find((d) => d.kind === 'Deployment')!;
    const container = (deployment as unknown as { spec: { template: { spec: { containers: Array<{ args: string[] }> } } } }).spec.template.spec.containers[0]!;
    expect(container.args[0]).toBe('serve');
    const out: string[] = [];
    // --help after the real flags: parseArgs rejects unknown ones (exit 2) before help is printed (exit 0).
    const code = await runServe([...container.args.slice(1), '--help'], { stdout: (s) => out.push(s), stderr: (s) => out.push(s) });
    expect(code, out.join('')).toBe(0);
  });

  it('runs two replicas as the ServiceAccount the RBAC binds, with the Lease and ConfigMap the Role allows', async () => {
    const rbac = await docs('rbac.yaml');
    const app = await docs('rackscaler.yaml');
    const deployment = app.find((d) => d.kind === 'Deployment') as Doc & {
      spec: { replicas: number; template: { spec: { serviceAccountName: string; containers: Array<{ args: string[]; readinessProbe: { httpGet: { path: string } } }> } } };
    };
    const sa = rbac.find((d) => d.kind === 'ServiceAccount')!;
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.template.spec.serviceAccountName).toBe(sa.metadata.name);
    expect(deployment.metadata.namespace).toBe(sa.metadata.namespace);
    const c = deployment.spec.template.spec.containers[0]!;
    expect(c.args).toContain('--leader-elect');
    expect(c.readinessProbe.httpGet.path).toBe('/healthz');
    const role = rbac.find((d) => d.kind === 'Role') as Doc & { rules: Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }> };
    expect(role.metadata.namespace).toBe('rackscaler');
    const allows = (group: string, resource: string, verb: string) =>
      role.rules.some((r) => r.apiGroups.includes(group) && r.resources.includes(resource) && r.verbs.includes(verb));
    for (const verb of ['get', 'create', 'update']) {
      expect(allows('coordination.k8s.io', 'leases', verb), `leases ${verb}`).toBe(true);
      expect(allows('', 'configmaps', verb), `configmaps ${verb}`).toBe(true);
    }
    const service = app.find((d) => d.kind === 'Service')!;
    expect(service.metadata.namespace).toBe('rackscaler');
  });
});
