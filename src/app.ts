// Wires the layers together once per process: database -> repositories -> services. Transports
// (server, CLI) receive the services from here and never reach below them.
import type { Config } from './config/index.ts';
import { acquireIngestLock } from './db/ingest-lock.ts';
import { openKnowledgeBase } from './db/open-checked.ts';
import { createPrismaClient, type PrismaClient } from './db/prisma.ts';
import { Metrics } from './observability/metrics.ts';
import { EntryRepository } from './repositories/entries.ts';
import { DbGeneration } from './repositories/generation.ts';
import { IngestRunRepository } from './repositories/ingest-runs.ts';
import { rules as allRules } from './rules/registry.ts';
import { KbWriter } from './repositories/kb-writer.ts';
import { SqliteSearchRepository } from './repositories/search.ts';
import { VersionRepository } from './repositories/versions.ts';
import { DiagnoseService } from './services/diagnose.ts';
import { DEFAULT_SOURCES, IngestService, type IngestSummary } from './services/ingest.ts';
import { KnowledgeBase } from './services/knowledge-base.ts';

export interface AppContext {
  readonly config: Config;
  readonly kb: KnowledgeBase;
  readonly diagnose: DiagnoseService;
  readonly ingest: IngestService;
  readonly metrics: Metrics;
  /** For /readyz: migrated and holding at least one entry. */
  isReady(): Promise<boolean>;
  /** Ingests the configured start-up sources (default: the shipped archive) when the KB is empty. */
  seedIfEmpty(): Promise<IngestSummary | null>;
  close(): Promise<void>;
}

export async function createAppContext(config: Config): Promise<AppContext> {
  const { db: sqlite } = openKnowledgeBase(config.databaseFile);
  let prisma: PrismaClient | undefined;
  try {
    prisma = await createPrismaClient(config.databaseFile);
  } catch (error) {
    sqlite.close();
    throw error;
  }
  const db = prisma;
  const generation = new DbGeneration(sqlite);
  const kb = new KnowledgeBase(new VersionRepository(db), new EntryRepository(db), new SqliteSearchRepository(sqlite, generation), generation, {
    maxPageSize: config.limits.pageSize,
    maxQueryLength: config.limits.searchQueryLength,
  });
  const runs = new IngestRunRepository(db);
  const metrics = new Metrics({ versions: () => kb.versions(), ingestRuns: () => runs.countByStatus() });
  const diagnose = new DiagnoseService(
    kb,
    { maxBytes: config.limits.diagnoseBytes, maxResources: config.limits.diagnoseResources },
    allRules,
    (d) => {
      for (const f of d.findings) metrics.findings.inc({ rule: f.ruleId, severity: f.severity });
    },
  );
  const ingest = new IngestService(db, new KbWriter(db), () => acquireIngestLock(config.databaseFile));
  const countEntries = sqlite.prepare<[], { n: number }>('SELECT count(*) AS n FROM "Entry"');

  return {
    config,
    kb,
    diagnose,
    ingest,
    metrics,
    async isReady() {
      return (countEntries.get()?.n ?? 0) > 0;
    },
    async seedIfEmpty() {
      if ((countEntries.get()?.n ?? 0) > 0) return null;
      return ingest.ingest(config.ingestOnStart ?? DEFAULT_SOURCES);
    },
    async close() {
      await db.$disconnect();
      sqlite.close();
    },
  };
}
