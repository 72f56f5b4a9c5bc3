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
  'test/cli/cli.test.ts',
];
/** PostgreSQL only: replicas, advisory locks, generation across processes. */
const POSTGRES_ONLY = ['test/postgres/**/*.test.ts'];

const postgresSkipped = postgresUnavailableReason();
if (postgresSkipped) console.warn(`[skip] the postgresql test project: ${postgresSkipped}`);

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
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
                globalSetup: ['test/support/postgres-global.ts'],
              },
            },
          ]),
    ],
  },
});
