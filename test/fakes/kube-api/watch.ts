// Watch streams: newline-delimited JSON events over a chunked 200 response, replayed from the
// store's history, with periodic BOOKMARKs and a 410 ERROR event when the history is gone.
import type http from 'node:http';
import { apiVersionOf, type ResourceType } from './resources.js';
import type { Matcher } from './selectors.js';
import { badRequest, failure } from './status.js';
import type { KubeObject, ObjectStore, StoreEvent } from './store.js';

export interface WatchRequest {
  resource: ResourceType;
  /** Matches the path's namespace and the selectors. */
  matches: Matcher;
  /** Query resourceVersion: absent or "0" starts with ADDED for every current object. */
  resourceVersion: string | null;
  bookmarks: boolean;
  bookmarkIntervalMs: number;
  timeoutSeconds: number | undefined;
}

interface WireEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: unknown;
}

export interface OpenWatch {
  /** 'close' ends the stream cleanly, 'reset' destroys the connection. */
  close(how: 'close' | 'reset'): void;
}

/** What a selector-filtered watcher sees: an object entering the selection is ADDED, leaving it DELETED. */
function project(e: StoreEvent, w: WatchRequest): WireEvent | undefined {
  if (e.resource !== w.resource) return undefined;
  const now = w.matches(e.object);
  if (e.type !== 'MODIFIED') return now ? { type: e.type, object: e.object } : undefined;
  const before = e.previous !== undefined && w.matches(e.previous);
  if (now) return { type: before ? 'MODIFIED' : 'ADDED', object: e.object };
  return before ? { type: 'DELETED', object: e.object } : undefined;
}

export function serveWatch(
  store: ObjectStore,
  w: WatchRequest,
  current: () => KubeObject[],
  res: http.ServerResponse,
  open: Set<OpenWatch>,
): void {
  const from = w.resourceVersion === null || w.resourceVersion === '' || w.resourceVersion === '0' ? undefined : Number(w.resourceVersion);
  if (from !== undefined && !Number.isSafeInteger(from)) throw badRequest(`invalid resource version: "${w.resourceVersion}"`);
  const history = from === undefined ? undefined : store.since(from);

  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
  const send = (e: WireEvent): void => void res.write(`${JSON.stringify(e)}\n`);

  if (from !== undefined && history === undefined) {
    send({ type: 'ERROR', object: failure(410, `too old resource version: ${from} (${store.oldestResourceVersion})`, 'Expired') });
    res.end();
    return;
  }
  const initial = history === undefined
    ? current().map((object): WireEvent => ({ type: 'ADDED', object }))
    : history.flatMap((e) => project(e, w) ?? []);
  for (const e of initial) send(e);

  const bookmark = (): void =>
    send({ type: 'BOOKMARK', object: { kind: w.resource.kind, apiVersion: apiVersionOf(w.resource), metadata: { resourceVersion: String(store.resourceVersion) } } });
  const unsubscribe = store.subscribe((e) => {
    const wire = project(e, w);
    if (wire) send(wire);
  });
  const timers = [
    w.bookmarks ? setInterval(bookmark, w.bookmarkIntervalMs) : undefined,
    w.timeoutSeconds !== undefined ? setTimeout(() => handle.close('close'), w.timeoutSeconds * 1000) : undefined,
  ];
  const cleanup = (): void => {
    unsubscribe();
    for (const t of timers) clearTimeout(t);
    open.delete(handle);
  };
  const handle: OpenWatch = {
    close(how) {
      cleanup();
      if (how === 'reset') res.destroy();
      else res.end();
    },
  };
  open.add(handle);
  res.on('close', cleanup);
}
