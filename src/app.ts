// Assembles a running rackscaler: config → drivers → lifecycle (reconciled before serving) → gRPC.
import { createServer, type Server as HttpServer } from 'node:http';
import { dirname, join } from 'node:path';
import { defaultDriverFactories } from '../providers/drivers.js';
import { DriverRegistry } from '../providers/registry.js';
import { SimWorld } from '../providers/sim/world.js';
import { BmcDirectory } from './bmc/directory.js';
import { BmcGate } from './bmc/gate.js';
import type { Config } from './config/types.js';
import { ConfigWatcher } from './config/watch.js';
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
  /** host:port for /metrics and /healthz; undefined = no HTTP listener. */
  metricsListen?: string;
  logger: Logger;
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
  // Reloads that arrive during the start-up reconcile are handed over once the service exists.
  let early: Config | undefined;
  let offer = (cfg: Config): void => {
    early = cfg;
  };
  const watcher = new ConfigWatcher(opts.configPath, registry, logger, (cfg) => offer(cfg));
  const config = await watcher.start();

  const metrics = createMetrics({ defaults: true });
  const bmcs = new BmcDirectory(registry, new BmcGate({ minIntervalMs: opts.bmcMinIntervalMs }));
  const cluster = new SimulatedCluster(sim);
  const lifecycle = await Lifecycle.open(config, {
    store: new FileStateStore(opts.stateFile),
    power: (m) => bmcs.get(m),
    registration: cluster,
    drain: cluster,
    logger,
    metrics,
  });
  await cluster.start();
  await lifecycle.start();

  const provider = new CloudProviderService(lifecycle, logger, metrics);
  offer = (cfg) => provider.offerConfig(cfg);
  if (early) provider.offerConfig(early);
  const health = new HealthService();
  const server = await startGrpcServer(provider, health, opts.grpc);
  health.set('SERVING');
  const http = opts.metricsListen === undefined ? undefined : await startMetricsHttp(opts.metricsListen, metrics, lifecycle, health);
  logger.info({ grpcPort: server.port, config: config.source, stateFile: opts.stateFile }, 'rackscaler serving');

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
        await lifecycle.stop();
        await cluster.stop();
        await bmcs.close();
        await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
        logger.info('rackscaler stopped');
      })()),
  };
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
