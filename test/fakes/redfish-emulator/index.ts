// A Redfish BMC emulator on 127.0.0.1 for tests: HTTP or HTTPS (own throwaway CA), session and
// Basic auth, a power model with transition times, and switchable faults.
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultFaults, type Faults } from './faults.js';
import { errorBody } from './resources.js';
import { BmcModel, type Reply } from './routes.js';
import { EmulatedSystem, type BootOverride, type BootRecord, type Power, type PowerStateText } from './system.js';
import { makeTestPki } from '../test-pki.js';

export type { Faults, ResetTaskFault } from './faults.js';

export interface EmulatorOptions {
  tls?: boolean;
  username?: string;
  password?: string;
  /** Default one System with Id "1". `listedAs` serves it under another URL segment than its Id. */
  systems?: { id: string; listedAs?: string; power?: Power }[];
  faults?: Partial<Faults>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** Lower-case names; Authorization and X-Auth-Token removed. */
  headers: Record<string, string | string[] | undefined>;
  auth: 'basic' | 'session' | 'none';
  /** Parsed JSON when it parses, else the raw text; undefined when empty. */
  body: unknown;
}

export interface SystemState {
  powerState: PowerStateText;
  boot: BootOverride;
  resets: string[];
  boots: BootRecord[];
  etag: string;
}

export interface RedfishEmulator {
  /** Endpoint URL without a System path: redfish+http://127.0.0.1:PORT or redfish+https://… */
  url: string;
  /** The same server as a plain http(s) origin. */
  origin: string;
  /** PEM of the throwaway CA (HTTPS only). */
  caFile: string | undefined;
  username: string;
  password: string;
  requests: RecordedRequest[];
  /** Every session token handed out. */
  issuedTokens: readonly string[];
  openSessions(): number;
  state(systemId: string): SystemState;
  setFault(patch: Partial<Faults>): void;
  /** Completes every PoweringOn/PoweringOff now. */
  finishTransitions(): void;
  /** Invalidates all sessions, as a BMC reboot would. */
  expireSessions(): void;
  stop(): Promise<void>;
}

export async function startRedfishEmulator(opts: EmulatorOptions = {}): Promise<RedfishEmulator> {
  const faults = { ...defaultFaults(), ...opts.faults };
  const systems = (opts.systems ?? [{ id: '1' }]).map((s) => new EmulatedSystem(s.id, s.listedAs ?? s.id, s.power ?? 'Off'));
  const model = new BmcModel(faults, systems, opts.username ?? 'admin', opts.password ?? 'emulator-password');
  const requests: RecordedRequest[] = [];
  const dir = opts.tls ? await mkdtemp(join(tmpdir(), 'redfish-emulator-')) : undefined;
  const pki = dir === undefined ? undefined : await makeTestPki(dir);

  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const { authorization, 'x-auth-token': token, ...headers } = req.headers;
      const auth = authOf(model, authorization, token);
      const path = normalise(new URL(req.url ?? '/', 'http://x').pathname);
      const body = parseBody(text);
      requests.push({ method: req.method ?? '', path, headers, auth: auth.kind, body });
      if (faults.hang) return; // accepted, never answered
      reply(res, route(model, faults, req, path, body, auth.ok, text.length > 0));
    });
  };
  const server = pki ? https.createServer({ key: pki.key, cert: pki.cert }, onRequest) : http.createServer(onRequest);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const scheme = pki ? 'https' : 'http';

  const find = (id: string): EmulatedSystem => {
    const s = systems.find((x) => x.id === id);
    if (!s) throw new Error(`emulator has no System ${id} (has ${systems.map((x) => x.id).join(', ')})`);
    return s;
  };
  return {
    url: `redfish+${scheme}://127.0.0.1:${port}`,
    origin: `${scheme}://127.0.0.1:${port}`,
    caFile: pki?.caFile,
    username: model.username,
    password: model.password,
    requests,
    issuedTokens: model.issuedTokens,
    openSessions: () => model.sessions.size,
    state: (id) => {
      const s = find(id);
      return { powerState: s.powerState(), boot: { ...s.boot }, resets: [...s.resets], boots: [...s.boots], etag: s.etag };
    },
    setFault: (patch) => Object.assign(faults, patch),
    finishTransitions: () => systems.forEach((s) => s.finishTransition()),
    expireSessions: () => model.sessions.clear(),
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    },
  };
}

function route(model: BmcModel, faults: Faults, req: http.IncomingMessage, path: string, body: unknown, authed: boolean, hasBody: boolean): Reply {
  if (faults.unavailable > 0) {
    faults.unavailable--;
    return { status: 503, body: errorBody('ServiceTemporarilyUnavailable', 'The service is temporarily unavailable. Retry in 5 seconds.'), headers: { 'Retry-After': '5' } };
  }
  if (faults.rejectChunked && hasBody && req.headers['content-length'] === undefined) {
    return { status: 411, body: errorBody('GeneralError', 'Length Required: request bodies must carry Content-Length.') };
  }
  const method = req.method ?? '';
  const open = model.public(method, path, body);
  if (open) return open;
  if (!authed) {
    return { status: 401, body: errorBody('NoValidSession', 'There is no valid session established with the implementation.'), headers: { 'WWW-Authenticate': 'Basic realm="Redfish"' } };
  }
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  return model.handle(method, path, body, headers);
}

function authOf(model: BmcModel, authorization: string | undefined, token: string | string[] | undefined): { kind: RecordedRequest['auth']; ok: boolean } {
  if (typeof token === 'string') return { kind: 'session', ok: model.sessions.has(token) };
  const m = /^Basic (.+)$/i.exec(authorization ?? '');
  if (!m?.[1]) return { kind: 'none', ok: false };
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return { kind: 'basic', ok: colon > 0 && model.checkBasic(decoded.slice(0, colon), decoded.slice(colon + 1)) };
}

function reply(res: http.ServerResponse, r: Reply): void {
  const text = r.body === undefined ? '' : JSON.stringify(r.body);
  const headers: Record<string, string> = { 'OData-Version': '4.0', 'Content-Length': String(Buffer.byteLength(text)), ...r.headers };
  if (text !== '') headers['Content-Type'] = 'application/json; charset=utf-8';
  res.writeHead(r.status, headers);
  res.end(text);
}

function normalise(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
