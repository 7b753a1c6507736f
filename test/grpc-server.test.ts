// The listener itself: TLS and mutual TLS as CA's cloud-config uses them (key, cert, cacert), the
// loopback-only rule for plaintext, and the health service that gates readiness.
import { credentials, status } from '@grpc/grpc-js';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../src/app.js';
import { InvalidArgumentError } from '../src/errors.js';
import type { HealthClient } from '../src/generated/grpc/health/v1/Health.js';
import { silentLogger } from '../src/log.js';
import { packageFile } from '../src/package-root.js';
import type { CloudProviderService } from '../src/server/cloud-provider.js';
import { hostOf, isLoopback, startGrpcServer } from '../src/server/grpc-server.js';
import { HealthService } from '../src/server/health.js';
import { loadHealthProto } from '../src/server/proto.js';
import { CaClient } from './fakes/ca-client.js';
import { makeTestPki, type TestPki } from './fakes/test-pki.js';

const CONFIG = packageFile('test', 'fixtures', 'e2e', 'rackscaler.yaml');

let dir: string;
let pki: TestPki;
let app: App;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rackscaler-tls-'));
  pki = await makeTestPki(dir);
  app = await startApp({
    configPath: CONFIG,
    stateFile: join(dir, 'state.json'),
    simTimeScale: 0.01,
    grpc: { listen: '127.0.0.1:0', tlsCert: pki.certFile, tlsKey: pki.keyFile, tlsCa: pki.caFile },
    logger: silentLogger(),
  });
});

afterAll(async () => {
  await app?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('mutual TLS', () => {
  it('serves a client that presents a certificate from the CA bundle', async () => {
    const ca = await readFile(pki.caFile);
    const client = new CaClient(`127.0.0.1:${app.grpcPort}`, credentials.createSsl(ca, pki.clientKey, pki.clientCert));
    const { nodeGroups } = await client.call('NodeGroups', {});
    expect(nodeGroups.map((g) => g.id)).toContain('small');
    client.close();
  });

  it('refuses a client without a certificate, and one that does not trust the server', async () => {
    const ca = await readFile(pki.caFile);
    const noCert = new CaClient(`127.0.0.1:${app.grpcPort}`, credentials.createSsl(ca));
    await expect(noCert.call('NodeGroups', {})).rejects.toMatchObject({ code: status.UNAVAILABLE });
    noCert.close();
    const plaintext = new CaClient(`127.0.0.1:${app.grpcPort}`);
    await expect(plaintext.call('NodeGroups', {})).rejects.toMatchObject({ code: status.UNAVAILABLE });
    plaintext.close();
    const untrusting = new CaClient(`127.0.0.1:${app.grpcPort}`, credentials.createSsl(null, pki.clientKey, pki.clientCert));
    await expect(untrusting.call('NodeGroups', {})).rejects.toMatchObject({ code: status.UNAVAILABLE });
    untrusting.close();
  });
});

describe('plaintext', () => {
  const provider = {} as CloudProviderService; // never reached: the listener refuses before serving

  it('is refused on a non-loopback address unless --insecure', async () => {
    await expect(startGrpcServer(provider, new HealthService(), { listen: '0.0.0.0:0' })).rejects.toThrow(InvalidArgumentError);
    await expect(startGrpcServer(provider, new HealthService(), { listen: '[::]:0' })).rejects.toThrow(/not a loopback address.*--insecure/);
  });

  it('asks for both halves of a certificate, and a client CA only with one', async () => {
    await expect(startGrpcServer(provider, new HealthService(), { listen: '127.0.0.1:0', tlsCert: pki.certFile })).rejects.toThrow(
      '--tls-cert and --tls-key go together',
    );
    await expect(startGrpcServer(provider, new HealthService(), { listen: '127.0.0.1:0', tlsCa: pki.caFile })).rejects.toThrow(
      '--tls-ca needs --tls-cert and --tls-key',
    );
    await expect(
      startGrpcServer(provider, new HealthService(), { listen: '127.0.0.1:0', tlsCert: join(dir, 'missing.pem'), tlsKey: pki.keyFile }),
    ).rejects.toThrow(/--tls-cert .*missing\.pem/);
  });

  it('knows loopback addresses', () => {
    expect(['127.0.0.1:1', 'localhost:1', '[::1]:1', '127.8.9.10:1'].map((l) => isLoopback(hostOf(l)))).toEqual([true, true, true, true]);
    expect(['0.0.0.0:1', '10.0.0.1:1', '[::]:1', 'example.org:1'].map((l) => isLoopback(hostOf(l)))).toEqual([false, false, false, false]);
  });
});

describe('health', () => {
  it('says SERVING once the start-up reconcile is done, NOT_SERVING while stopping, and NOT_FOUND for other services', async () => {
    const own = await startApp({
      configPath: CONFIG,
      stateFile: join(dir, 'health-state.json'),
      simTimeScale: 0.01,
      grpc: { listen: '127.0.0.1:0' },
      logger: silentLogger(),
    });
    const Health = loadHealthProto().grpc.health.v1.Health;
    const client = new Health(`127.0.0.1:${own.grpcPort}`, credentials.createInsecure()) as HealthClient;
    const check = (service: string) =>
      new Promise<string>((resolve, reject) =>
        client.Check({ service }, (err, res) => (err ? reject(err) : resolve(String(res?.status)))),
      );
    expect(await check('')).toBe('SERVING');
    await expect(check('something.Else')).rejects.toMatchObject({ code: status.NOT_FOUND });
    const watched: string[] = [];
    const stream = client.Watch({ service: '' });
    stream.on('data', (r: { status: string }) => watched.push(r.status));
    stream.on('error', () => undefined);
    await new Promise((r) => stream.once('data', r));
    await own.stop();
    expect(watched).toEqual(['SERVING', 'NOT_SERVING']);
    client.close();
  });
});
