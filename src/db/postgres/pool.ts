// Connections to the PostgreSQL knowledge base. One pool per process, shared by the Prisma client
// (through @prisma/adapter-pg) and the search repository's hand-written SQL; session-scoped things
// (advisory locks, LISTEN) get dedicated clients of their own, never a pooled connection.
import pg from 'pg';

export type PgPool = pg.Pool;
export type PgClient = pg.Client;

export interface PoolOptions {
  /** Shows in pg_stat_activity: which replica or ingest holds a connection. */
  readonly applicationName: string;
  readonly max?: number;
}

export function createPgPool(url: string, options: PoolOptions): PgPool {
  const pool = new pg.Pool({
    connectionString: url,
    application_name: options.applicationName,
    max: options.max ?? 10,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client that loses its server (restart, failover) must not crash the process; the next
  // query gets a fresh connection and /readyz reports the outage meanwhile.
  pool.on('error', () => undefined);
  return pool;
}

/** A connection outside the pool, for session state (advisory locks, LISTEN). */
export async function connectDedicated(url: string, applicationName: string): Promise<PgClient> {
  const client = new pg.Client({ connectionString: url, application_name: applicationName.slice(0, 63), connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** `postgresql://user:secret@host/db` -> `postgresql://user@host/db`, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '';
    return u.toString().replace(/:@/, '@');
  } catch {
    return 'the PostgreSQL database';
  }
}
