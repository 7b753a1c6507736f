// `rackscaler serve` as a separate process on 127.0.0.1 (port chosen by the kernel, read from its
// "serving" log line), with its memory and CPU time read from /proc.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { waitUntilServing } from './timed-client.js';
import type { Fleet } from './fixture.js';

const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));
/** USER_HZ, the unit of utime/stime in /proc/<pid>/stat: 100 on every Linux ABI Node supports. */
const CLOCK_TICKS_PER_S = 100;
const TAIL_LINES = 20;

export interface ServerMemory {
  /** VmRSS now, bytes. */
  rss: number;
  /** VmHWM: the highest RSS so far, bytes. */
  peakRss: number;
}

export interface ServerProcess {
  pid: number;
  address: string;
  /** Spawn until Health/Check answered SERVING (config load, state load, reconcile of every BMC). */
  startupMs: number;
  memory(): Promise<ServerMemory>;
  /** User + system CPU time the process has used so far. */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

export interface ServerProcessOptions {
  /** Write a V8 CPU profile of the server into this directory when it exits. */
  cpuProfDir?: string;
  startTimeoutMs?: number;
}

export async function startServerProcess(fleet: Fleet, opts: ServerProcessOptions = {}): Promise<ServerProcess> {
  if (!existsSync(CLI)) throw new Error(`${CLI} does not exist: the bench runs the built server (npm run build)`);
  const started = performance.now();
  const nodeFlags = opts.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', opts.cpuProfDir] : [];
  const args = [
    ...nodeFlags,
    CLI,
    'serve',
    '--config', fleet.configPath,
    '--state-file', fleet.stateFile,
    '--sim-state', fleet.simStateFile,
    '--metrics-listen', 'off',
    '--listen', '127.0.0.1:0',
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const tail: string[] = [];
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? `code ${code}`)));
  let exitedHow: string | undefined;
  void exited.then((how) => (exitedHow = how));
  const port = new Promise<number>((resolve, reject) => {
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        tail.push(line);
        if (tail.length > TAIL_LINES) tail.shift();
        const p = servingPort(line);
        if (p !== undefined) resolve(p);
      });
    }
    void exited.then((how) => reject(new Error(`rackscaler serve exited (${how}) before serving; last output:\n${tail.join('\n')}`)));
  });
  try {
    const address = `127.0.0.1:${await withTimeout(port, opts.startTimeoutMs ?? 120_000, 'rackscaler serve to log its gRPC port')}`;
    await waitUntilServing(address, 10_000, () => {
      if (exitedHow) throw new Error(`rackscaler serve exited (${exitedHow}); last output:\n${tail.join('\n')}`);
    });
    const pid = child.pid!;
    return {
      pid,
      address,
      startupMs: performance.now() - started,
      memory: () => readMemory(pid),
      cpuMs: () => readCpuMs(pid),
      stop: () => stop(child, exited),
    };
  } catch (err) {
    await stop(child, exited);
    throw err;
  }
}

function servingPort(line: string): number | undefined {
  if (!line.includes('rackscaler serving')) return undefined;
  try {
    const port = (JSON.parse(line) as { grpcPort?: unknown }).grpcPort;
    return typeof port === 'number' ? port : undefined;
  } catch {
    return undefined;
  }
}

/** SIGTERM (graceful: state saved, profile written), SIGKILL if it does not exit in 20 s. */
async function stop(child: ChildProcess, exited: Promise<string>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(killer);
}

async function readMemory(pid: number): Promise<ServerMemory> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number => {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
    if (!m?.[1]) throw new Error(`/proc/${pid}/status has no ${field} line`);
    return Number(m[1]) * 1024;
  };
  return { rss: kb('VmRSS'), peakRss: kb('VmHWM') };
}

async function readCpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after "pid (comm) ": state is field 3, utime 14, stime 15.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(rest[11]) + Number(rest[12]);
  if (!Number.isFinite(ticks)) throw new Error(`/proc/${pid}/stat: cannot read utime/stime`);
  return (ticks * 1000) / CLOCK_TICKS_PER_S;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
