// Where the Kubernetes API is: a kubeconfig file (beside the cluster) or the pod's service account
// (in the cluster, when KUBERNETES_SERVICE_HOST is set).
import { KubeConfig } from '@kubernetes/client-node';

export class KubeConfigError extends Error {
  override readonly name = 'KubeConfigError';
}

/** How rackscaler reaches the cluster; undefined = not at all (the simulated cluster). */
export type KubeAccess = { kubeconfig: string } | { inCluster: true };

/**
 * `--kubeconfig FILE` wins; else in-cluster when the pod environment says so; `--no-kubernetes`
 * (disabled) forces the simulated cluster.
 */
export function chooseKubeAccess(opts: { kubeconfig?: string; disabled?: boolean; env?: NodeJS.ProcessEnv }): KubeAccess | undefined {
  if (opts.disabled) return undefined;
  if (opts.kubeconfig !== undefined) return { kubeconfig: opts.kubeconfig };
  return (opts.env ?? process.env)['KUBERNETES_SERVICE_HOST'] ? { inCluster: true } : undefined;
}

export function loadKubeConfig(access: KubeAccess): KubeConfig {
  const kc = new KubeConfig();
  const where = 'kubeconfig' in access ? `kubeconfig ${access.kubeconfig}` : 'in-cluster service account';
  try {
    if ('kubeconfig' in access) kc.loadFromFile(access.kubeconfig);
    else kc.loadFromCluster();
  } catch (err) {
    throw new KubeConfigError(`cannot load ${where}: ${(err as Error).message}`, { cause: err });
  }
  if (!kc.getCurrentCluster()) throw new KubeConfigError(`${where} has no current cluster (set current-context)`);
  return kc;
}

/** The API server URL, for messages. */
export function apiServer(kc: KubeConfig): string {
  return kc.getCurrentCluster()?.server ?? '<no cluster>';
}
