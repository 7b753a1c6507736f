// The CA-like client of test/fakes/ca-client.ts with every call's client-observed latency recorded,
// and a wait for gRPC health SERVING.
import { credentials, type ServiceError } from '@grpc/grpc-js';
import type { HealthClient } from '../../src/generated/grpc/health/v1/Health.js';
import { loadHealthProto } from '../../src/server/proto.js';
import { CaClient, type Rpc, type RpcRequest, type RpcResponse } from '../fakes/ca-client.js';

/** Client-observed latencies (ms) per RPC method. */
export class Recorder {
  readonly samples = new Map<string, number[]>();

  add(method: string, ms: number): void {
    let list = this.samples.get(method);
    if (!list) this.samples.set(method, (list = []));
    list.push(ms);
  }

  count(method: string): number {
    return this.samples.get(method)?.length ?? 0;
  }
}

/** Recorder key of the health check: the cost of a trivial RPC on the same channel. */
export const HEALTH_CHECK = 'grpc.health.v1.Health/Check';

export class TimedClient {
  private readonly client: CaClient;
  private readonly health: HealthClient;

  constructor(
    readonly address: string,
    /** Where latencies go; swapped between warm-up and measured loops. */
    public recorder: Recorder = new Recorder(),
  ) {
    this.client = new CaClient(address);
    this.health = newHealthClient(address);
  }

  async call<M extends Rpc>(method: M, request: RpcRequest<M>): Promise<RpcResponse<M>> {
    const start = performance.now();
    try {
      return await this.client.call(method, request);
    } catch (err) {
      throw new Error(`${method} to ${this.address} failed: ${(err as ServiceError).details ?? (err as Error).message}`, { cause: err });
    } finally {
      this.recorder.add(method, performance.now() - start);
    }
  }

  /** One Health/Check to the same server, timed like the CloudProvider calls. */
  async healthCheck(): Promise<void> {
    const start = performance.now();
    const status = await checkHealth(this.health, 5_000);
    this.recorder.add(HEALTH_CHECK, performance.now() - start);
    if (status !== 'SERVING') throw new Error(`${this.address} health: ${status}`);
  }

  close(): void {
    this.client.close();
    this.health.close();
  }
}

/** Polls grpc.health.v1 Health/Check until the server answers SERVING; `alive` throws if the server died. */
export async function waitUntilServing(address: string, timeoutMs: number, alive: () => void): Promise<void> {
  const client = newHealthClient(address);
  const until = Date.now() + timeoutMs;
  try {
    for (;;) {
      alive();
      const status = await checkHealth(client, 1_000);
      if (status === 'SERVING') return;
      if (Date.now() > until) throw new Error(`${address} did not report SERVING within ${timeoutMs} ms (last health answer: ${status})`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    client.close();
  }
}

function newHealthClient(address: string): HealthClient {
  const { Health } = loadHealthProto().grpc.health.v1;
  return new Health(address, credentials.createInsecure());
}

/** The serving status, or "error: …" when the call failed. */
function checkHealth(client: HealthClient, deadlineMs: number): Promise<string> {
  return new Promise((resolve) =>
    client.Check({ service: '' }, { deadline: Date.now() + deadlineMs }, (err, res) =>
      resolve(err ? `error: ${err.details || err.message}` : String(res?.status)),
    ),
  );
}
