import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Tests start real peers (ipmi_sim, emulators, server processes) on loopback; two cores only.
    maxWorkers: 2,
    minWorkers: 1,
  },
});
