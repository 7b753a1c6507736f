// `rackscaler serve`: the CloudProvider gRPC server CA's externalgrpc provider talks to.
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { startApp } from '../app.js';
import { parseDuration } from '../config/duration.js';
import { ConfigError } from '../config/load.js';
import { createLogger } from '../log.js';
import { packageFile } from '../package-root.js';
import type { CommandIo } from './bmc.js';

const USAGE = `usage: rackscaler serve --config FILE [options]
       rackscaler serve --demo [options]          simulated rack of sim:// machines, state in ./.rackscaler-demo/
options:
  --listen HOST:PORT        gRPC address (default 127.0.0.1:8086)
  --state-file FILE         lifecycle state (default /var/lib/rackscaler/state.json; demo: .rackscaler-demo/state.json)
  --sim-state FILE          state of sim:// machines (default sim-rack.json beside the state file)
  --sim-time-scale N        multiply simulated delays by N (default 1)
  --bmc-min-interval DUR    minimum gap between two commands to the same BMC (default 1s)
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
