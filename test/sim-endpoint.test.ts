import { describe, expect, it } from 'vitest';
import { DriverRegistry } from '../providers/registry.js';
import { createSimDriverFactory, simIdOf } from '../providers/sim/index.js';
import { EndpointError } from '../providers/types.js';

const registry = new DriverRegistry([createSimDriverFactory(undefined)]);

describe('sim:// endpoints', () => {
  it('parses the id and options, with defaults for what is not given', () => {
    expect(registry.parse('sim://r650-01?powerOnDelay=500ms&bootTime=2m&fault=never-boots')).toEqual({
      driver: 'sim',
      display: 'sim://r650-01?powerOnDelay=500ms&bootTime=2m&fault=never-boots',
      options: { id: 'r650-01', powerOnDelayMs: 500, bootTimeMs: 120_000, shutdownDelayMs: 5_000, fault: 'never-boots' },
    });
    expect(registry.parse('sim://r2').options).toEqual({ id: 'r2', powerOnDelayMs: 2_000, bootTimeMs: 30_000, shutdownDelayMs: 5_000, fault: undefined });
  });

  it.each([
    ['sim://r1?bootime=3s', /unknown option "bootime" \(known: powerOnDelay, bootTime, shutdownDelay, fault\)/],
    ['sim://r1?fault=melts', /fault "melts" is unknown \(known: refuse, auth, hang, never-boots, powers-off, stuck-on\)/],
    ['sim://r1?shutdownDelay=5', /shutdownDelay: duration "5" is missing a unit/],
    ['sim://?fault=hang', /needs a machine id/],
    ['sim://r1:99', /no port or path/],
    ['sim://r1/x', /no port or path/],
  ])('%s is rejected, naming what is wrong', (url, message) => {
    expect(() => registry.parse(url)).toThrow(EndpointError);
    expect(() => registry.parse(url)).toThrow(message);
  });

  it('finds the simulated machine behind a machine\'s endpoints', () => {
    expect(simIdOf([registry.parse('sim://r7?fault=hang'), registry.parse('sim://r8')])).toBe('r7');
    expect(simIdOf([])).toBeUndefined();
  });
});
