// Real IPMI BMCs for tests: OpenIPMI's ipmi_sim on a free 127.0.0.1 UDP port, whose chassis_control
// hook drives a real "server" process (see ipmi-sim/chassis-control.sh).
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { rmSync } from 'node:fs';
import { access, chmod, constants, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const HERE = fileURLToPath(new URL('./ipmi-sim/', import.meta.url));
const HOST = '127.0.0.1';
const USERNAME = 'admin';
const START_ATTEMPTS = 5;

export interface IpmiSim {
  host: string;
  port: number;
  username: string;
  password: string;
  stateDir: string;
  /** ipmi://127.0.0.1:PORT, the endpoint as a config would write it. */
  url: string;
  /** What the chassis_control hook last recorded ("pxe", "default", ...). */
  bootDevice(): Promise<string>;
  /** Whether the "server" process runs. */
  isPoweredOn(): Promise<boolean>;
  /** The server process's pid as last recorded (a power cycle changes it). */
  serverPid(): Promise<number | undefined>;
  /** SIGSTOP / SIGCONT ipmi_sim: the port stays bound, nothing answers (a hung BMC). */
  freeze(): void;
  thaw(): void;
  /** Kills ipmi_sim and the server process, removes the temp dir. Idempotent. */
  stop(): Promise<void>;
}

export interface IpmiSimOptions {
  /** BMC name inside ipmi_sim; default "bmc". */
  name?: string;
}

export async function ipmiToolsAvailable(): Promise<{ ok: boolean; missing: string[] }> {
  const missing: string[] = [];
  for (const tool of ['ipmitool', 'ipmi_sim']) if (!(await onPath(tool))) missing.push(tool);
  return { ok: missing.length === 0, missing };
}

/**
 * For a test file's top level: true when the tools are there. Outside CI a missing tool skips with a
 * visible reason; with CI=true it throws, so CI cannot silently skip the IPMI tests.
 */
export async function requireIpmiTools(what: string): Promise<boolean> {
  const { ok, missing } = await ipmiToolsAvailable();
  if (ok) return true;
  const reason = `${what}: ${missing.join(' and ')} not installed (Debian: apt-get install ipmitool openipmi)`;
  if (process.env['CI'] === 'true') throw new Error(`${reason}; required in CI`);
  console.warn(`SKIPPED ${reason}`);
  return false;
}

export async function startIpmiSim(opts: IpmiSimOptions = {}): Promise<IpmiSim> {
  const dir = await mkdtemp(join(tmpdir(), 'rackscaler-ipmi-sim-'));
  try {
    const stateDir = join(dir, 'state');
    await mkdir(stateDir);
    // A copy, so the hook is executable whatever file mode the checkout has.
    const hook = join(dir, 'chassis-control.sh');
    await copyFile(join(HERE, 'chassis-control.sh'), hook);
    await chmod(hook, 0o755);
    const password = randomBytes(12).toString('base64url'); // 16 characters: IPMI 1.5's maximum
    const template = await readFile(join(HERE, 'lan.conf.template'), 'utf8');

    for (let attempt = 1; ; attempt++) {
      const port = await freeUdpPort();
      const conf = fill(template, {
        NAME: opts.name ?? 'bmc',
        PORT: String(port),
        GUID: randomBytes(16).toString('hex'),
        CHASSIS_CONTROL: hook,
        STATE_DIR: stateDir,
        PASSWORD: password,
      });
      await writeFile(join(dir, 'lan.conf'), conf, { mode: 0o600 });
      const child = spawn('ipmi_sim', ['-c', join(dir, 'lan.conf'), '-f', join(HERE, 'bmc.emu'), '-s', stateDir, '-n'], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      live.set(child, dir);
      let stderr = '';
      child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const exited = new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.once('error', (err) => {
          stderr += err.message;
          resolve();
        });
      });
      await writeFile(join(stateDir, 'sim.pid'), String(child.pid));
      const sim = makeSim({ child, exited, dir, stateDir, port, password });
      // ipmi_sim sets SO_REUSEADDR, so a port taken in the meantime by another test's ipmi_sim does not fail
      // its bind: only an authenticated answer with our password proves the port is ours.
      if ((await answersPing(port, exited)) && (await authenticates(port, password))) return sim;
      await stopChild(child, exited);
      if (attempt >= START_ATTEMPTS) {
        throw new Error(`ipmi_sim did not come up on ${HOST} after ${attempt} attempts (last port ${port}): ${stderr.trim() || 'no output'}`);
      }
    }
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

function makeSim(p: { child: ChildProcess; exited: Promise<void>; dir: string; stateDir: string; port: number; password: string }): IpmiSim {
  const serverPid = async (): Promise<number | undefined> => {
    const text = await readFile(join(p.stateDir, 'server.pid'), 'utf8').catch(() => '');
    return text.trim() === '' ? undefined : Number(text.trim());
  };
  return {
    host: HOST,
    port: p.port,
    username: USERNAME,
    password: p.password,
    stateDir: p.stateDir,
    url: `ipmi://${HOST}:${p.port}`,
    bootDevice: async () => (await readFile(join(p.stateDir, 'boot'), 'utf8').catch(() => 'default')).trim(),
    serverPid,
    isPoweredOn: async () => {
      const pid = await serverPid();
      return pid !== undefined && alive(pid);
    },
    freeze: () => p.child.kill('SIGSTOP'),
    thaw: () => p.child.kill('SIGCONT'),
    stop: async () => {
      await stopChild(p.child, p.exited);
      const pid = await serverPid();
      if (pid !== undefined && alive(pid)) process.kill(pid, 'SIGTERM');
      await rm(p.dir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

export interface IpmitoolCall {
  argv: string[];
  /** IPMI_PASSWORD was present in ipmitool's environment. */
  passwordInEnv: boolean;
}

export interface IpmitoolRecorder {
  /** Give this to createIpmiDriverFactory in place of "ipmitool". */
  binary: string;
  calls(): Promise<IpmitoolCall[]>;
  cleanup(): Promise<void>;
}

/** A real ipmitool behind a wrapper that records how it was called (ipmi-sim/ipmitool-recorder.sh). */
export async function startIpmitoolRecorder(): Promise<IpmitoolRecorder> {
  const dir = await mkdtemp(join(tmpdir(), 'rackscaler-ipmitool-'));
  const binary = join(dir, 'ipmitool');
  await copyFile(join(HERE, 'ipmitool-recorder.sh'), binary);
  await chmod(binary, 0o755);
  return {
    binary,
    calls: async () => {
      const text = await readFile(`${binary}.calls`, 'utf8').catch(() => '');
      return text
        .split('#end\n')
        .filter((block) => block !== '')
        .map((block) => {
          const lines = block.split('\n').filter((l) => l !== '');
          return { argv: lines.filter((l) => !l.startsWith('#env')), passwordInEnv: lines.includes('#env IPMI_PASSWORD set') };
        });
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

// Every ipmi_sim still running when the test process exits (a crashed test, a forgotten stop()), with its
// temp dir. Its server process ends by itself once ipmi_sim is gone.
const live = new Map<ChildProcess, string>();
process.once('exit', () => {
  for (const [child, dir] of live) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGCONT'); // a frozen process would not act on SIGTERM until continued
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(timer);
  }
  live.delete(child);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A port the kernel just handed out as free; ipmi_sim binds it right after. */
function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, HOST, () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

// IPMI 1.5 Get Channel Authentication Capabilities (channel 0xE = this one, admin), unauthenticated:
// any BMC answers it without a session, which makes it a cheap "are you up" probe.
const GET_CHANNEL_AUTH_CAPS = Buffer.from([
  0x06, 0x00, 0xff, 0x07, // RMCP: version, reserved, seq (no ack), class IPMI
  0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0x09, // session: auth type none, seq 0, id 0, length 9
  0x20, 0x18, 0xc8, 0x81, 0x00, 0x38, 0x8e, 0x04, 0xb5, // BMC, netFn App, cksum, SWID, seq, cmd 0x38, data, cksum
]);

async function answersPing(port: number, exited: Promise<void>): Promise<boolean> {
  let gone = false;
  void exited.then(() => (gone = true));
  for (let i = 0; i < 100 && !gone; i++) {
    if (await pingOnce(port, 100)) return true;
  }
  return false;
}

function pingOnce(port: number, waitMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      socket.close();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), waitMs);
    socket.once('message', () => done(true));
    socket.once('error', () => done(false));
    socket.send(GET_CHANNEL_AUTH_CAPS, port, HOST);
  });
}

async function authenticates(port: number, password: string): Promise<boolean> {
  try {
    await promisify(execFile)(
      'ipmitool',
      ['-I', 'lanplus', '-C', '3', '-H', HOST, '-p', String(port), '-U', USERNAME, '-E', '-R', '1', 'chassis', 'power', 'status'],
      { env: { PATH: process.env['PATH'] ?? '', IPMI_PASSWORD: password }, timeout: 10_000 },
    );
    return true;
  } catch {
    return false;
  }
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/@([A-Z_]+)@/g, (whole, key: string) => values[key] ?? whole);
}

async function onPath(tool: string): Promise<boolean> {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (dir === '') continue;
    try {
      await access(join(dir, tool), constants.X_OK);
      return true;
    } catch {
      // not in this directory
    }
  }
  return false;
}
