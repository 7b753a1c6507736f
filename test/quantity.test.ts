import { describe, expect, test } from 'vitest';
import {
  compareQuantity,
  formatQuantity,
  parsePercentage,
  parseQuantity,
  percentOfQuantity,
  QuantityError,
  subtractQuantity,
} from '../src/k8s/quantity.js';

const NANO = 1_000_000_000n;
const MAX_INT64 = 2n ** 63n - 1n;

// [input, exact value in nano-units, canonical string as Go's Quantity.String() prints it]
const PARSED: Array<[string, bigint, string]> = [
  ['0', 0n, '0'],
  ['1', NANO, '1'],
  ['64', 64n * NANO, '64'],
  ['110', 110n * NANO, '110'],
  ['1000', 1000n * NANO, '1k'],
  ['500m', 500_000_000n, '500m'],
  ['0.5', 500_000_000n, '500m'],
  ['1.5', 1_500_000_000n, '1500m'],
  ['2000m', 2n * NANO, '2'],
  ['1n', 1n, '1n'],
  ['1u', 1000n, '1u'],
  ['1k', 1000n * NANO, '1k'],
  ['1M', 10n ** 6n * NANO, '1M'],
  ['1G', 10n ** 9n * NANO, '1G'],
  ['1T', 10n ** 12n * NANO, '1T'],
  ['1P', 10n ** 15n * NANO, '1P'],
  ['1E', 10n ** 18n * NANO, '1E'],
  ['1Ki', 1024n * NANO, '1Ki'],
  ['100Mi', 100n * 2n ** 20n * NANO, '100Mi'],
  ['512Gi', 512n * 2n ** 30n * NANO, '512Gi'],
  ['1024Mi', 2n ** 30n * NANO, '1Gi'],
  ['1Ti', 2n ** 40n * NANO, '1Ti'],
  ['2Pi', 2n * 2n ** 50n * NANO, '2Pi'],
  ['7Ei', 7n * 2n ** 60n * NANO, '7Ei'],
  ['1.5Gi', 3n * 2n ** 29n * NANO, '1536Mi'],
  ['0.5Gi', 2n ** 29n * NANO, '512Mi'],
  // Binary values under 1024 or with a fraction print as decimal, as in Go.
  ['0.5Ki', 512n * NANO, '512'],
  ['1.1Ki', 1_126_400_000_000n, '1126400m'],
  ['1e3', 1000n * NANO, '1e3'],
  ['1E3', 1000n * NANO, '1e3'],
  ['1e-3', 1_000_000n, '1e-3'],
  ['1e+3', 1000n * NANO, '1e3'],
  ['1.5e3', 1500n * NANO, '1500'],
  ['12e6', 12n * 10n ** 6n * NANO, '12e6'],
  ['-1', -NANO, '-1'],
  ['+1', NANO, '1'],
  ['-500m', -500_000_000n, '-500m'],
  ['-1.5Gi', -3n * 2n ** 29n * NANO, '-1536Mi'],
  ['007', 7n * NANO, '7'],
  ['00', 0n, '0'],
  ['.5', 500_000_000n, '500m'],
  // Go's leniencies: a trailing dot, and no digits at all on the exact path, are accepted.
  ['1.G', 10n ** 9n * NANO, '1G'],
  ['.', 0n, '0'],
  ['-', 0n, '0'],
  // Below a nano rounds up (away from zero) to a nano.
  ['0.1n', 1n, '1n'],
  ['1.000000000001', NANO + 1n, '1000000001n'],
  // Go's exact path is not capped; the rounding path caps at MaxInt64 units.
  ['10E', 10n ** 19n * NANO, '10E'],
  ['9223372036854775807', MAX_INT64 * NANO, '9223372036854775807'],
  ['9223372036854775808', MAX_INT64 * NANO, '9223372036854775807'],
  ['99999999999999999999k', MAX_INT64 * NANO, '9223372036854775807'],
  ['8Ei', MAX_INT64 * NANO, '9223372036854775807'],
];

describe('parseQuantity and formatQuantity', () => {
  test.each(PARSED)('%s', (input, nanos, canonical) => {
    const q = parseQuantity(input);
    expect(q.nanos).toBe(nanos);
    expect(formatQuantity(q)).toBe(canonical);
    // The canonical form reads back to the same value.
    expect(parseQuantity(canonical).nanos).toBe(nanos);
  });

  test('a decimal value beyond the E suffix prints in exponent form that reads back', () => {
    const q = parseQuantity('1000E');
    expect(formatQuantity(q)).toBe('1e21');
    expect(parseQuantity('1e21').nanos).toBe(q.nanos);
  });

  test('keeps the format it was written in', () => {
    expect(parseQuantity('1Gi').format).toBe('BinarySI');
    expect(parseQuantity('1G').format).toBe('DecimalSI');
    expect(parseQuantity('1e9').format).toBe('DecimalExponent');
  });
});

const REJECTED: Array<[string, RegExp]> = [
  ['', /empty/],
  ['1Gb', /"1Gb" is malformed at "b"/],
  ['1 Gi', /malformed at " Gi"/],
  ['abc', /malformed at "abc"/],
  ['1e1.5', /malformed at "\.5"/],
  ['1K', /unknown suffix "K"/],
  ['1i', /unknown suffix "i"/],
  ['1e', /unknown suffix "e"/],
  ['--1', /unknown suffix "-1"/],
  ['1Ki5', /unknown suffix "Ki5"/],
  ['1e99999', /exponent 99999 is out of range/],
];

describe('parseQuantity rejects', () => {
  test.each(REJECTED)('%j', (input, message) => {
    expect(() => parseQuantity(input)).toThrow(QuantityError);
    expect(() => parseQuantity(input)).toThrow(message);
  });
});

describe('arithmetic', () => {
  test.each([
    ['1Gi', '1073741824', 0],
    ['500m', '1', -1],
    ['2', '1999m', 1],
    ['-1', '0', -1],
  ] as const)('compare %s with %s', (a, b, expected) => {
    expect(compareQuantity(parseQuantity(a), parseQuantity(b))).toBe(expected);
  });

  test.each([
    ['64', '500m', '63500m'],
    ['512Gi', '2Gi', '510Gi'],
    ['1Gi', '100Mi', '924Mi'],
    ['1', '2', '-1'],
    // Zero takes the subtrahend's format, as Kubernetes' Sub.
    ['0', '1Gi', '-1Gi'],
  ])('%s - %s = %s', (a, b, expected) => {
    expect(formatQuantity(subtractQuantity(parseQuantity(a), parseQuantity(b)))).toBe(expected);
  });

  test.each([
    // 10% of 2^40 = 109951162777.6, rounded down to whole units.
    ['1Ti', '10%', '109951162777'],
    ['100Gi', '7.5%', '7680Mi'],
    ['1Gi', '100%', '1Gi'],
    ['1Gi', '0%', '0'],
    // Value() rounds a fractional capacity up first: 1.5 → 2 units; 50% → 1.
    ['1500m', '50%', '1'],
  ])('%s × %s = %s', (q, p, expected) => {
    expect(formatQuantity(percentOfQuantity(parseQuantity(q), parsePercentage(p)))).toBe(expected);
  });

  test.each([
    ['10', /malformed/],
    ['ten%', /malformed/],
    ['-5%', /malformed/],
    ['100.5%', /over 100%/],
  ])('parsePercentage rejects %s', (p, message) => {
    expect(() => parsePercentage(p)).toThrow(message);
  });
});
