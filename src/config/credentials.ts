// BMC credentials from a referenced secret, re-read so that rotation needs no restart. Errors name
// the file or variable, never its content.
import { readFile, stat } from 'node:fs/promises';
import type { CredentialSource, Credentials } from '../../providers/types.js';
import type { CredentialRef } from './types.js';

export class CredentialError extends Error {
  override readonly name = 'CredentialError';
}

export function credentialSource(ref: CredentialRef): CredentialSource {
  return 'passwordFile' in ref ? new FileCredentialSource(ref.username, ref.passwordFile) : new EnvCredentialSource(ref.username, ref.passwordEnv);
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
