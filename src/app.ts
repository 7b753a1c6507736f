// Assembles a running rackscaler: config → drivers → cluster (Kubernetes or simulated) → lifecycle
// (reconciled before serving) → gRPC.
import { createServer, type Server as HttpServer } from 'node:http';
import { dirname, join } from 'node:path';
import { CoordinationV1Api, CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { defaultDriverFactories } from '../providers/drivers.js';
import { DriverRegistry } from '../providers/registry.js';
import { SimWorld } from '../providers/sim/world.js';
import { BmcDirectory } from './bmc/directory.js';
import { BmcGate } from './bmc/gate.js';
import type { Config } from './config/types.js';
import { ConfigWatcher } from './config/watch.js';
import { InvalidArgumentError } from './errors.js';
import { KubeCluster } from './kube/cluster.js';
import { SecretStore } from './kube/secret-credentials.js';
import { ConfigMapStateStore } from './kube/configmap-store.js';
import { apiServer, loadKubeConfig, type KubeAccess } from './kube/kubeconfig.js';
import { LeaderElector } from './kube/lease.js';
import { Lifecycle } from './lifecycle/lifecycle.js';
import { MACHINE_STATES } from './lifecycle/state.js';
import { FileStateStore } from './lifecycle/store.js';
import type { Logger } from './log.js';
import { createMetrics, type Metrics } from './metrics.js';
import { SimulatedCluster } from './registration/simulated-cluster.js';
import { CloudProviderService } from './server/cloud-provider.js';
import { startGrpcServer, type ListenOptions } from './server/grpc-server.js';
import { HealthService } from './server/health.js';

export interface AppOptions {
  configPath: string;
  /** The lifecycle's state file (DESIGN §8). */
  stateFile: string;
  /** Where simulated (sim://) machines keep their state. Default: sim-rack.json beside the state file. */
  simStateFile?: string;
  /** Multiplies simulated delays. Default 1. */
  simTimeScale?: number;
  /** Minimum gap between two commands to the same BMC (BMCs hang under bursts). Default 1 s. */
  bmcMinIntervalMs?: number;
  grpc: ListenOptions;
  /** The cluster whose Nodes the machines join; undefined = the simulated cluster of sim:// machines. */
  kube?: KubeAccess;
  /** Several replicas, one leader, state in a ConfigMap (DESIGN §8); needs `kube`. Undefined = state file. */
  leaderElection?: LeaderElectionOptions;
  /** host:port for /metrics and /healthz; undefined = no HTTP listener. */
  metricsListen?: string;
  logger: Logger;
}

export interface LeaderElectionOptions {
  /** Namespace default (here and for the ConfigMap): the kubeconfig context's, or the pod's in a cluster. */
  lease: { namespace?: string; name: string };
  stateConfigMap: { namespace?: string; name: string };
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  /** Default: hostname (the pod name) and pid. */
  identity?: string;
}

export interface App {
  grpcPort: number;
  metricsPort: number | undefined;
  lifecycle: Lifecycle;
  metrics: Metrics;
  /** Re-reads the config file now (what SIGHUP does). */
  reloadConfig(reason: string): Promise<boolean>;
  /** Graceful stop: no new mutations, in-flight calls finish, state saved. */
  stop(): Promise<void>;
}

export async function startApp(opts: AppOptions): Promise<App> {
  const { logger } = opts;
  const sim = new SimWorld({
    stateFile: opts.simStateFile ?? join(dirname(opts.stateFile), 'sim-rack.json'),
    timeScale: opts.simTimeScale ?? 1,
  });
  const registry = new DriverRegistry(defaultDriverFactories({ sim }));
  // The newest good config file; reloads during the start-up reconcile are handed over once the service exists.
  let latest: Config | undefined;
  const handover: { offer?: (cfg: Config) => void } = {};
  const watcher = new ConfigWatcher(opts.configPath, registry, logger, (cfg) => {
    latest = cfg;
    handover.offer?.(cfg);
  });
  const config = await watcher.start();

  const metrics = createMetrics({ defaults: true });
  const kc = opts.kube && loadKubeConfig(opts.kube);
  const secrets = kc && new SecretStore(kc, { logger });
  const bmcs = new BmcDirectory(registry, new BmcGate({ minIntervalMs: opts.bmcMinIntervalMs }), {}, secrets);
  const cluster = kc ? new KubeCluster(kc, { logger }) : new SimulatedCluster(sim);
  const ha = opts.leaderElection && prepareLeaderElection(kc, opts.leaderElection, logger);
  const lifecycle = await Lifecycle.open(
    config,
    {
      store: ha?.store ?? new FileStateStore(opts.stateFile),
      power: (m) => bmcs.get(m),
      registration: cluster,
      drain: cluster,
      logger,
      metrics,
    },
    // A follower until elected: reads from the last saved state, mutations refused.
    ha ? { readOnly: NOT_LEADER } : {},
  );
  // The caches must hold the cluster before the first reconcile: an empty Node list means "vanished".
  try {
    await cluster.start();
  } catch (err) {
    await Promise.allSettled([cluster.stop(), watcher.stop(), bmcs.close(), secrets?.stop()]);
    throw err;
  }
  if (!ha) await lifecycle.start();

  const provider = new CloudProviderService(lifecycle, logger, metrics);
  handover.offer = (cfg) => provider.offerConfig(cfg);
  if (latest) provider.offerConfig(latest);
  const health = new HealthService();
  const server = await startGrpcServer(provider, health, opts.grpc);
  if (!ha) health.set('SERVING');
  const leadership = ha?.campaign(lifecycle, health, () => latest ?? config);
  const http = opts.metricsListen === undefined ? undefined : await startMetricsHttp(opts.metricsListen, metrics, lifecycle, health);
  logger.info({ grpcPort: server.port, config: config.source, stateFile: ha ? undefined : opts.stateFile, stateConfigMap: ha?.store.location }, 'rackscaler serving');

  let stopping: Promise<void> | undefined;
  return {
    grpcPort: server.port,
    metricsPort: http ? (http.address() as { port: number }).port : undefined,
    lifecycle,
    metrics,
    reloadConfig: (reason) => watcher.reload(reason),
    stop: () =>
      (stopping ??= (async () => {
        health.set('NOT_SERVING');
        provider.stopMutations();
        await watcher.stop();
        await server.shutdown(10_000);
        await leadership?.stop();
        await lifecycle.stop();
        await cluster.stop();
        await bmcs.close();
        await secrets?.stop();
        await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
        logger.info('rackscaler stopped');
      })()),
  };
}

const NOT_LEADER = 'this rackscaler replica is not the leader; try again';

/**
 * HA (DESIGN §8): the Lease holder runs the lifecycle on the ConfigMap's state; the others serve
 * reads from that state, reloaded every retry period, answer mutations UNAVAILABLE and report
 * NOT_SERVING, so a Service with a readiness probe sends CA to the leader only.
 */
function prepareLeaderElection(kc: KubeConfig | undefined, opts: LeaderElectionOptions, logger: Logger) {
  if (!kc) throw new InvalidArgumentError('leader election needs the Kubernetes API: give --kubeconfig FILE or run in a cluster');
  const namespace = kc.getContextObject(kc.getCurrentContext())?.namespace ?? 'default';
  const server = apiServer(kc);
  // Set by campaign(): what leadership drives, and the newest config file.
  let role: { lifecycle: Lifecycle; health: HealthService; config: () => Config } | undefined;
  let stopping = false;
  // Role changes and follower reloads run one at a time: a reload must never land in a running lifecycle.
  let chain = Promise.resolve();
  const serial = (what: string, step: (r: NonNullable<typeof role>) => Promise<void>): Promise<void> =>
    (chain = chain
      .then(() => (role ? step(role) : undefined))
      .catch((err: unknown) => logger.error({ err: err instanceof Error ? err.message : String(err) }, `${what} failed`)));

  const store = new ConfigMapStateStore({
    core: kc.makeApiClient(CoreV1Api),
    namespace: opts.stateConfigMap.namespace ?? namespace,
    name: opts.stateConfigMap.name,
    server,
    // Someone else wrote our state: stop acting on it; whoever leads next starts from what is saved.
    onConflict: (err) => elector.stepDown(err.message),
  });
  const elector: LeaderElector = new LeaderElector({
    leases: kc.makeApiClient(CoordinationV1Api),
    namespace: opts.lease.namespace ?? namespace,
    name: opts.lease.name,
    identity: opts.identity,
    leaseDurationMs: opts.leaseDurationMs,
    renewDeadlineMs: opts.renewDeadlineMs,
    retryPeriodMs: opts.retryPeriodMs,
    server,
    logger,
    onStartedLeading: () =>
      serial('taking over as leader', async ({ lifecycle, health, config }) => {
        if (stopping) return;
        try {
          // Continues every in-flight wake or sleep from the step the last leader saved.
          await lifecycle.reload(config());
          await lifecycle.start();
        } catch (err) {
          elector.stepDown('could not take over the lifecycle');
          throw err;
        }
        health.set('SERVING');
        logger.info({ state: store.location }, 'leading: lifecycle running, mutations accepted');
      }),
    onStoppedLeading: () =>
      serial('stepping down', async ({ lifecycle, health }) => {
        health.set('NOT_SERVING');
        await lifecycle.suspend(NOT_LEADER);
      }),
  });

  const campaign = (lifecycle: Lifecycle, health: HealthService, config: () => Config): { stop(): Promise<void> } => {
    role = { lifecycle, health, config };
    const refresh = setInterval(
      () => void serial('refreshing the follower view', async () => (elector.isLeader || stopping ? undefined : lifecycle.reload(config()))),
      elector.retryPeriodMs,
    );
    refresh.unref();
    elector.start();
    return {
      async stop() {
        stopping = true;
        clearInterval(refresh);
        await chain;
        // Save as leader, then release the lease so a follower takes over at once.
        if (elector.isLeader) await lifecycle.stop();
        await elector.stop();
      },
    };
  };
  return { store, campaign };
}

async function startMetricsHttp(listen: string, metrics: Metrics, lifecycle: Lifecycle, health: HealthService): Promise<HttpServer> {
  const i = listen.lastIndexOf(':');
  const host = listen.slice(0, i).replace(/^\[|\]$/g, '');
  const port = Number(listen.slice(i + 1));
  const server = createServer((req, res) => {
    if (req.url === '/metrics') {
      updateMachineGauge(metrics, lifecycle);
      metrics.registry.metrics().then(
        (body) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(body),
        (err: Error) => res.writeHead(500).end(err.message),
      );
    } else if (req.url === '/healthz') {
      res.writeHead(health.status === 'SERVING' ? 200 : 503, { 'content-type': 'text/plain' }).end(`${health.status}\n`);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /metrics or /healthz\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) => reject(new Error(`cannot listen for metrics on ${listen}: ${err.message}`, { cause: err })));
    server.listen(port, host, resolve);
  });
  return server;
}

function updateMachineGauge(metrics: Metrics, lifecycle: Lifecycle): void {
  metrics.machines.reset();
  const counts = new Map<string, number>();
  for (const { record } of lifecycle.machines()) {
    const key = `${record.group}\u0000${record.state}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  for (const g of lifecycle.currentConfig.nodeGroups) {
    for (const s of MACHINE_STATES) metrics.machines.set({ group: g.id, state: s }, counts.get(`${g.id}\u0000${s}`) ?? 0);
  }
}
