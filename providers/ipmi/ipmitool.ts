// Runs one ipmitool command against one BMC. No shell; the password travels only in the child's
// environment (-E reads IPMI_PASSWORD), never in argv, where any local user could read it.
import { spawn } from 'node:child_process';
import { BmcError, type CallContext, type Credentials } from '../types.js';
import type { IpmiEndpoint } from './endpoint.js';
import { classifyFailure, meaningfulStderr } from './failure.js';

export interface IpmitoolTarget {
  /** For messages: the endpoint as configured. */
  display: string;
  endpoint: IpmiEndpoint;
}

/** argv without the binary. `-v` makes ipmitool name the failing RMCP+ step (auth vs no answer). */
function ipmitoolArgs(e: IpmiEndpoint, username: string, command: readonly string[]): string[] {
  const suite = e.interface === 'lanplus' ? ['-C', String(e.cipherSuite)] : [];
  return [
    '-v', '-I', e.interface, ...suite, '-L', e.privilege,
    '-H', e.host, '-p', String(e.port), '-U', username, '-E',
    '-R', String(e.retries),
    ...command,
  ];
}

/**
 * Runs `ipmitool <args> <command>` and resolves with its stdout when it exits 0 and `succeeded(stdout)`
 * holds (ipmitool exits 0 on some refusals, e.g. bootdev without privilege). Otherwise throws BmcError.
 */
export async function runIpmitool(
  binary: string,
  target: IpmitoolTarget,
  credentials: Credentials,
  command: readonly string[],
  ctx: CallContext,
  succeeded: (stdout: string) => boolean,
): Promise<string> {
  const what = `ipmitool ${command.join(' ')} on ${target.display}`;
  const scrub = (text: string): string =>
    credentials.password === '' ? text : text.split(credentials.password).join('***');
  if (ctx.signal.aborted) throw new BmcError('timeout', `${what}: aborted before it started`, { cause: ctx.signal.reason });

  const child = spawn(binary, ipmitoolArgs(target.endpoint, credentials.username, command), {
    shell: false,
    stdio: ['ignore', 'pipe', 'pipe'],
    // A minimal environment: C locale so the texts we classify are ipmitool's English ones.
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', LC_ALL: 'C', IPMI_PASSWORD: credentials.password },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));

  let stopped: 'deadline' | 'aborted' | undefined;
  const stop = (why: 'deadline' | 'aborted'): void => {
    stopped ??= why;
    child.kill('SIGKILL');
  };
  const timer = setTimeout(() => stop('deadline'), target.endpoint.timeoutMs);
  const onAbort = (): void => stop('aborted');
  ctx.signal.addEventListener('abort', onAbort, { once: true });

  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (exitCode) => resolve(exitCode));
    });
    if (stopped === 'deadline') {
      throw new BmcError('timeout', `${what}: no answer within ${target.endpoint.timeoutMs} ms (timeout option); killed ipmitool`);
    }
    if (stopped === 'aborted') throw new BmcError('timeout', `${what}: aborted by the caller`, { cause: ctx.signal.reason });
    if (code === 0 && succeeded(stdout)) return stdout;

    const detail = scrub(meaningfulStderr(stderr) || stdout.trim() || '(no output)');
    const { kind, hint } = classifyFailure(detail);
    const exit = code === null ? 'was killed' : `exited ${code}`;
    throw new BmcError(kind, `${what} ${exit}: ${detail}${hint ? ` (${hint})` : ''}`);
  } catch (err) {
    if (err instanceof BmcError) throw err;
    const enoent = (err as NodeJS.ErrnoException).code === 'ENOENT';
    const message = enoent
      ? `${what}: "${binary}" not found; install ipmitool (Debian/Ubuntu: apt-get install ipmitool, RHEL: dnf install ipmitool)`
      : `${what}: could not start "${binary}": ${scrub((err as Error).message)}`;
    throw new BmcError('unsupported', message, { cause: err });
  } finally {
    clearTimeout(timer);
    ctx.signal.removeEventListener('abort', onAbort);
  }
}
