import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { postgresUnavailableReason } from './test/support/postgres-server.ts';

// The storage-facing tests run twice: on SQLite (the embedded default) and on PostgreSQL (a throw-away
// server started once per run by test/support/postgres-global.ts). Where PostgreSQL cannot run, the
// postgresql project is left out with the reason printed; `.ci/run` installs it so CI always runs it.
const ON_BOTH_PROVIDERS = [
  'test/api/rest.test.ts',
  'test/api/history.test.ts',
  'test/api/diagnose.test.ts',
  'test/graphql/queries.test.ts',
  'test/search/search.test.ts',
  'test/search/corpus.test.ts',
  'test/ingest/store.test.ts',
  'test/ingest/corpus-store.test.ts',
  'test/services/ingest-at-start.test.ts',
  'test/cli/cli.test.ts',
  'test/fuzz/params.fuzz.test.ts',
  'test/mcp/tools.test.ts',
];
/** PostgreSQL only: replicas, advisory locks, generation across processes. */
const POSTGRES_ONLY = ['test/postgres/**/*.test.ts'];

const postgresSkipped = postgresUnavailableReason();
if (postgresSkipped) console.warn(`[skip] the postgresql test project: ${postgresSkipped}`);

// CI runs `npm test` on a 2-core machine that may be busy (another `npm test`, other jobs). Test
// workers are forks (a blocked or crashing file cannot stall the others' RPC), at most one per
// spare core so that the suite does not compete with itself for the CPU, and the timeouts are
// sized for that machine. vitest's worker RPC has a fixed 60 s timeout ("Timeout calling
// onTaskUpdate"): tests must not hold a worker's event loop that long, see
// test/support/event-loop-watch.ts, which names a test that blocks for more than 10 s.
const workers = Math.max(1, Math.min(2, availableParallelism() - 1));

export default defineConfig({
  test: {
    // No top-level `include`: each project names its own files (a top-level list would be added to
    // the postgresql project's and run the whole suite twice).
    setupFiles: ['./test/support/event-loop-watch.ts'],
    // Brings dist/ up to date when a source changed: tests that spawn the CLI or server run the build.
    globalSetup: ['test/support/build.ts'],
    pool: 'forks',
    maxWorkers: workers,
    minWorkers: 1,
    // Per test and per hook on a busy machine; tests that spawn processes set their own, longer ones.
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Closing servers and databases after the last test of a file, on a busy machine.
    teardownTimeout: 60_000,
    reporters: ['default'],
    projects: [
      { extends: true, test: { name: 'sqlite', include: ['test/**/*.test.ts'], exclude: [...POSTGRES_ONLY, '**/node_modules/**'] } },
      ...(postgresSkipped
        ? []
        : [
            {
              extends: true as const,
              test: {
                name: 'postgresql',
                include: [...ON_BOTH_PROVIDERS, ...POSTGRES_ONLY],
                env: { ISTIO_KB_TEST_PROVIDER: 'postgresql' },
                globalSetup: ['test/support/build.ts', 'test/support/postgres-global.ts'],
              },
            },
          ]),
    ],
  },
});
