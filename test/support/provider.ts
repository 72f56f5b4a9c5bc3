// Which store the tests run against. vitest.config.ts runs the storage-facing test files twice: in
// the `sqlite` project (the embedded default) and in the `postgresql` project, which sets
// ISTIO_KB_TEST_PROVIDER=postgresql and starts a throw-away server (test/support/postgres-global.ts).
// Tests reach the store only through these helpers, so the same test covers both.
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';

export type Provider = 'sqlite' | 'postgresql';

export const TEST_PROVIDER: Provider = process.env['ISTIO_KB_TEST_PROVIDER'] === 'postgresql' ? 'postgresql' : 'sqlite';

/** A DATABASE_URL for a new, empty knowledge base (a file in `dir`, or a fresh PostgreSQL database). */
export async function testDatabaseUrl(dir: string, provider: Provider = TEST_PROVIDER): Promise<string> {
  if (provider === 'sqlite') return `file:${path.join(dir, 'kb.db')}`;
  // Imported here: postgres.ts needs vitest's state, and scripts outside vitest (npm run screenshots)
  // reach this module through test/portal/harness.ts.
  const { createTestDatabase } = await import('./postgres.ts');
  return createTestDatabase();
}

/**
 * Runs SQL straight on the store, behind the application's back (to simulate an old version's data).
 * Write it portably: quoted identifiers, standard SQL.
 */
export async function execSql(databaseUrl: string, sql: string): Promise<void> {
  await onStore<void>(
    databaseUrl,
    (db) => void db.exec(sql),
    async (client) => void (await client.query(sql)),
  );
}

/** Reads rows straight from the store (what the application wrote, as stored). Portable SQL, as execSql. */
export async function querySql(databaseUrl: string, sql: string): Promise<Record<string, unknown>[]> {
  return onStore(
    databaseUrl,
    (db) => db.prepare<[], Record<string, unknown>>(sql).all(),
    async (client) => (await client.query<Record<string, unknown>>(sql)).rows,
  );
}

/** One connection to the store for one call, closed after it. */
async function onStore<T>(databaseUrl: string, sqlite: (db: Database.Database) => T, postgres: (client: pg.Client) => Promise<T>): Promise<T> {
  if (databaseUrl.startsWith('file:')) {
    const db = new Database(databaseUrl.slice('file:'.length));
    try {
      return sqlite(db);
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await postgres(client);
  } finally {
    await client.end();
  }
}
