// Applies prisma/postgres/migrations/<timestamp>_<name>/migration.sql in order, recorded in
// `_prisma_migrations` like `prisma migrate deploy` (the same history format as the SQLite migrator,
// src/db/migrate.ts). Several replicas may start at once: the whole run holds a session advisory
// lock on one dedicated connection, so one applies and the others wait, then find nothing to do.
import { randomUUID } from 'node:crypto';
import { packagePath } from '../../support/package-root.ts';
import { loadMigrations, MigrationError, pendingMigrations, type Migration } from '../migrate.ts';
import type { PgClient } from './pool.ts';

export const PG_MIGRATIONS_DIR = packagePath('prisma', 'postgres', 'migrations');

/** Advisory lock keys of istio-kb (two int4 keys: the app, then the purpose). */
export const LOCK_APP = 0x6b62; // "kb"
export const LOCK_MIGRATE = 1;
export const LOCK_INGEST = 2;

const HISTORY_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum" VARCHAR(64) NOT NULL,
    "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL,
    "logs" TEXT,
    "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
}

/** Applies pending migrations on `client` (a dedicated connection); returns the names applied. */
export async function migratePostgres(client: PgClient, migrations: readonly Migration[] = loadMigrations(PG_MIGRATIONS_DIR)): Promise<string[]> {
  await client.query('SELECT pg_advisory_lock($1, $2)', [LOCK_APP, LOCK_MIGRATE]);
  try {
    await client.query(HISTORY_TABLE);
    const { rows } = await client.query<AppliedRow>('SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL');
    const done: string[] = [];
    for (const m of pendingMigrations(migrations, rows)) {
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES ($1, $2, now(), $3, now(), 1)`,
          [randomUUID(), m.checksum, m.name],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw new MigrationError(`Migration ${m.name} failed: ${(error as Error).message}`, { cause: error });
      }
      done.push(m.name);
    }
    return done;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_APP, LOCK_MIGRATE]).catch(() => undefined);
  }
}
