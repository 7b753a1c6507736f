// `rackscaler simulate drain NODE... --config FILE [--kubeconfig K] [--json]`: the drain check
// NodeGroupDeleteNodes runs, as a dry run against the live cluster. A NODE may be a Node name or a
// machine name from the config (its Node is found by providerID).
import { parseArgs } from 'node:util';
import { defaultDriverFactories } from '../../providers/drivers.js';
import { DriverRegistry } from '../../providers/registry.js';
import type { Config } from '../config/types.js';
import { loadConfigFile } from '../config/load.js';
import { explainDrain } from '../drain/explain.js';
import { simulateDrain } from '../drain/simulate.js';
import { ClusterState } from '../kube/cluster-state.js';
import { chooseKubeAccess, loadKubeConfig } from '../kube/kubeconfig.js';
import { silentLogger } from '../log.js';
import { parseCommandLine, UsageError, type CommandIo } from './command-line.js';

const USAGE = `usage: rackscaler simulate drain NODE... --config FILE [--kubeconfig FILE] [--json]
  Would these nodes drain if Cluster Autoscaler removed them now? Which pod blocks, and why; where
  each pod would go. NODE is a Node name or a machine name from the config. Without --kubeconfig,
  the in-cluster service account is used (KUBERNETES_SERVICE_HOST).
exit status: 0 all may go, 1 blocked, 2 usage, config or cluster error`;

export interface SimulateDeps {
  env?: NodeJS.ProcessEnv;
  /** How long to wait for the cluster's lists. Default 15 s. */
  syncTimeoutMs?: number;
}

export async function runSimulate(argv: string[], io: CommandIo, deps: SimulateDeps = {}): Promise<number> {
  const args = parseCommandLine('simulate', USAGE, argv, io, parseCommand);
  if (typeof args === 'number') return args;
  const access = chooseKubeAccess({ kubeconfig: args.kubeconfig, env: deps.env });
  if (!access) {
    io.stderr(`rackscaler simulate: not in a cluster; give --kubeconfig FILE\n`);
    return 2;
  }
  let state: ClusterState | undefined;
  try {
    const config = await loadConfigFile(args.config, new DriverRegistry(defaultDriverFactories({ sim: undefined })));
    state = new ClusterState(loadKubeConfig(access), { logger: silentLogger() });
    await state.start(deps.syncTimeoutMs ?? 15_000);
    const report = simulateDrain(state.snapshot(), resolveNodes(args.nodes, config, state));
    io.stdout(args.json ? `${JSON.stringify(report, null, 2)}\n` : `${explainDrain(report)}\n`);
    return report.allowed ? 0 : 1;
  } catch (err) {
    io.stderr(`rackscaler simulate: ${(err as Error).message}\n`);
    return 2;
  } finally {
    await state?.stop();
  }
}

/** Node names as given, or the Node a configured machine registered (by providerID). */
function resolveNodes(names: readonly string[], config: Config, state: ClusterState): string[] {
  return names.map((name) => {
    if (state.node(name)) return name;
    const machine = config.machines.get(name);
    if (!machine) throw new Error(`no Node and no machine in ${config.source} is named "${name}"`);
    const node = state.nodeWithProviderID(machine.providerID)?.metadata?.name;
    if (node === undefined) throw new Error(`machine ${name} has no Node in the cluster (no Node has providerID "${machine.providerID}")`);
    return node;
  });
}

function parseCommand(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      config: { type: 'string', short: 'c' },
      kubeconfig: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help' as const;
  const [what, ...nodes] = positionals;
  if (what !== 'drain') throw new UsageError(what === undefined ? 'missing what to simulate (drain)' : `cannot simulate "${what}" (only drain)`);
  if (nodes.length === 0) throw new UsageError('drain: name at least one NODE');
  if (values.config === undefined) throw new UsageError('--config FILE is required');
  return { nodes, config: values.config, kubeconfig: values.kubeconfig, json: values.json };
}
