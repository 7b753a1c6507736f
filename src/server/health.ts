// grpc.health.v1 for the whole server (service ""): NOT_SERVING until the start-up reconcile is done and
// again while shutting down, so probes and load balancers route CA only to a ready rackscaler.
import type { ServerWritableStream } from '@grpc/grpc-js';
import { status } from '@grpc/grpc-js';
import type { HealthCheckRequest__Output } from '../generated/grpc/health/v1/HealthCheckRequest.js';
import type { HealthCheckResponse } from '../generated/grpc/health/v1/HealthCheckResponse.js';
import type { HealthHandlers } from '../generated/grpc/health/v1/Health.js';

type Serving = 'SERVING' | 'NOT_SERVING';

export class HealthService {
  private current: Serving = 'NOT_SERVING';
  private readonly watchers = new Set<ServerWritableStream<HealthCheckRequest__Output, HealthCheckResponse>>();

  set(next: Serving): void {
    this.current = next;
    for (const w of this.watchers) w.write({ status: next });
  }

  get status(): Serving {
    return this.current;
  }

  handlers(): HealthHandlers {
    return {
      Check: (call, callback) => {
        if (call.request.service !== '') {
          callback({ code: status.NOT_FOUND, details: `unknown service "${call.request.service}"` });
          return;
        }
        callback(null, { status: this.current });
      },
      Watch: (call) => {
        if (call.request.service !== '') {
          call.write({ status: 'SERVICE_UNKNOWN' });
          return;
        }
        this.watchers.add(call);
        call.write({ status: this.current });
        call.on('cancelled', () => this.watchers.delete(call));
        call.on('close', () => this.watchers.delete(call));
      },
    };
  }

  /** Ends open Watch streams (shutdown would otherwise wait for them). */
  close(): void {
    for (const w of this.watchers) w.end();
    this.watchers.clear();
  }
}
