// One knowledge-base store behind the same repository interfaces, on the provider DATABASE_URL
// names: the embedded SQLite file (default) or PostgreSQL (several replicas on one knowledge base).
// Everything dialect-specific is chosen here and below; services only see the interfaces.
import type { Config } from '../config/index.ts';
import type { PrismaClient } from '../db/prisma.ts';
import type { Generation } from '../services/knowledge-base.ts';
import type { KbWriter } from './kb-writer.ts';
import type { SearchRepository } from './search.ts';

export interface Store {
  readonly provider: 'sqlite' | 'postgresql';
  /** Conditions found at opening that the knowledge base works under, but worse: logged at start. */
  readonly warnings: readonly string[];
  readonly prisma: PrismaClient;
  readonly search: SearchRepository;
  readonly generation: Generation;
  readonly writer: KbWriter;
  /** Takes the one-ingest-at-a-time lock (throws ConflictError naming the holder); returns its release. */
  lockIngest(): Promise<() => void | Promise<void>>;
  /** Number of entries; throws when the database cannot be reached. */
  countEntries(): Promise<number>;
  close(): Promise<void>;
}

export async function openStore(config: Config): Promise<Store> {
  if (config.databaseProvider === 'postgresql') {
    const { openPostgresStore } = await import('./postgres/store.ts');
    return openPostgresStore(config);
  }
  const { openSqliteStore } = await import('./sqlite-store.ts');
  return openSqliteStore(config);
}
