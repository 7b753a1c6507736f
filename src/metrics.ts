// Prometheus metrics. One registry per process (tests create their own).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  transitions: Counter<'group' | 'from' | 'to'>;
  failures: Counter<'group' | 'code'>;
  drift: Counter<'group' | 'kind'>;
  machines: Gauge<'group' | 'state'>;
  rpcs: Histogram<'method' | 'code'>;
}

export function createMetrics(options: { defaults?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaults) collectDefaultMetrics({ register: registry, prefix: 'rackscaler_' });
  return {
    registry,
    transitions: new Counter({
      name: 'rackscaler_machine_transitions_total',
      help: 'Machine lifecycle state changes.',
      labelNames: ['group', 'from', 'to'],
      registers: [registry],
    }),
    failures: new Counter({
      name: 'rackscaler_machine_failures_total',
      help: 'Wakes that ended in Failed, by error code (the errorCode CA sees).',
      labelNames: ['group', 'code'],
      registers: [registry],
    }),
    drift: new Counter({
      name: 'rackscaler_machine_drift_total',
      help: 'Power states found contradicting the recorded lifecycle state.',
      labelNames: ['group', 'kind'],
      registers: [registry],
    }),
    machines: new Gauge({
      name: 'rackscaler_machines',
      help: 'Machines per lifecycle state.',
      labelNames: ['group', 'state'],
      registers: [registry],
    }),
    rpcs: new Histogram({
      name: 'rackscaler_grpc_server_handling_seconds',
      help: 'CloudProvider RPC handling time, by method and gRPC status code.',
      labelNames: ['method', 'code'],
      buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
      registers: [registry],
    }),
  };
}
