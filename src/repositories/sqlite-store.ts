// The embedded SQLite store: one file, FTS5 search, a lock file for ingest, and the generation
// from PRAGMA data_version.
import type { Config } from '../config/index.ts';
import { acquireIngestLock } from '../db/ingest-lock.ts';
import { openKnowledgeBase } from '../db/open-checked.ts';
import { openSqlite } from '../db/sqlite.ts';
import { createPrismaClient, type PrismaClient } from '../db/prisma.ts';
import { DbGeneration } from './generation.ts';
import { KbWriter } from './kb-writer.ts';
import { SqliteSearchRepository } from './search.ts';
import type { Store } from './store.ts';

export async function openSqliteStore(config: Config): Promise<Store> {
  const { db: sqlite } = openKnowledgeBase(config.databaseFile);
  let prisma: PrismaClient;
  try {
    prisma = await createPrismaClient(config.databaseFile);
  } catch (error) {
    sqlite.close();
    throw error;
  }
  const generation = new DbGeneration(sqlite);
  const count = sqlite.prepare<[], { n: number }>('SELECT count(*) AS n FROM "Entry"');
  return {
    provider: 'sqlite',
    warnings: [],
    prisma,
    search: new SqliteSearchRepository(sqlite, generation),
    generation,
    writer: new KbWriter(prisma, undefined, undefined, () => generation.invalidate()),
    async lockIngest() {
      return acquireIngestLock(config.databaseFile);
    },
    async countEntries() {
      return count.get()?.n ?? 0;
    },
    async close() {
      await prisma.$disconnect();
      sqlite.close();
    },
  };
}

/** A search of its own on a read-only connection (a search thread's). */
export function openSqliteSearch(file: string): { search: SqliteSearchRepository; generation: DbGeneration; close(): void } {
  const db = openSqlite(file, { readonly: true });
  const generation = new DbGeneration(db);
  return { search: new SqliteSearchRepository(db, generation), generation, close: () => db.close() };
}
