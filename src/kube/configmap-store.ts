// Lifecycle state kept in a ConfigMap (DESIGN §8), so whichever replica leads continues where the
// last one stopped. The content is the state file's JSON, gzip-compressed in binaryData (a ConfigMap
// holds at most 1 MiB; 10,000 machines are ~1.7 MB raw). Every save replaces the object with the
// resourceVersion last seen: if anyone else wrote it meanwhile, the save fails instead of
// overwriting, and this replica must stop acting on the state it has.
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { CoreV1Api, V1ConfigMap } from '@kubernetes/client-node';
import { UnavailableError } from '../errors.js';
import { emptyState, type PersistedState } from '../lifecycle/state.js';
import { checkState, type StateStore } from '../lifecycle/store.js';
import { describeKubeError, httpStatus } from './api-error.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** The binaryData key. */
export const STATE_KEY = 'state.json.gz';
/** The API server's limit on a ConfigMap's data and binaryData together. */
export const CONFIGMAP_MAX_BYTES = 1024 * 1024;

/** Reading or writing the ConfigMap failed; CA's call may be retried (UNAVAILABLE). */
export class ConfigMapStoreError extends UnavailableError {}

/** Someone else wrote the ConfigMap since we read it: we are no longer the only writer. */
export class StateConflictError extends ConfigMapStoreError {}

export interface ConfigMapStateStoreOptions {
  core: CoreV1Api;
  namespace: string;
  name: string;
  /** For messages: where the API server is. */
  server?: string;
  /** Told about every conflict (the app steps down). */
  onConflict?: (err: StateConflictError) => void;
}

export class ConfigMapStateStore implements StateStore {
  readonly location: string;
  /** resourceVersion of our last read or write; undefined = the ConfigMap did not exist. */
  private resourceVersion: string | undefined;
  /** Bumped by every load: a save asked for before it must not land after it with the fresh resourceVersion. */
  private epoch = 0;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly opts: ConfigMapStateStoreOptions) {
    this.location = `configmap ${opts.namespace}/${opts.name}${opts.server ? ` at ${opts.server}` : ''}`;
  }

  async load(): Promise<PersistedState> {
    const { core, namespace, name } = this.opts;
    this.epoch++;
    let cm: V1ConfigMap;
    try {
      cm = await core.readNamespacedConfigMap({ namespace, name });
    } catch (err) {
      if (httpStatus(err) !== 404) throw new ConfigMapStoreError(`cannot read state from ${this.location}: ${describeKubeError(err)}`, { cause: err });
      this.resourceVersion = undefined;
      return emptyState();
    }
    const encoded = cm.binaryData?.[STATE_KEY];
    if (encoded === undefined) throw new ConfigMapStoreError(`${this.location} has no binaryData key "${STATE_KEY}"; it is not rackscaler state`);
    let parsed: unknown;
    try {
      parsed = JSON.parse((await gunzipAsync(Buffer.from(encoded, 'base64'))).toString('utf8'));
    } catch (err) {
      throw new ConfigMapStoreError(`${this.location}: binaryData "${STATE_KEY}" is not gzip-compressed JSON: ${describeKubeError(err)}`, { cause: err });
    }
    const state = checkState(parsed, this.location);
    this.resourceVersion = cm.metadata?.resourceVersion;
    return state;
  }

  /** Serialised like the file store: a later save never lands before an earlier one. */
  save(state: PersistedState): Promise<void> {
    const body = JSON.stringify(state);
    const epoch = this.epoch;
    const next = this.writing.then(() => this.write(body, epoch));
    this.writing = next.catch(() => undefined);
    return next;
  }

  private async write(json: string, epoch: number): Promise<void> {
    const { core, namespace, name } = this.opts;
    const packed = await gzipAsync(json);
    if (epoch !== this.epoch) throw new StateConflictError(`state for ${this.location} was reloaded after this save was asked for; not saved`);
    if (packed.length > CONFIGMAP_MAX_BYTES) {
      throw new ConfigMapStoreError(`state is ${packed.length} bytes compressed, over the ${CONFIGMAP_MAX_BYTES}-byte limit of ${this.location}`);
    }
    const body: V1ConfigMap = {
      metadata: { name, namespace, labels: { 'app.kubernetes.io/managed-by': 'rackscaler' } },
      binaryData: { [STATE_KEY]: packed.toString('base64') },
    };
    const expected = this.resourceVersion;
    try {
      const written =
        expected === undefined
          ? await core.createNamespacedConfigMap({ namespace, body })
          : await core.replaceNamespacedConfigMap({ namespace, name, body: { ...body, metadata: { ...body.metadata, resourceVersion: expected } } });
      if (epoch === this.epoch) this.resourceVersion = written.metadata?.resourceVersion;
    } catch (err) {
      // 409 on replace: stale resourceVersion; on create: someone created it after we saw none.
      if (httpStatus(err) !== 409) throw new ConfigMapStoreError(`cannot save state to ${this.location}: ${describeKubeError(err)}`, { cause: err });
      const conflict = new StateConflictError(
        `${this.location} was changed by another writer since resourceVersion ${expected ?? '(none: it did not exist)'}; ` +
          'this replica no longer acts on it (not the leader; try again)',
        { cause: err },
      );
      this.opts.onConflict?.(conflict);
      throw conflict;
    }
  }
}
