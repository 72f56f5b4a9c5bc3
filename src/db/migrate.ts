// Applies prisma/migrations/<timestamp>_<name>/migration.sql in order and records each one in
// `_prisma_migrations` the way `prisma migrate deploy` does, so the Prisma CLI (where its native
// engine is available) sees the same history. We apply them ourselves because the CLI's schema
// engine is a native download that not every machine can fetch.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { packagePath } from '../support/package-root.ts';
import type { SqliteDatabase } from './sqlite.ts';

// From the package root, so that the sources and the compiled build (dist/src/db) find the same folder.
export const MIGRATIONS_DIR = packagePath('prisma', 'migrations');

export interface Migration {
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  if (!existsSync(dir)) throw new MigrationError(`Migrations folder not found: ${dir}`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

const HISTORY_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" TEXT PRIMARY KEY NOT NULL,
    "checksum" TEXT NOT NULL,
    "finished_at" DATETIME,
    "migration_name" TEXT NOT NULL,
    "logs" TEXT,
    "rolled_back_at" DATETIME,
    "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: string | null;
}

/**
 * The migrations not applied yet, in order; refuses a history that was left unfinished or whose
 * applied migrations were edited since. Shared by the SQLite and the PostgreSQL migrator.
 */
export function pendingMigrations(
  migrations: readonly Migration[],
  appliedRows: readonly { migration_name: string; checksum: string; finished_at: unknown }[],
): Migration[] {
  const applied = new Map(appliedRows.map((r) => [r.migration_name, r]));
  return migrations.filter((m) => {
    const row = applied.get(m.name);
    if (!row) return true;
    if (!row.finished_at) throw new MigrationError(`Migration ${m.name} was started but never finished; the database needs attention.`);
    if (row.checksum !== m.checksum) throw new MigrationError(`Migration ${m.name} was modified after it was applied (checksum mismatch).`);
    return false;
  });
}

/** Applies pending migrations; returns the names applied. Each migration runs in its own transaction. */
export function migrate(db: SqliteDatabase, migrations = loadMigrations()): string[] {
  db.exec(HISTORY_TABLE);
  const rows = db.prepare('SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL').all() as AppliedRow[];
  const done: string[] = [];
  for (const m of pendingMigrations(migrations, rows)) {
    const apply = db.transaction(() => {
      db.exec(m.sql);
      db.prepare(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
         VALUES (?, ?, ?, ?, ?, 1)`,
      ).run(randomUUID(), m.checksum, new Date().toISOString(), m.name, new Date().toISOString());
    });
    apply.immediate();
    done.push(m.name);
  }
  return done;
}
