// Structured JSON logs. Secrets are kept out at the source; redaction is the second line of defence.
import { pino, type Logger } from 'pino';

export type { Logger };

const REDACT = ['password', '*.password', 'token', '*.token', 'authorization', '*.authorization', 'headers.authorization'];

export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  const level = options.level ?? process.env.RACKSCALER_LOG_LEVEL ?? 'info';
  const opts = { level, base: { svc: 'rackscaler' }, redact: { paths: REDACT, censor: '[redacted]' } };
  return options.destination ? pino(opts, options.destination) : pino(opts);
}

/** For tests and tools that must stay quiet. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
