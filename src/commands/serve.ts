// `rackscaler serve`: the CloudProvider gRPC server CA's externalgrpc provider talks to.
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { startApp, type LeaderElectionOptions } from '../app.js';
import { parseDuration } from '../config/duration.js';
import { ConfigError } from '../config/load.js';
import { chooseKubeAccess } from '../kube/kubeconfig.js';
import { createLogger } from '../log.js';
import { packageFile } from '../package-root.js';
import type { CommandIo } from './command-line.js';

const USAGE = `usage: rackscaler serve --config FILE [options]
       rackscaler serve --demo [options]          simulated rack of sim:// machines, state in ./.rackscaler-demo/
options:
  --listen HOST:PORT        gRPC address (default 127.0.0.1:8086)
  --state-file FILE         lifecycle state (default /var/lib/rackscaler/state.json; demo: .rackscaler-demo/state.json)
  --sim-state FILE          state of sim:// machines (default sim-rack.json beside the state file)
  --sim-time-scale N        multiply simulated delays by N (default 1)
  --bmc-min-interval DUR    minimum gap between two commands to the same BMC (default 1s)
  --kubeconfig FILE         follow the Nodes of this cluster (default: in-cluster when KUBERNETES_SERVICE_HOST is set)
  --no-kubernetes           use the simulated cluster of sim:// machines even inside a cluster (the default with --demo)
  --leader-elect            run several replicas: the holder of a Lease leads, state lives in a ConfigMap
                            (needs --kubeconfig or in-cluster); followers serve reads, refuse mutations
  --lease-name NAME         the Lease (default rackscaler)
  --lease-namespace NS      its namespace (default: the kubeconfig context's, or the pod's)
  --lease-duration DUR      whole seconds (default 15s); --lease-renew-deadline DUR (default 10s);
                            --lease-retry-period DUR (default 2s)
  --state-configmap [NS/]NAME  where the lifecycle state lives (default rackscaler-state in the lease's namespace)
  --metrics-listen HOST:PORT  /metrics and /healthz over HTTP (default 127.0.0.1:9464; "off" to disable)
  --tls-cert FILE --tls-key FILE [--tls-ca FILE]   serve TLS; with --tls-ca, require client certificates (mutual TLS)
  --insecure                allow plaintext gRPC on a non-loopback address
  --log-level LEVEL         trace, debug, info (default), warn, error`;

export async function runServe(argv: string[], io: CommandIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        config: { type: 'string' },
        demo: { type: 'boolean', default: false },
        listen: { type: 'string', default: '127.0.0.1:8086' },
        'state-file': { type: 'string' },
        'sim-state': { type: 'string' },
        'sim-time-scale': { type: 'string' },
        'bmc-min-interval': { type: 'string', default: '1s' },
        kubeconfig: { type: 'string' },
        'no-kubernetes': { type: 'boolean', default: false },
        'leader-elect': { type: 'boolean', default: false },
        'lease-name': { type: 'string' },
        'lease-namespace': { type: 'string' },
        'lease-duration': { type: 'string' },
        'lease-renew-deadline': { type: 'string' },
        'lease-retry-period': { type: 'string' },
        'state-configmap': { type: 'string' },
        'metrics-listen': { type: 'string', default: '127.0.0.1:9464' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'tls-ca': { type: 'string' },
        insecure: { type: 'boolean', default: false },
        'log-level': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (err) {
    io.stderr(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if (!values.config === !values.demo) {
    io.stderr(`give exactly one of --config FILE or --demo\n${USAGE}\n`);
    return 2;
  }
  if (values.kubeconfig !== undefined && values['no-kubernetes']) {
    io.stderr(`give at most one of --kubeconfig FILE or --no-kubernetes\n${USAGE}\n`);
    return 2;
  }
  const timeScale = values['sim-time-scale'] === undefined ? 1 : Number(values['sim-time-scale']);
  if (!(timeScale > 0)) {
    io.stderr(`--sim-time-scale must be a positive number, got ${JSON.stringify(values['sim-time-scale'])}\n`);
    return 2;
  }
  let bmcMinIntervalMs: number;
  try {
    bmcMinIntervalMs = parseDuration(values['bmc-min-interval']);
  } catch (err) {
    io.stderr(`--bmc-min-interval: ${(err as Error).message}\n`);
    return 2;
  }
  let leaderElection: LeaderElectionOptions | undefined;
  try {
    leaderElection = leaderElectionFlags(values);
  } catch (err) {
    io.stderr(`${(err as Error).message}\n`);
    return 2;
  }
  const kube = chooseKubeAccess({ kubeconfig: values.kubeconfig && resolve(values.kubeconfig), disabled: values['no-kubernetes'] || (values.demo && !values.kubeconfig) });
  if (leaderElection && !kube) {
    io.stderr('--leader-elect needs the Kubernetes API: give --kubeconfig FILE or run in a cluster (and not --no-kubernetes)\n');
    return 2;
  }
  const configPath = values.demo ? packageFile('deploy', 'demo', 'rackscaler.yaml') : resolve(values.config!);
  const stateFile = resolve(values['state-file'] ?? (values.demo ? '.rackscaler-demo/state.json' : '/var/lib/rackscaler/state.json'));
  const logger = createLogger(values['log-level'] ? { level: values['log-level'] } : {});
  let app;
  try {
    app = await startApp({
      configPath,
      stateFile,
      simStateFile: values['sim-state'] ? resolve(values['sim-state']) : undefined,
      simTimeScale: timeScale,
      bmcMinIntervalMs,
      kube,
      leaderElection,
      grpc: {
        listen: values.listen,
        tlsCert: values['tls-cert'],
        tlsKey: values['tls-key'],
        tlsCa: values['tls-ca'],
        insecure: values.insecure,
      },
      metricsListen: values['metrics-listen'] === 'off' ? undefined : values['metrics-listen'],
      logger,
    });
  } catch (err) {
    io.stderr(`rackscaler: cannot start: ${err instanceof ConfigError ? `\n${err.message}` : (err as Error).message}\n`);
    return 1;
  }
  if (values.demo) io.stderr(demoBanner(values.listen, app.grpcPort, app.metricsPort));

  process.on('SIGHUP', () => void app.reloadConfig('SIGHUP'));
  await new Promise<void>((done) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'stopping');
      void app.stop().then(done);
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  return 0;
}

type LeaderFlags = Partial<Record<'lease-name' | 'lease-namespace' | 'lease-duration' | 'lease-renew-deadline' | 'lease-retry-period' | 'state-configmap', string>> & {
  'leader-elect'?: boolean;
};

/** --leader-elect and its companions; undefined without it. Throws naming the flag at fault. */
function leaderElectionFlags(values: LeaderFlags): LeaderElectionOptions | undefined {
  if (!values['leader-elect']) {
    const stray = (['lease-name', 'lease-namespace', 'lease-duration', 'lease-renew-deadline', 'lease-retry-period', 'state-configmap'] as const).find((f) => values[f] !== undefined);
    if (stray) throw new Error(`--${stray} needs --leader-elect`);
    return undefined;
  }
  const duration = (flag: 'lease-duration' | 'lease-renew-deadline' | 'lease-retry-period'): number | undefined => {
    const text = values[flag];
    if (text === undefined) return undefined;
    try {
      return parseDuration(text);
    } catch (err) {
      throw new Error(`--${flag}: ${(err as Error).message}`, { cause: err });
    }
  };
  const namespace = values['lease-namespace'];
  const cm = values['state-configmap'] ?? 'rackscaler-state';
  const parts = cm.split('/');
  if (parts.length > 2 || parts.some((p) => p === '')) throw new Error(`--state-configmap must be NAME or NAMESPACE/NAME, got ${JSON.stringify(cm)}`);
  return {
    lease: { namespace, name: values['lease-name'] ?? 'rackscaler' },
    stateConfigMap: parts.length === 2 ? { namespace: parts[0], name: parts[1]! } : { namespace, name: cm },
    leaseDurationMs: duration('lease-duration'),
    renewDeadlineMs: duration('lease-renew-deadline'),
    retryPeriodMs: duration('lease-retry-period'),
  };
}

function demoBanner(listen: string, port: number, metricsPort: number | undefined): string {
  const host = listen.slice(0, listen.lastIndexOf(':'));
  return `
rackscaler demo: a simulated rack (deploy/demo/rackscaler.yaml) is serving on ${host}:${port}.
Point Cluster Autoscaler at it with a cloud-config file such as:

  # cloud-config.yaml
  address: "${host}:${port}"
  grpc_timeout: 5s

and these flags:

  cluster-autoscaler --cloud-provider=externalgrpc --cloud-config=cloud-config.yaml \\
    --max-node-provision-time=20m --scale-down-unneeded-time=5m
${metricsPort !== undefined ? `\nMetrics: http://${host}:${metricsPort}/metrics   Health: http://${host}:${metricsPort}/healthz\n` : ''}Stop with Ctrl-C (state is kept in .rackscaler-demo/).

`;
}
