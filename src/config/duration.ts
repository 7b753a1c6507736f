// Go duration syntax ("500ms", "1h30m", "1.5h"), restricted to millisecond resolution and no sign.

export class DurationError extends Error {
  override readonly name = 'DurationError';
}

const UNIT_MS: Record<string, bigint> = { ms: 1n, s: 1000n, m: 60_000n, h: 3_600_000n };
const TERM = /^(\d+(?:\.\d*)?|\.\d+)([a-zµμ]*)/;

/** Milliseconds of a duration such as "3s", "12m", "1h30m" or "0". */
export function parseDuration(text: string): number {
  const quoted = JSON.stringify(text);
  if (text === '0') return 0;
  if (text === '') throw new DurationError('duration is empty (expected e.g. "3s", "12m", "1h30m")');
  if (text.startsWith('-')) throw new DurationError(`duration ${quoted} must not be negative`);
  let rest = text;
  let total = 0n;
  while (rest !== '') {
    const m = TERM.exec(rest);
    if (!m?.[1]) throw new DurationError(`duration ${quoted} is malformed at ${JSON.stringify(rest)} (expected e.g. "3s", "1h30m")`);
    const [term, number, unit = ''] = m;
    if (unit === '') throw new DurationError(`duration ${quoted} is missing a unit after ${number} (use ms, s, m or h)`);
    const unitMs = UNIT_MS[unit];
    if (unitMs === undefined) {
      throw new DurationError(`duration ${quoted} has unit "${unit}"; use ms, s, m or h (millisecond resolution)`);
    }
    const [whole = '', fraction = ''] = number.split('.');
    const scaled = BigInt((whole + fraction) || '0') * unitMs;
    const divisor = 10n ** BigInt(fraction.length);
    if (scaled % divisor !== 0n) throw new DurationError(`duration ${quoted} is finer than a millisecond`);
    total += scaled / divisor;
    rest = rest.slice(term.length);
  }
  if (total > BigInt(Number.MAX_SAFE_INTEGER)) throw new DurationError(`duration ${quoted} is too large`);
  return Number(total);
}
