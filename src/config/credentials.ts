// BMC credentials from a referenced secret, re-read so that rotation needs no restart. Errors name
// the file, variable or Kubernetes Secret, never its content.
import { readFile, stat } from 'node:fs/promises';
import type { CredentialSource, Credentials } from '../../providers/types.js';
import type { CredentialRef, SecretRef } from './types.js';

export class CredentialError extends Error {
  override readonly name = 'CredentialError';
}

/** Serves credentials kept in Kubernetes Secrets (src/kube/secret-credentials.ts). */
export interface SecretCredentialReader {
  source(ref: SecretRef): CredentialSource;
}

/** `secrets` is needed only for Secret references; without it they fail with an error saying so. */
export function credentialSource(ref: CredentialRef, secrets?: SecretCredentialReader): CredentialSource {
  if ('secret' in ref) return secrets ? secrets.source(ref.secret) : new UnconnectedSecretSource(ref.secret);
  return 'passwordFile' in ref ? new FileCredentialSource(ref.username, ref.passwordFile) : new EnvCredentialSource(ref.username, ref.passwordEnv);
}

/** "Secret ns/name", as errors and `describe` name it. */
export function describeSecret(ref: SecretRef): string {
  return `Secret ${ref.namespace}/${ref.name}`;
}

class FileCredentialSource implements CredentialSource {
  readonly describe: string;
  private cached: { version: string; password: string } | undefined;

  constructor(
    private readonly username: string,
    private readonly file: string,
  ) {
    this.describe = `file ${file}`;
  }

  async get(): Promise<Credentials> {
    try {
      // Inode, size and mtime: an in-place rewrite and a replace-by-rename (Secret volumes) both show.
      const s = await stat(this.file, { bigint: true });
      const version = `${s.ino}:${s.size}:${s.mtimeNs}`;
      if (this.cached?.version !== version) {
        this.cached = { version, password: (await readFile(this.file, 'utf8')).trim() };
      }
    } catch (err) {
      this.cached = undefined;
      const code = (err as NodeJS.ErrnoException).code ?? 'unknown error';
      throw new CredentialError(`cannot read BMC password file ${this.file} (${code})`, { cause: err });
    }
    if (this.cached.password === '') throw new CredentialError(`BMC password file ${this.file} is empty`);
    return { username: this.username, password: this.cached.password };
  }
}

class EnvCredentialSource implements CredentialSource {
  readonly describe: string;

  constructor(
    private readonly username: string,
    private readonly variable: string,
  ) {
    this.describe = `environment variable ${variable}`;
  }

  async get(): Promise<Credentials> {
    const password = process.env[this.variable];
    if (password === undefined) throw new CredentialError(`environment variable ${this.variable} (BMC password) is not set`);
    if (password === '') throw new CredentialError(`environment variable ${this.variable} (BMC password) is empty`);
    return { username: this.username, password };
  }
}

class UnconnectedSecretSource implements CredentialSource {
  readonly describe: string;

  constructor(ref: SecretRef) {
    this.describe = describeSecret(ref);
  }

  async get(): Promise<Credentials> {
    throw new CredentialError(`BMC credentials are in ${this.describe}, but rackscaler is not connected to Kubernetes (give --kubeconfig or run in the cluster)`);
  }
}
