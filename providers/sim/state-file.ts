// Durable state of the simulated rack: atomic replace (temp, fsync, rename) so a SIGKILL at any
// moment leaves either the old or the new file, never a torn one.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { z } from 'zod';
import { SIM_FAULTS } from './spec.js';

const fault = z.enum(SIM_FAULTS).nullable();
const time = z.number().nullable();

const machineSchema = z.object({
  powerOnDelayMs: z.number().nonnegative(),
  bootTimeMs: z.number().nonnegative(),
  shutdownDelayMs: z.number().nonnegative(),
  /** The fault the endpoint URL asked for when last seen: a changed URL overrides run-time faults. */
  endpointFault: fault,
  fault,
  target: z.enum(['on', 'off']),
  /** Start and end of the current (or last) power transition; null = never changed. */
  since: time,
  due: time,
  pxeOnce: z.boolean(),
  pxeMode: z.enum(['uefi', 'legacy']).nullable(),
  bootedFrom: z.enum(['pxe', 'disk']).nullable(),
  osUpAt: time,
  /** fault=powers-off: when this boot dies. */
  diesAt: time,
});

const fileSchema = z.object({
  version: z.literal(1),
  machines: z.record(z.string(), machineSchema),
});

export type SimMachineRecord = z.infer<typeof machineSchema>;
export type SimSnapshot = z.infer<typeof fileSchema>;

export class SimStateError extends Error {
  override readonly name = 'SimStateError';
}

export class SimStateFile {
  /** Identity of the version we last read or wrote (inode, mtime, size): saves rename a new file into place. */
  private seen: string | undefined;

  constructor(readonly path: string) {}

  /** The file's snapshot if it changed since we last read or wrote it (or was never seen), else undefined. */
  loadIfChanged(): SimSnapshot | undefined {
    let version: string;
    try {
      version = this.version();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new SimStateError(`cannot read simulated BMC state ${this.path}: ${(err as Error).message}`, { cause: err });
    }
    if (version === this.seen) return undefined;
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(this.path, 'utf8'));
    } catch (err) {
      throw new SimStateError(`simulated BMC state ${this.path} is not valid JSON: ${(err as Error).message}`, { cause: err });
    }
    const parsed = fileSchema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue ? issue.path.join('.') : '';
      throw new SimStateError(`simulated BMC state ${this.path}: ${where}: ${issue?.message ?? 'invalid'}`);
    }
    this.seen = version;
    return parsed.data;
  }

  save(snapshot: SimSnapshot): void {
    const tmp = `${this.path}.${process.pid}.tmp`;
    try {
      const fd = openSync(tmp, 'w', 0o600);
      try {
        writeSync(fd, JSON.stringify(snapshot));
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, this.path);
      this.seen = this.version();
    } catch (err) {
      try {
        unlinkSync(tmp);
      } catch {
        // already renamed or never created
      }
      throw new SimStateError(`cannot write simulated BMC state ${this.path}: ${(err as Error).message}`, { cause: err });
    }
  }

  private version(): string {
    const st = statSync(this.path, { bigint: true });
    return `${st.ino}:${st.mtimeNs}:${st.size}`;
  }
}
