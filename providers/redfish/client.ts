// Redfish over HTTP: JSON bodies, session (X-Auth-Token) or Basic auth, one re-login on an
// expired session, logout on close. Messages name the endpoint and path, never a secret.
import { readFile } from 'node:fs/promises';
import type { IncomingHttpHeaders } from 'node:http';
import { BmcError, type CallContext, type Credentials, type DriverContext } from '../types.js';
import type { RedfishEndpoint } from './endpoint.js';
import { statusError } from './errors.js';
import { HttpTransport, type RawResponse } from './http.js';

export const SESSIONS_PATH = '/redfish/v1/SessionService/Sessions';

export interface RedfishResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** Parsed JSON; undefined for an empty body. */
  body: unknown;
  etag: string | undefined;
}

export interface RequestOptions {
  /** Sent as JSON with an exact Content-Length. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Non-2xx statuses the caller handles itself instead of getting a BmcError. */
  accept?: readonly number[];
}

interface Session {
  token: string;
  /** The session resource, for logout. */
  location: string | undefined;
}

export class RedfishClient {
  private transport: Promise<HttpTransport> | undefined;
  /** Resolved auth mode once known (auto becomes session or basic at first login). */
  private mode: 'session' | 'basic' | undefined;
  /** Resolves to undefined when the service has no SessionService (auto mode then uses Basic). */
  private session: Promise<Session | undefined> | undefined;
  /** Secrets seen so far, scrubbed from every message we build. */
  private readonly secrets = new Set<string>();

  constructor(
    private readonly endpoint: RedfishEndpoint,
    readonly display: string,
    private readonly ctx: DriverContext,
  ) {
    this.mode = endpoint.auth === 'auto' ? undefined : endpoint.auth;
  }

  async request(ctx: CallContext, method: string, path: string, opts: RequestOptions = {}): Promise<RedfishResponse> {
    try {
      let used = await this.authHeaders(ctx);
      let res = await this.send(ctx, method, path, opts, used.headers);
      if (res.status === 401 && used.session) {
        // Sessions expire or get evicted on BMC reboot: log in again, once.
        this.session = undefined;
        used = await this.authHeaders(ctx);
        res = await this.send(ctx, method, path, opts, used.headers);
      }
      return this.interpret(method, path, res, opts.accept ?? []);
    } catch (err) {
      throw this.scrub(err);
    }
  }

  /** Logs out (best effort: an unreachable BMC expires the session itself) and frees sockets. */
  async close(): Promise<void> {
    const pending = this.session;
    this.session = undefined;
    const transport = this.transport;
    this.transport = undefined;
    if (!transport) return;
    const t = await transport.catch(() => undefined);
    if (!t) return;
    try {
      const session = await pending;
      if (session?.location !== undefined) {
        await t.send({ signal: AbortSignal.timeout(this.endpoint.timeoutMs) }, {
          method: 'DELETE',
          path: session.location,
          headers: { ...baseHeaders(), 'X-Auth-Token': session.token },
        });
      }
    } catch {
      // Nothing to do about a failed logout; the session times out on the BMC.
    } finally {
      t.close();
    }
  }

  private async authHeaders(ctx: CallContext): Promise<{ headers: Record<string, string>; session: boolean }> {
    if (!this.ctx.credentials) return { headers: {}, session: false };
    if (this.mode !== 'basic') {
      this.session ??= this.login(ctx);
      let session: Session | undefined;
      try {
        session = await this.session;
      } catch (err) {
        this.session = undefined;
        throw err;
      }
      if (session) return { headers: { 'X-Auth-Token': session.token }, session: true };
    }
    const { username, password } = await this.credentials();
    return { headers: { Authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` }, session: false };
  }

  private async login(ctx: CallContext): Promise<Session | undefined> {
    const { username, password } = await this.credentials();
    const res = await this.send(ctx, 'POST', SESSIONS_PATH, { body: { UserName: username, Password: password } }, {});
    if ([404, 405, 501].includes(res.status)) {
      if (this.mode === 'session') {
        throw new BmcError('unsupported', `BMC ${this.display} has no SessionService (POST ${SESSIONS_PATH}: HTTP ${res.status}); use auth=basic or auth=auto`);
      }
      // Auto mode: Basic for the life of this driver.
      this.mode = 'basic';
      return undefined;
    }
    this.interpret('POST', SESSIONS_PATH, res, []);
    const token = header(res.headers, 'x-auth-token');
    if (token === undefined) {
      throw new BmcError('protocol', `BMC ${this.display} answered POST ${SESSIONS_PATH} without an X-Auth-Token header`);
    }
    this.secrets.add(token);
    this.mode = 'session';
    const location = header(res.headers, 'location') ?? odataId(parseJson(res.text));
    return { token, location: location === undefined ? undefined : pathOf(location) };
  }

  private async credentials(): Promise<Credentials> {
    const source = this.ctx.credentials;
    if (!source) throw new BmcError('auth', `no credentials configured for BMC ${this.display}`);
    let creds: Credentials;
    try {
      creds = await source.get();
    } catch (err) {
      throw new BmcError('auth', `cannot read credentials (${source.describe}) for BMC ${this.display}`, { cause: err });
    }
    // Very short passwords would turn scrubbing into mangling; they are not expected in BMC text anyway.
    if (creds.password.length >= 4) this.secrets.add(creds.password);
    return creds;
  }

  private async send(ctx: CallContext, method: string, path: string, opts: RequestOptions, auth: Record<string, string>): Promise<RawResponse> {
    const headers: Record<string, string> = { ...baseHeaders(), ...opts.headers, ...auth };
    let body: Buffer | undefined;
    if (opts.body !== undefined) {
      body = Buffer.from(JSON.stringify(opts.body), 'utf8');
      headers['Content-Type'] = 'application/json; charset=utf-8';
    }
    const transport = await this.getTransport();
    return transport.send(ctx, { method, path, headers, body });
  }

  private interpret(method: string, path: string, res: RawResponse, accept: readonly number[]): RedfishResponse {
    const ok = res.status >= 200 && res.status < 300;
    let body: unknown;
    try {
      body = parseJson(res.text);
    } catch (err) {
      if (ok) throw new BmcError('protocol', `BMC ${this.display} answered ${method} ${path} with a body that is not JSON`, { cause: err });
    }
    if (!ok && !accept.includes(res.status)) throw statusError(this.display, method, path, res.status, body);
    return { status: res.status, headers: res.headers, body, etag: header(res.headers, 'etag') };
  }

  private getTransport(): Promise<HttpTransport> {
    this.transport ??= this.loadCa().then((ca) => new HttpTransport(this.endpoint, this.display, ca));
    return this.transport;
  }

  private async loadCa(): Promise<Buffer | undefined> {
    const file = this.ctx.caFile;
    if (this.endpoint.protocol !== 'https' || file === undefined) return undefined;
    try {
      return await readFile(file);
    } catch (err) {
      this.transport = undefined;
      throw new BmcError('transport', `cannot read CA bundle ${file} for BMC ${this.display}`, { cause: err });
    }
  }

  private scrub(err: unknown): unknown {
    if (err instanceof Error) {
      for (const secret of this.secrets) err.message = err.message.split(secret).join('***');
    }
    return err;
  }
}

function baseHeaders(): Record<string, string> {
  return { Accept: 'application/json', 'OData-Version': '4.0', 'User-Agent': 'rackscaler' };
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s === '' ? undefined : s;
}

function parseJson(text: string): unknown {
  return text.trim() === '' ? undefined : JSON.parse(text);
}

function odataId(body: unknown): string | undefined {
  const id = (body as Record<string, unknown> | undefined)?.['@odata.id'];
  return typeof id === 'string' ? id : undefined;
}

/** Location headers may be absolute URLs; we always talk to the configured host. */
export function pathOf(location: string): string {
  return /^https?:\/\//i.test(location) ? new URL(location).pathname : location;
}
