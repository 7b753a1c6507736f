// What a BMC call did on each endpoint, and the error when every endpoint failed.
import type { BmcErrorKind } from '../../providers/types.js';

/** `unknown`: the driver threw something other than a BmcError. */
export type AttemptKind = BmcErrorKind | 'unknown';

export interface BmcAttempt {
  endpoint: string;
  driver: string;
  ok: boolean;
  kind?: AttemptKind;
  /** The driver's message (secrets redacted). */
  error?: string;
  ms: number;
}

export interface BmcCallResult<T> {
  value: T;
  /** The driver and endpoint that answered. */
  driver: string;
  endpoint: string;
  /** Every attempt in order, the successful one last. */
  attempts: BmcAttempt[];
}

/** Most telling first: what an operator can act on beats what may go away by itself. */
const TELLING: readonly AttemptKind[] = ['auth', 'unsupported', 'protocol', 'busy', 'transport', 'timeout', 'unknown'];

export class BmcCallError extends Error {
  override readonly name = 'BmcCallError';
  /** The most telling kind among the failed attempts. */
  readonly kind: AttemptKind;

  constructor(
    message: string,
    readonly machine: string,
    readonly attempts: BmcAttempt[],
    options?: { cause?: unknown; kind?: AttemptKind },
  ) {
    super(message, options);
    this.kind = options?.kind ?? mostTelling(attempts);
  }
}

function mostTelling(attempts: readonly BmcAttempt[]): AttemptKind {
  const kinds = new Set(attempts.map((a) => a.kind));
  return TELLING.find((k) => kinds.has(k)) ?? 'unknown';
}

/** "sim://a: busy ×3 (last: …); sim://b: auth (…)" — one entry per endpoint, in order. */
export function summariseAttempts(attempts: readonly BmcAttempt[]): string {
  const byEndpoint = new Map<string, BmcAttempt[]>();
  for (const a of attempts) byEndpoint.set(a.endpoint, [...(byEndpoint.get(a.endpoint) ?? []), a]);
  return [...byEndpoint]
    .map(([endpoint, list]) => {
      const failed = list.filter((a) => !a.ok);
      const last = failed.at(-1);
      if (!last) return `${endpoint}: ok`;
      const times = failed.length > 1 ? ` ×${failed.length}` : '';
      // Drivers name their endpoint in their messages already; say it once.
      const text = last.error ?? 'no message';
      const message = text.startsWith(`${endpoint}: `) ? text.slice(endpoint.length + 2) : text;
      return `${endpoint}: ${last.kind ?? 'unknown'}${times} (${message})`;
    })
    .join('; ');
}
