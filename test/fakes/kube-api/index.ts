// A fake Kubernetes API server on 127.0.0.1 speaking the real JSON HTTP API for the resources
// rackscaler uses, with hooks for tests to set the world, inject faults and expire watch history.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { admit } from './admission.js';
import { apiGroupList, apiVersions, resourceList, versionInfo } from './discovery.js';
import { evict } from './eviction.js';
import { Faults, type RequestMatcher } from './faults.js';
import { writeKubeconfig } from './kubeconfig.js';
import { byKind } from './resources.js';
import { parseRoute, type Route } from './routes.js';
import { badRequest, failure, KubeStatusError } from './status.js';
import { ObjectStore, type KubeObject } from './store.js';
import * as verbs from './verbs.js';
import { serveWatch, type OpenWatch } from './watch.js';

export type { RequestMatcher } from './faults.js';
export type { KubeObject, ObjectMeta } from './store.js';
export type { StatusBody } from './status.js';

export interface FakeKubeApiOptions {
  /** Bearer token written into the kubeconfig and required on every request (default: random). */
  token?: string;
  /** Answer 401 to requests without the token (default true). */
  requireToken?: boolean;
  /** Period of BOOKMARK events on watches that ask for them (default 1000 ms; real servers ~1 min). */
  bookmarkIntervalMs?: number;
  /** Changes kept for watches to resume from; older resourceVersions get 410 (default 10,000). */
  historyLimit?: number;
  /** Namespace of the kubeconfig's context (default "default"). */
  namespace?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  contentType: string | undefined;
  /** Parsed JSON when it parses, else the raw text; undefined when empty. */
  body: unknown;
  watch: boolean;
  /** Whether the expected bearer token came with it (the token itself is never recorded). */
  authorized: boolean;
}

export interface FakeKubeApi {
  /** http://127.0.0.1:PORT */
  url: string;
  /** kubeconfig YAML for KubeConfig.loadFromFile(); removed by stop(). */
  kubeconfigFile: string;
  token: string;
  /** Every request in arrival order; tests may clear it with `requests.length = 0`. */
  requests: RecordedRequest[];
  /** Creates or replaces an object by its kind (namespace "default" when a namespaced one has none); emits ADDED/MODIFIED. */
  put(obj: KubeObject): KubeObject;
  /** Deletes an object and emits DELETED; undefined when it did not exist. */
  remove(kind: string, namespace: string | undefined, name: string): KubeObject | undefined;
  get(kind: string, namespace: string | undefined, name: string): KubeObject | undefined;
  list(kind: string): KubeObject[];
  /** The cluster-wide resourceVersion of the last write. */
  resourceVersion(): string;
  /** Makes every resourceVersion older than the current one 410 Expired for watches. */
  expireHistory(): void;
  /** The next `times` requests matching `match` are answered with a Status of this code. */
  failNext(match: RequestMatcher, code: number, times?: number): void;
  /** Ends every open watch: 'close' cleanly (server shutting down), 'reset' by destroying the connection. */
  dropWatches(how?: 'close' | 'reset'): void;
  openWatches(): number;
  stop(): Promise<void>;
}

interface Incoming {
  method: string;
  url: URL;
  contentType: string | undefined;
  body: unknown;
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function sendJson(res: http.ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  const headers: http.OutgoingHttpHeaders = { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) };
  if (code === 429 || code === 503) headers['Retry-After'] = '1';
  res.writeHead(code, headers).end(text);
}

export async function startFakeKubeApi(opts: FakeKubeApiOptions = {}): Promise<FakeKubeApi> {
  const token = opts.token ?? randomBytes(16).toString('hex');
  const requireToken = opts.requireToken ?? true;
  const bookmarkIntervalMs = opts.bookmarkIntervalMs ?? 1000;
  const store = new ObjectStore(opts.historyLimit ?? 10_000);
  const faults = new Faults();
  const requests: RecordedRequest[] = [];
  const watches = new Set<OpenWatch>();

  const serveResource = (route: Extract<Route, { type: 'resource' }>, rq: Incoming, res: http.ServerResponse): verbs.Reply | undefined => {
    const { resource, namespace, name, sub } = route;
    const q = rq.url.searchParams;
    if (name === undefined) {
      if (rq.method === 'POST') return verbs.create(store, resource, namespace, rq.body);
      if (rq.method !== 'GET') throw new KubeStatusError(405, `${rq.method} is not supported on a collection`);
      const matches = verbs.selection(resource, namespace, q);
      if (q.get('watch') !== 'true' && q.get('watch') !== '1') return verbs.list(store, resource, matches);
      const timeout = q.get('timeoutSeconds');
      if (timeout !== null && !(Number(timeout) >= 0)) throw badRequest(`invalid timeoutSeconds: "${timeout}"`);
      const w = {
        resource,
        matches,
        resourceVersion: q.get('resourceVersion'),
        bookmarks: q.get('allowWatchBookmarks') === 'true',
        bookmarkIntervalMs,
        timeoutSeconds: timeout === null ? undefined : Number(timeout),
      };
      serveWatch(store, w, () => store.list(resource).filter(matches), res, watches);
      return undefined;
    }
    if (sub === 'eviction' && resource.kind === 'Pod' && rq.method === 'POST') return evict(store, namespace ?? '', name, rq.body);
    if (sub !== undefined && !(sub === 'status' && resource.hasStatus)) throw new KubeStatusError(404, 'the server could not find the requested resource');
    const t: verbs.Target = { resource, namespace, name, sub };
    switch (rq.method) {
      case 'GET':
        return { code: 200, body: verbs.get(store, t) };
      case 'PUT':
        return verbs.update(store, t, rq.body);
      case 'PATCH':
        return verbs.patch(store, t, (rq.contentType ?? '').split(';')[0]!.trim(), rq.body);
      case 'DELETE':
        if (sub === undefined) return verbs.remove(store, t, rq.body);
    }
    throw new KubeStatusError(405, `${rq.method} is not supported on ${rq.url.pathname}`);
  };

  const route = (rq: Incoming, res: http.ServerResponse): verbs.Reply | undefined => {
    const r = parseRoute(rq.url.pathname);
    if (r?.type === 'resource') return serveResource(r, rq, res);
    if (r?.type === 'resources') return { code: 200, body: resourceList(r.group, r.version) };
    if (r?.type === 'discovery') return { code: 200, body: r.what === 'api' ? apiVersions() : r.what === 'apis' ? apiGroupList() : versionInfo() };
    throw new KubeStatusError(404, 'the server could not find the requested resource');
  };

  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const rq: Incoming = { method: req.method ?? 'GET', url, contentType: req.headers['content-type'], body: parseBody(Buffer.concat(chunks).toString('utf8')) };
      const watch = url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1';
      const authorized = req.headers.authorization === `Bearer ${token}`;
      requests.push({ method: rq.method, path: url.pathname, query: Object.fromEntries(url.searchParams), contentType: rq.contentType, body: rq.body, watch, authorized });
      if (requireToken && !authorized) return sendJson(res, 401, failure(401, 'Unauthorized'));
      const injected = faults.take(rq.method, url.pathname, watch);
      if (injected) return sendJson(res, injected.code, injected);
      try {
        const reply = route(rq, res);
        if (reply) sendJson(res, reply.code, reply.body);
      } catch (err) {
        const status = err instanceof KubeStatusError ? err.toStatus() : failure(500, `fake kube-api: ${String(err)}`);
        if (res.headersSent) res.end();
        else sendJson(res, status.code, status);
      }
    });
  };

  const server = http.createServer(onRequest);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = await mkdtemp(join(tmpdir(), 'fake-kube-api-'));
  const kubeconfigFile = await writeKubeconfig(dir, url, token, opts.namespace ?? 'default');

  const dropWatches = (how: 'close' | 'reset' = 'close'): void => {
    for (const w of [...watches]) w.close(how);
  };

  return {
    url,
    kubeconfigFile,
    token,
    requests,
    put(obj) {
      const r = byKind(obj.kind ?? '');
      const o = structuredClone(obj);
      if (r.namespaced) o.metadata.namespace ??= 'default';
      admit(r, o);
      return store.write(r, o);
    },
    remove: (kind, namespace, name) => store.remove(byKind(kind), namespace, name),
    get: (kind, namespace, name) => store.get(byKind(kind), namespace, name),
    list: (kind) => store.list(byKind(kind)),
    resourceVersion: () => String(store.resourceVersion),
    expireHistory: () => store.compact(),
    failNext: (match, code, times = 1) => faults.add(match, code, times),
    dropWatches,
    openWatches: () => watches.size,
    async stop() {
      dropWatches('close');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
