// Objects plus an etcd-like history: one cluster-wide resourceVersion, bumped by every write,
// and a bounded log of changes that watches replay from; older versions are "expired" (410).
import { randomUUID } from 'node:crypto';
import { apiVersionOf, type ResourceType } from './resources.js';

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [field: string]: unknown;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: EventType;
  rv: number;
  resource: ResourceType;
  object: KubeObject;
  /** The object before a MODIFIED, so watches with selectors can turn it into ADDED/DELETED. */
  previous: KubeObject | undefined;
}

export class ObjectStore {
  private rv = 1;
  /** Watches from a resourceVersion below this are expired. */
  private oldestWatchable = 1;
  private readonly objects = new Map<string, KubeObject>();
  private readonly history: StoreEvent[] = [];
  private readonly listeners = new Set<(e: StoreEvent) => void>();

  constructor(private readonly historyLimit: number) {}

  get resourceVersion(): number {
    return this.rv;
  }

  get(r: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    const o = this.objects.get(key(r, namespace, name));
    return o && structuredClone(o);
  }

  /** Sorted by namespace then name, as etcd's key order gives them. */
  list(r: ResourceType, namespace?: string): KubeObject[] {
    const prefix = `${r.group}/${r.plural}/${r.namespaced && namespace ? `${namespace}/` : ''}`;
    return [...this.objects.entries()]
      .filter(([k]) => k.startsWith(prefix))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, o]) => structuredClone(o));
  }

  /** Inserts or replaces; fills identity fields the caller left out; returns the stored copy. */
  write(r: ResourceType, obj: KubeObject): KubeObject {
    const ns = r.namespaced ? obj.metadata.namespace : undefined;
    const name = obj.metadata.name ?? '';
    const k = key(r, ns, name);
    const previous = this.objects.get(k);
    const stored = structuredClone(obj);
    stored.apiVersion = apiVersionOf(r);
    stored.kind = r.kind;
    if (!r.namespaced) delete stored.metadata.namespace;
    stored.metadata.uid = previous?.metadata.uid ?? stored.metadata.uid ?? randomUUID();
    stored.metadata.creationTimestamp = previous?.metadata.creationTimestamp ?? stored.metadata.creationTimestamp ?? new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    stored.metadata.resourceVersion = String(++this.rv);
    this.objects.set(k, stored);
    this.emit({ type: previous ? 'MODIFIED' : 'ADDED', rv: this.rv, resource: r, object: stored, previous });
    return structuredClone(stored);
  }

  /** Removes and returns the object as last seen, with the deletion's resourceVersion. */
  remove(r: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    const k = key(r, namespace, name);
    const existing = this.objects.get(k);
    if (!existing) return undefined;
    this.objects.delete(k);
    const gone = structuredClone(existing);
    gone.metadata.resourceVersion = String(++this.rv);
    this.emit({ type: 'DELETED', rv: this.rv, resource: r, object: gone, previous: existing });
    return structuredClone(gone);
  }

  /** Changes after `rv`, or undefined when some of them are no longer retained. */
  since(rv: number): StoreEvent[] | undefined {
    if (rv < this.oldestWatchable) return undefined;
    return this.history.filter((e) => e.rv > rv);
  }

  get oldestResourceVersion(): number {
    return this.oldestWatchable;
  }

  /** Like an etcd compaction at the current revision: every older resourceVersion becomes 410. */
  compact(): void {
    this.history.length = 0;
    this.oldestWatchable = this.rv;
  }

  subscribe(fn: (e: StoreEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private emit(e: StoreEvent): void {
    this.history.push(e);
    while (this.history.length > this.historyLimit) this.oldestWatchable = this.history.shift()!.rv;
    for (const fn of [...this.listeners]) fn(e);
  }
}

function key(r: ResourceType, namespace: string | undefined, name: string): string {
  return `${r.group}/${r.plural}/${r.namespaced ? `${namespace ?? ''}/` : ''}${name}`;
}
