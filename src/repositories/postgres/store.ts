// The PostgreSQL store: one knowledge base for several API replicas. Ingest lock and generation
// work across machines (advisory lock, generation row + NOTIFY); search runs on tsvector/GIN.
import { hostname } from 'node:os';
import type { Config } from '../../config/index.ts';
import { acquirePgIngestLock } from '../../db/postgres/ingest-lock.ts';
import { openPostgres } from '../../db/postgres/open.ts';
import { createPgPrismaClient } from '../../db/postgres/prisma.ts';
import { KbWriter } from '../kb-writer.ts';
import type { Store } from '../store.ts';
import { bumpPgGeneration, PgGeneration } from './generation.ts';
import { PgSearchRepository, refreshSearchIndex } from './search.ts';

/** The writer, which moves this process's generation at once after its commit (searches here then read the new knowledge base). */
class PgKbWriter extends KbWriter {
  constructor(
    prisma: ConstructorParameters<typeof KbWriter>[0],
    private readonly generation: PgGeneration,
  ) {
    super(prisma, undefined, async (tx) => {
      await refreshSearchIndex(tx);
      await bumpPgGeneration(tx);
    });
  }

  override async write(...args: Parameters<KbWriter['write']>): ReturnType<KbWriter['write']> {
    const summary = await super.write(...args);
    await this.generation.poll();
    return summary;
  }
}

export async function openPostgresStore(config: Config): Promise<Store> {
  const applicationName = `istio-kb ${hostname()} pid ${process.pid}`;
  const { pool } = await openPostgres(config.databaseUrl, { applicationName, poolSize: config.databasePoolSize });
  const prisma = createPgPrismaClient(pool);
  let generation: PgGeneration;
  try {
    generation = await PgGeneration.start(config.databaseUrl, pool, applicationName);
  } catch (error) {
    await prisma.$disconnect().catch(() => undefined);
    await pool.end().catch(() => undefined);
    throw error;
  }
  return {
    provider: 'postgresql',
    warnings: [],
    prisma,
    search: new PgSearchRepository(pool, generation),
    generation,
    writer: new PgKbWriter(prisma, generation),
    lockIngest: () => acquirePgIngestLock(config.databaseUrl),
    async countEntries() {
      const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM "Entry"');
      return rows[0]?.n ?? 0;
    },
    async close() {
      await generation.close();
      await prisma.$disconnect().catch(() => undefined);
      await pool.end().catch(() => undefined);
    },
  };
}
