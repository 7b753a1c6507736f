// The embedded state file (DESIGN §8): JSON, replaced atomically (temp file, fsync, rename, fsync dir),
// so a kill -9 at any point leaves either the old or the new state, never a torn one.
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { MACHINE_STATES, emptyState, type PersistedState } from './state.js';

export class StateFileError extends Error {
  override readonly name = 'StateFileError';
}

export interface StateStore {
  load(): Promise<PersistedState>;
  save(state: PersistedState): Promise<void>;
  /** Where it lives, for messages. */
  readonly location: string;
}

export class FileStateStore implements StateStore {
  private writing: Promise<void> = Promise.resolve();

  constructor(readonly location: string) {}

  async load(): Promise<PersistedState> {
    let text: string;
    try {
      text = await readFile(this.location, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptyState();
      throw new StateFileError(`cannot read state file ${this.location}`, { cause: err });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new StateFileError(`state file ${this.location} is not valid JSON`, { cause: err });
    }
    return checkState(parsed, this.location);
  }

  /** Serialised: a later save never lands before an earlier one. */
  save(state: PersistedState): Promise<void> {
    const body = JSON.stringify(state);
    const next = this.writing.then(() => writeAtomically(this.location, body));
    this.writing = next.catch(() => undefined);
    return next;
  }
}

async function writeAtomically(path: string, body: string): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.tmp`);
  const fh = await open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(body);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
  // The rename itself must reach the disk too.
  const dh = await open(dir, 'r');
  try {
    await dh.sync();
  } finally {
    await dh.close();
  }
}

/** Checks parsed state; `where` names where it came from in errors. */
export function checkState(value: unknown, where: string): PersistedState {
  const fail = (what: string): never => {
    throw new StateFileError(`state file ${where}: ${what}`);
  };
  if (typeof value !== 'object' || value === null) fail('not an object');
  const v = value as Partial<PersistedState>;
  if (v.version !== 1) fail(`unsupported version ${String(v.version)}`);
  if (typeof v.machines !== 'object' || v.machines === null) fail('missing machines');
  for (const [name, m] of Object.entries(v.machines ?? {})) {
    if (m.name !== name || !MACHINE_STATES.includes(m.state) || typeof m.since !== 'number') {
      fail(`machine ${name} has a malformed record`);
    }
  }
  return { ...emptyState(), ...v } as PersistedState;
}
