// Kubernetes resource quantities (k8s.io/apimachinery resource.Quantity): parsed with the same
// grammar, rounding and limits as Go's ParseQuantity, kept exactly as BigInt nano-units, and
// printed in Kubernetes' canonical form (what kubectl shows), which Go reads back to the same value.

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface Quantity {
  /** Value × 10⁹, exact. */
  readonly nanos: bigint;
  /** Decides how the value is printed, as in Kubernetes. */
  readonly format: QuantityFormat;
}

export class QuantityError extends Error {
  override readonly name = 'QuantityError';
}

const NANO = 1_000_000_000n;
/** Go caps the slow parse path at math.MaxInt64 units. */
const MAX_NANOS = (2n ** 63n - 1n) * NANO;
/** Go accepts any int32 exponent; beyond this the value cannot be used for anything real. */
const MAX_EXPONENT = 1000;

const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'] as const;
const SUFFIX_CHARS = 'eEinumkKMGTP';

export function parseQuantity(text: string): Quantity {
  if (text === '') throw new QuantityError('quantity is empty');
  if (text === '0') return { nanos: 0n, format: 'DecimalSI' };
  const parts = splitQuantity(text);
  const { base, exponent, format } = interpretSuffix(text, parts.suffix);
  return { nanos: magnitude(text, parts, base, exponent), format };
}

interface QuantityParts {
  negative: boolean;
  /** Integer digits without leading zeros ("0" when there are none). */
  num: string;
  /** Fraction digits. */
  denom: string;
  /** Whether the number had any digit at all (Go's slow path needs one). */
  hasDigits: boolean;
  suffix: string;
}

// Mirrors Go's parseQuantityString, including its leniencies ("1.G", ".5", "-" and "." are 0).
function splitQuantity(text: string): QuantityParts {
  let pos = 0;
  let negative = false;
  if (text[0] === '-' || text[0] === '+') {
    negative = text[0] === '-';
    pos = 1;
  }
  const digitsStart = pos;
  while (text[pos] === '0') pos++;
  if (pos === text.length) return { negative, num: '0', denom: '', hasDigits: pos > digitsStart, suffix: '' };
  const numStart = pos;
  while (isDigit(text[pos])) pos++;
  const num = text.slice(numStart, pos) || '0';
  let denom = '';
  if (text[pos] === '.') {
    const denomStart = ++pos;
    while (isDigit(text[pos])) pos++;
    denom = text.slice(denomStart, pos);
  }
  const hasDigits = pos > digitsStart && /\d/.test(text.slice(digitsStart, pos));
  const suffixStart = pos;
  while (pos < text.length && SUFFIX_CHARS.includes(text[pos] as string)) pos++;
  if (text[pos] === '-' || text[pos] === '+') pos++;
  while (isDigit(text[pos])) pos++;
  if (pos < text.length) {
    throw new QuantityError(`quantity ${JSON.stringify(text)} is malformed at ${JSON.stringify(text.slice(pos))} (expected e.g. 500m, 2Gi, 1.5, 1e3)`);
  }
  return { negative, num, denom, hasDigits, suffix: text.slice(suffixStart) };
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

function interpretSuffix(text: string, suffix: string): { base: 2 | 10; exponent: number; format: QuantityFormat } {
  const decimal = DECIMAL_SUFFIXES[suffix];
  if (decimal !== undefined) return { base: 10, exponent: decimal, format: 'DecimalSI' };
  const binary = (BINARY_SUFFIXES as readonly string[]).indexOf(suffix);
  if (binary > 0) return { base: 2, exponent: binary * 10, format: 'BinarySI' };
  const exp = /^[eE]([+-]?\d+)$/.exec(suffix);
  if (exp?.[1] !== undefined) {
    const wide = BigInt(exp[1]);
    if (wide >= -(2n ** 63n) && wide < 2n ** 63n) {
      // Go converts the int64 exponent with int32(), wrapping.
      const exponent = Number(BigInt.asIntN(32, wide));
      if (Math.abs(exponent) > MAX_EXPONENT) {
        throw new QuantityError(`quantity ${JSON.stringify(text)}: exponent ${exponent} is out of range (±${MAX_EXPONENT})`);
      }
      return { base: 10, exponent, format: 'DecimalExponent' };
    }
  }
  throw new QuantityError(
    `quantity ${JSON.stringify(text)} has unknown suffix ${JSON.stringify(suffix)} (use n u m k M G T P E, Ki Mi Gi Ti Pi Ei, or e<exponent>)`,
  );
}

// Go takes an exact fast path when the digits fit an int64 at nano scale or coarser; otherwise it
// rounds up to the next nano and caps at MaxInt64 units. The fast path is never capped.
function magnitude(text: string, p: QuantityParts, base: 2 | 10, exponent: number): bigint {
  const digits = BigInt(p.num + p.denom);
  const sign = p.negative ? -1n : 1n;
  if (base === 10) {
    const scale = exponent - p.denom.length;
    if (p.num.length + p.denom.length <= 18 && scale >= -9) return sign * digits * 10n ** BigInt(scale + 9);
  } else if (p.denom === '') {
    const precision = 15 - p.num.length - Math.trunc((exponent * 3) / 10) - 1;
    const value = digits * 2n ** BigInt(exponent);
    if (precision >= 0 && value < 2n ** 63n) return sign * value * NANO;
  }
  if (!p.hasDigits) throw new QuantityError(`quantity ${JSON.stringify(text)} has no digits`);
  // Exact value × 10⁹ as a fraction numerator / denominator, then rounded away from zero.
  let numerator = digits * NANO;
  let denominator = 10n ** BigInt(p.denom.length);
  if (base === 2) numerator *= 2n ** BigInt(exponent);
  else if (exponent >= 0) numerator *= 10n ** BigInt(exponent);
  else denominator *= 10n ** BigInt(-exponent);
  let nanos = (numerator + denominator - 1n) / denominator;
  if (nanos > MAX_NANOS) nanos = MAX_NANOS;
  return sign * nanos;
}

/** Kubernetes' canonical string (resource.Quantity.String()). */
export function formatQuantity(q: Quantity): string {
  if (q.nanos === 0n) return '0';
  const sign = q.nanos < 0n ? '-' : '';
  const abs = q.nanos < 0n ? -q.nanos : q.nanos;
  if (q.format === 'BinarySI' && abs >= 1024n * NANO && abs % NANO === 0n) {
    let units = abs / NANO;
    let power = 0;
    while (power < BINARY_SUFFIXES.length - 1 && units % 1024n === 0n) {
      units /= 1024n;
      power++;
    }
    return `${sign}${units}${BINARY_SUFFIXES[power]}`;
  }
  // mantissa × 10^exponent with the exponent a multiple of 3, as large as possible.
  let mantissa = abs;
  let exponent = -9;
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent++;
  }
  const drop = ((exponent % 3) + 3) % 3;
  mantissa *= 10n ** BigInt(drop);
  exponent -= drop;
  return `${sign}${mantissa}${decimalSuffix(exponent, q.format)}`;
}

function decimalSuffix(exponent: number, format: QuantityFormat): string {
  if (exponent === 0) return '';
  if (format !== 'DecimalExponent') {
    const named = Object.entries(DECIMAL_SUFFIXES).find(([, e]) => e === exponent);
    if (named) return named[0];
  }
  // Go would drop a DecimalSI suffix beyond E; the exponent form reads back to the same value.
  return `e${exponent}`;
}

export function compareQuantity(a: Quantity, b: Quantity): -1 | 0 | 1 {
  return a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0;
}

/** a − b, printed like a (like b when a is zero, as Kubernetes' Sub). */
export function subtractQuantity(a: Quantity, b: Quantity): Quantity {
  return { nanos: a.nanos - b.nanos, format: a.nanos === 0n ? b.format : a.format };
}

/** A percentage as written ("10%", "7.5%"), kept exact. */
export interface Percentage {
  readonly text: string;
  /** The fraction is numerator / denominator. */
  readonly numerator: bigint;
  readonly denominator: bigint;
}

/** Parses "0%" to "100%" with optional decimals. */
export function parsePercentage(text: string): Percentage {
  const m = /^(\d+)(?:\.(\d+))?%$/.exec(text);
  if (!m?.[1]) throw new QuantityError(`percentage ${JSON.stringify(text)} is malformed (expected e.g. 10% or 7.5%)`);
  const fraction = m[2] ?? '';
  const numerator = BigInt(m[1] + fraction);
  const denominator = 100n * 10n ** BigInt(fraction.length);
  if (numerator > denominator) throw new QuantityError(`percentage ${text} is over 100%`);
  return { text, numerator, denominator };
}

/**
 * A percentage of q in whole units, rounded down: the kubelet's percentage eviction threshold
 * (which it computes the same way, with floats).
 */
export function percentOfQuantity(q: Quantity, p: Percentage): Quantity {
  // Kubernetes' Value() rounds up to whole units first.
  const units = (q.nanos + NANO - 1n) / NANO;
  return { nanos: ((units * p.numerator) / p.denominator) * NANO, format: 'BinarySI' };
}
