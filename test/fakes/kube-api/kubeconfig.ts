// A kubeconfig that points client-node at the fake: plain http on loopback, which client-node 1.4
// only accepts with insecure-skip-tls-verify: true on the cluster entry, and a bearer-token user.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';

export async function writeKubeconfig(dir: string, server: string, token: string, namespace: string): Promise<string> {
  const file = join(dir, 'kubeconfig.yaml');
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'fake', cluster: { server, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'fake-user', user: { token } }],
    contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'fake-user', namespace } }],
    'current-context': 'fake',
  };
  await writeFile(file, stringify(config), { mode: 0o600 });
  return file;
}
