import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default'],
    // One throw-away PostgreSQL server for the run (skipped with a reason where it cannot start).
    globalSetup: ['test/support/postgres-global.ts'],
  },
});
