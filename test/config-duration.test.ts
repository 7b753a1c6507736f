import { describe, expect, test } from 'vitest';
import { DurationError, parseDuration } from '../src/config/duration.js';

describe('parseDuration', () => {
  test.each([
    ['0', 0],
    ['500ms', 500],
    ['3s', 3_000],
    ['12m', 720_000],
    ['2h', 7_200_000],
    ['1h30m', 5_400_000],
    ['1h0m30s250ms', 3_630_250],
    ['1.5h', 5_400_000],
    ['.5s', 500],
    ['0.25s', 250],
    ['0s', 0],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  test.each([
    ['', /empty/],
    ['5', /"5" is missing a unit after 5/],
    ['3sec', /unit "sec"/],
    ['2d', /unit "d"/],
    ['100us', /unit "us"/],
    ['-3s', /must not be negative/],
    ['0.5ms', /finer than a millisecond/],
    ['3s 2m', /malformed at " 2m"/],
    ['h', /malformed at "h"/],
    ['99999999999999999h', /too large/],
  ])('%j is rejected', (text, message) => {
    expect(() => parseDuration(text)).toThrow(DurationError);
    expect(() => parseDuration(text)).toThrow(message);
  });
});
