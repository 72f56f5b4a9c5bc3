// vitest globalSetup: one throw-away PostgreSQL server for the whole run (about 1.5 s to start),
// shared by every test file through `inject('postgresUrl')`; each file works in its own database
// (test/support/postgres.ts). Skipped, with the reason passed on, where the binaries are absent.
import type { TestProject } from 'vitest/node';
import { postgresUnavailableReason, startPostgres } from './postgres-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string | null;
    postgresSkipReason: string | null;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const reason = postgresUnavailableReason();
  if (reason) {
    console.warn(`[skip] PostgreSQL tests: ${reason}`);
    project.provide('postgresUrl', null);
    project.provide('postgresSkipReason', reason);
    return () => undefined;
  }
  const server = await startPostgres();
  project.provide('postgresUrl', server.url);
  project.provide('postgresSkipReason', null);
  return () => server.stop();
}
