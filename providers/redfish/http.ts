// One HTTP(S) exchange with a BMC on node:http/https: exact Content-Length (never chunked),
// per-request timeout, pinned CA. Network-level failures become BmcErrors here.
import http from 'node:http';
import https from 'node:https';
import { BmcError, type CallContext } from '../types.js';
import type { RedfishEndpoint } from './endpoint.js';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

export interface Exchange {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

/** A BMC answer larger than this is not a Redfish resource we need. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

export class HttpTransport {
  private readonly agent: http.Agent;

  constructor(
    private readonly endpoint: RedfishEndpoint,
    /** The endpoint for messages. */
    private readonly display: string,
    ca: Buffer | undefined,
  ) {
    this.agent =
      endpoint.protocol === 'https'
        ? new https.Agent({ keepAlive: true, maxSockets: 1, ca, rejectUnauthorized: !endpoint.insecureSkipVerify })
        : new http.Agent({ keepAlive: true, maxSockets: 1 });
  }

  async send(ctx: CallContext, ex: Exchange): Promise<RawResponse> {
    const timeout = AbortSignal.timeout(this.endpoint.timeoutMs);
    const signal = AbortSignal.any([ctx.signal, timeout]);
    const headers: Record<string, string> = { ...ex.headers };
    if (ex.body !== undefined || !['GET', 'HEAD'].includes(ex.method)) {
      headers['Content-Length'] = String(ex.body?.length ?? 0);
    }
    const lib = this.endpoint.protocol === 'https' ? https : http;
    try {
      return await new Promise<RawResponse>((resolve, reject) => {
        const req = lib.request(
          { host: this.endpoint.host, port: this.endpoint.port, method: ex.method, path: ex.path, headers, agent: this.agent, signal },
          (res) => {
            const chunks: Buffer[] = [];
            let size = 0;
            res.on('data', (chunk: Buffer) => {
              size += chunk.length;
              if (size > MAX_BODY_BYTES) {
                req.destroy(new BmcError('protocol', `BMC ${this.display} answered ${ex.method} ${ex.path} with more than ${MAX_BODY_BYTES} bytes`));
                return;
              }
              chunks.push(chunk);
            });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(ex.body);
      });
    } catch (err) {
      if (err instanceof BmcError) throw err;
      const where = `${ex.method} ${ex.path}`;
      if (timeout.aborted) {
        throw new BmcError('timeout', `no answer from BMC ${this.display} to ${where} within ${this.endpoint.timeoutMs} ms`, { cause: err });
      }
      if (ctx.signal.aborted) {
        throw new BmcError('timeout', `call to BMC ${this.display} (${where}) aborted by the caller's deadline`, { cause: err });
      }
      const code = (err as { code?: unknown }).code;
      const detail = typeof code === 'string' ? `${code}: ${(err as Error).message}` : String((err as Error).message ?? err);
      throw new BmcError('transport', `cannot reach BMC ${this.display} (${where}): ${detail}`, { cause: err });
    }
  }

  close(): void {
    this.agent.destroy();
  }
}
