// One resource kept in memory by list + watch (client-node's ListWatch). ListWatch resumes a closed
// stream and re-lists after 410 Gone by itself, but stops for good on any other failure (a reset
// connection, a refused list, a non-200 watch); this restarts it with capped, jittered backoff.
import { ListWatch, Watch, type KubeConfig, type KubernetesListObject, type KubernetesObject } from '@kubernetes/client-node';
import type { Logger } from '../log.js';
import { describeKubeError, httpStatus, KubeApiError } from './api-error.js';
import { apiServer } from './kubeconfig.js';

export interface Backoff {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { initialMs: 500, maxMs: 30_000 };

export interface WatchCacheOptions<T extends KubernetesObject> {
  /** What is cached, for logs and errors: "nodes", "Secret ns/name". */
  what: string;
  /** Collection path watched, e.g. /api/v1/nodes. */
  path: string;
  list: () => Promise<KubernetesListObject<T>>;
  /** Must be the same selector the list uses. */
  fieldSelector?: string;
  logger: Logger;
  backoff?: Backoff;
}

type Verb = 'add' | 'update' | 'delete';

export class WatchCache<T extends KubernetesObject> {
  readonly what: string;
  private readonly informer: ListWatch<T>;
  private readonly server: string;
  private readonly logger: Logger;
  private readonly backoff: Backoff;
  private synced = false;
  private notServed = false;
  private stopped = false;
  private started = false;
  private failures = 0;
  private errors = 0;
  private lastError: string | undefined;
  private retry: NodeJS.Timeout | undefined;
  private readonly waiters: Array<() => void> = [];

  constructor(kc: KubeConfig, opts: WatchCacheOptions<T>) {
    this.what = opts.what;
    this.server = apiServer(kc);
    this.logger = opts.logger;
    this.backoff = opts.backoff ?? DEFAULT_BACKOFF;
    const list = async (): Promise<KubernetesListObject<T>> => {
      try {
        return await opts.list();
      } catch (err) {
        // 404 on a collection means this server does not serve the resource at all.
        if (httpStatus(err) === 404 && !this.synced) this.notServed = true;
        throw err;
      }
    };
    this.informer = new ListWatch(opts.path, new Watch(kc), list, false, undefined, opts.fieldSelector);
    this.informer.on('error', (err: unknown) => this.failed(err));
  }

  on(verb: Verb, cb: (obj: T) => void): void {
    this.informer.on(verb, cb);
  }

  get(name: string, namespace?: string): T | undefined {
    return this.informer.get(name, namespace);
  }

  list(): readonly T[] {
    return this.informer.list();
  }

  get isSynced(): boolean {
    return this.synced;
  }

  /**
   * Starts listing and watching (once) and resolves when the first list is in memory. Failures are
   * retried; after `timeoutMs` (if given) it rejects with the last failure, still retrying behind.
   */
  start(timeoutMs?: number): Promise<void> {
    if (!this.started) {
      this.started = true;
      void this.run();
    }
    if (this.synced) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              this.waiters.splice(this.waiters.indexOf(done), 1);
              reject(new KubeApiError(`cannot load ${this.what} from ${this.server} within ${timeoutMs / 1000}s: ${this.lastError ?? 'no answer'}`));
            }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push(done);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.informer.stop();
  }

  private async run(): Promise<void> {
    if (this.stopped) return;
    const before = this.errors;
    await this.informer.start().catch((err: unknown) => this.failed(err));
    if (this.errors !== before || this.stopped) return;
    if (this.failures > 0) this.logger.info({ cache: this.what }, 'Kubernetes watch re-established');
    this.failures = 0;
    this.markSynced();
  }

  private failed(err: unknown): void {
    // Stopping aborts the open watch, which ListWatch reports as an error.
    if (this.stopped) return;
    this.errors++;
    if (this.notServed) {
      this.logger.warn({ cache: this.what, server: this.server }, `the API server does not serve ${this.what}; treating it as empty`);
      this.markSynced();
      return;
    }
    this.lastError = describeKubeError(err);
    this.failures++;
    const cap = Math.min(this.backoff.initialMs * 2 ** (this.failures - 1), this.backoff.maxMs);
    const delay = cap / 2 + (Math.random() * cap) / 2;
    this.logger.warn({ cache: this.what, server: this.server, error: this.lastError, retryInMs: Math.round(delay) }, 'Kubernetes list/watch failed; retrying');
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.run(), delay);
    this.retry.unref();
  }

  private markSynced(): void {
    this.synced = true;
    for (const w of this.waiters.splice(0)) w();
  }
}
