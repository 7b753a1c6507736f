import { mkdtemp, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { CredentialError, credentialSource } from '../src/config/credentials.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rackscaler-cred-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The error get() rejects with. */
async function failure(get: () => Promise<unknown>): Promise<Error> {
  try {
    await get();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected get() to fail');
}

describe('password file', () => {
  test('trimmed, re-read after an in-place rewrite and after a replace by rename', async () => {
    const file = join(dir, 'pw');
    await writeFile(file, 'first-secret\n');
    const src = credentialSource({ username: 'admin', passwordFile: file });
    expect(src.describe).toBe(`file ${file}`);
    expect(await src.get()).toEqual({ username: 'admin', password: 'first-secret' });

    // Same length and an explicit later mtime: only the mtime tells the contents changed.
    await writeFile(file, 'other-secret\n');
    const later = new Date(Date.now() + 60_000);
    await utimes(file, later, later);
    expect((await src.get()).password).toBe('other-secret');

    // Kubernetes Secret volumes swap files by rename: a new inode.
    await writeFile(join(dir, 'pw.new'), '  third-secret  ');
    await rename(join(dir, 'pw.new'), file);
    expect((await src.get()).password).toBe('third-secret');
  });

  test('an empty or missing file is an error naming the file, never the old secret', async () => {
    const file = join(dir, 'pw');
    await writeFile(file, 'old-secret');
    const src = credentialSource({ username: 'admin', passwordFile: file });
    await src.get();

    await writeFile(file, '\n\n');
    const empty = await failure(() => src.get());
    expect(empty).toBeInstanceOf(CredentialError);
    expect(empty.message).toBe(`BMC password file ${file} is empty`);

    await rm(file);
    const missing = await failure(() => src.get());
    expect(missing.message).toBe(`cannot read BMC password file ${file} (ENOENT)`);
    for (const err of [empty, missing]) expect(`${err.message} ${String(err.cause)}`).not.toContain('old-secret');
  });
});

describe('environment variable', () => {
  const name = 'RACKSCALER_TEST_BMC_PASSWORD';
  afterEach(() => {
    delete process.env[name];
  });

  test('read on every get, errors name the variable', async () => {
    const src = credentialSource({ username: 'root', passwordEnv: name });
    expect(src.describe).toBe(`environment variable ${name}`);
    expect((await failure(() => src.get())).message).toBe(`environment variable ${name} (BMC password) is not set`);

    process.env[name] = 'env-secret-1';
    expect(await src.get()).toEqual({ username: 'root', password: 'env-secret-1' });
    process.env[name] = 'env-secret-2';
    expect((await src.get()).password).toBe('env-secret-2');

    process.env[name] = '';
    const err = await failure(() => src.get());
    expect(err.message).toBe(`environment variable ${name} (BMC password) is empty`);
    expect(err.message).not.toContain('env-secret');
  });
});
