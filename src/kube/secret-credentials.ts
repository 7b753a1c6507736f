// BMC credentials kept in Kubernetes Secrets. Each referenced Secret gets its own watch (started
// on first use, so only referenced Secrets are read); every get() reads the watched copy, so a
// rotated Secret is used from the next BMC call on. Errors name the Secret and key, never a value.
import { CoreV1Api, type KubeConfig, type V1Secret } from '@kubernetes/client-node';
import type { CredentialSource, Credentials } from '../../providers/types.js';
import { CredentialError, describeSecret, type SecretCredentialReader } from '../config/credentials.js';
import type { SecretRef } from '../config/types.js';
import type { Logger } from '../log.js';
import { WatchCache, type Backoff } from './watch-cache.js';

export interface SecretStoreOptions {
  logger: Logger;
  backoff?: Backoff;
  /** How long a first read waits for its Secret's watch to list. Default 10 s. */
  syncTimeoutMs?: number;
}

export class SecretStore implements SecretCredentialReader {
  private readonly core: CoreV1Api;
  private readonly watches = new Map<string, WatchCache<V1Secret>>();
  private stopped = false;

  constructor(
    private readonly kc: KubeConfig,
    private readonly opts: SecretStoreOptions,
  ) {
    this.core = kc.makeApiClient(CoreV1Api);
  }

  source(ref: SecretRef): CredentialSource {
    const describe = describeSecret(ref);
    return {
      describe,
      get: async (): Promise<Credentials> => {
        const secret = await this.read(ref.namespace, ref.name).catch((err: unknown) => {
          throw new CredentialError(`cannot read BMC credentials from ${describe}: ${(err as Error).message}`, { cause: err });
        });
        if (!secret) throw new CredentialError(`${describe} (BMC credentials) does not exist`);
        return { username: value(secret, ref.usernameKey, describe, 'username'), password: value(secret, ref.passwordKey, describe, 'password') };
      },
    };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.watches.values()].map((w) => w.stop()));
    this.watches.clear();
  }

  private async read(namespace: string, name: string): Promise<V1Secret | undefined> {
    if (this.stopped) throw new Error('rackscaler is stopping');
    const key = `${namespace}/${name}`;
    let watch = this.watches.get(key);
    if (!watch) {
      const fieldSelector = `metadata.name=${name}`;
      watch = new WatchCache<V1Secret>(this.kc, {
        what: `Secret ${key}`,
        path: `/api/v1/namespaces/${namespace}/secrets`,
        list: () => this.core.listNamespacedSecret({ namespace, fieldSelector }),
        fieldSelector,
        logger: this.opts.logger,
        backoff: this.opts.backoff,
      });
      this.watches.set(key, watch);
    }
    await watch.start(this.opts.syncTimeoutMs ?? 10_000);
    return watch.get(name, namespace);
  }
}

function value(secret: V1Secret, key: string, describe: string, what: string): string {
  const encoded = secret.data?.[key];
  if (encoded === undefined) throw new CredentialError(`${describe} has no key "${key}" (BMC ${what})`);
  // Trimmed like a password file: Secrets made from files often end in a newline.
  const text = Buffer.from(encoded, 'base64').toString('utf8').trim();
  if (text === '') throw new CredentialError(`${describe} key "${key}" (BMC ${what}) is empty`);
  return text;
}
