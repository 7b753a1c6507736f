// The gRPC listener: mutual TLS when certificates are given, plaintext only on loopback unless the
// operator says --insecure (DESIGN §9).
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { InvalidArgumentError } from '../errors.js';
import type { CloudProviderService } from './cloud-provider.js';
import type { HealthService } from './health.js';
import { loadCloudProviderProto, loadHealthProto } from './proto.js';

export interface ListenOptions {
  /** host:port; [v6]:port for IPv6. */
  listen: string;
  tlsCert?: string;
  tlsKey?: string;
  /** Client CA bundle: when given, clients must present a certificate signed by it. */
  tlsCa?: string;
  /** Allow plaintext on a non-loopback address. */
  insecure?: boolean;
}

export interface RunningServer {
  /** The bound port (useful with port 0). */
  port: number;
  server: Server;
  /** Stops accepting calls and waits for in-flight ones (forced after `graceMs`). */
  shutdown(graceMs: number): Promise<void>;
}

export async function startGrpcServer(provider: CloudProviderService, health: HealthService, opts: ListenOptions): Promise<RunningServer> {
  const credentials = await serverCredentials(opts);
  const server = new Server({ 'grpc.max_receive_message_length': 16 * 1024 * 1024 });
  server.addService(loadCloudProviderProto().clusterautoscaler.cloudprovider.v1.externalgrpc.CloudProvider.service, provider.handlers());
  server.addService(loadHealthProto().grpc.health.v1.Health.service, health.handlers());
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(opts.listen, credentials, (err, p) => (err ? reject(new Error(`cannot listen on ${opts.listen}: ${err.message}`, { cause: err })) : resolve(p))),
  );
  return {
    port,
    server,
    shutdown: (graceMs) =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, graceMs);
        force.unref();
        health.close();
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      }),
  };
}

async function serverCredentials(opts: ListenOptions): Promise<ServerCredentials> {
  if (opts.tlsCert || opts.tlsKey) {
    if (!opts.tlsCert || !opts.tlsKey) throw new InvalidArgumentError('--tls-cert and --tls-key go together');
    const [cert, key, ca] = await Promise.all([
      readPem(opts.tlsCert, '--tls-cert'),
      readPem(opts.tlsKey, '--tls-key'),
      opts.tlsCa ? readPem(opts.tlsCa, '--tls-ca') : Promise.resolve(null),
    ]);
    return ServerCredentials.createSsl(ca, [{ cert_chain: cert, private_key: key }], ca !== null);
  }
  if (opts.tlsCa) throw new InvalidArgumentError('--tls-ca needs --tls-cert and --tls-key');
  if (!opts.insecure && !isLoopback(hostOf(opts.listen))) {
    throw new InvalidArgumentError(
      `refusing plaintext gRPC on ${opts.listen}: not a loopback address; give --tls-cert/--tls-key (and --tls-ca for mutual TLS) or --insecure`,
    );
  }
  return ServerCredentials.createInsecure();
}

async function readPem(path: string, flag: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    throw new InvalidArgumentError(`${flag} ${path}: ${(err as Error).message}`, { cause: err });
  }
}

export function hostOf(listen: string): string {
  const v6 = /^\[([^\]]+)\]:\d+$/.exec(listen);
  if (v6?.[1]) return v6[1];
  const i = listen.lastIndexOf(':');
  return i < 0 ? listen : listen.slice(0, i);
}

export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1';
  return false;
}
