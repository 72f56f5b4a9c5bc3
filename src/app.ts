// Wires the layers together once per process: database -> repositories -> services. Transports
// (server, CLI) receive the services from here and never reach below them.
import type { Config } from './config/index.ts';
import { ConflictError } from './errors.ts';
import { Metrics } from './observability/metrics.ts';
import { EntryRepository } from './repositories/entries.ts';
import { IngestRunRepository } from './repositories/ingest-runs.ts';
import { openStore } from './repositories/store.ts';
import { VersionRepository } from './repositories/versions.ts';
import { rules as allRules } from './rules/registry.ts';
import { DiagnoseService } from './services/diagnose.ts';
import { DEFAULT_SOURCES, IngestService, type IngestSummary } from './services/ingest.ts';
import { KnowledgeBase } from './services/knowledge-base.ts';
import { SearchThreads } from './services/search-threads.ts';
import { checkShippedAsked } from './repositories/search/shipped-asked.ts';

export interface AppContext {
  readonly config: Config;
  readonly kb: KnowledgeBase;
  readonly diagnose: DiagnoseService;
  readonly ingest: IngestService;
  readonly metrics: Metrics;
  /** What the store found at opening that works, but worse (e.g. a PostgreSQL database without a UTF-8 character type). */
  readonly warnings: readonly string[];
  /** For /readyz: migrated, holding at least one entry, and past the start's search warm-up. */
  isReady(): Promise<boolean>;
  /** Ingests the configured start-up sources (default: the shipped archive) when the KB is empty. */
  seedIfEmpty(): Promise<IngestSummary | null>;
  /**
   * Warms the search's caches in the background (a server, not a one-shot CLI call). Until that first
   * warm-up ends (at most WARM_READY_CAP_MS), the process is not ready.
   */
  warmSearch(): void;
  close(): Promise<void>;
}

/**
 * How long a starting server may stay "not ready" for its search warm-up. A replica reading the
 * PostgreSQL index answers its first questions with a round trip each, so one that a load balancer
 * sends full traffic at once is slow for its first seconds (issue 13's figures: 91-161 unique questions/s
 * cold against about 300 warm); its warm-up runs only while idle, so it ends quickly while not ready.
 * Only the start waits: a later generation's warm-up never takes a serving replica out of the balancer
 * (all replicas move to a new generation together).
 */
export const WARM_READY_CAP_MS = 30_000;

export async function createAppContext(config: Config): Promise<AppContext> {
  // Read before the store opens: damaged shipped data stops the start, not every later search.
  checkShippedAsked();
  const store = await openStore(config);
  const db = store.prisma;
  // The SQLite search on worker threads (SEARCH_THREADS); PostgreSQL's search waits on the database and
  // stays on the main thread, as does an in-memory database (no other connection can see it).
  const threads =
    config.searchThreads > 0 && store.provider === 'sqlite' && config.databaseFile !== ':memory:'
      ? new SearchThreads(config.searchThreads, config.databaseFile, store.generation)
      : null;
  const kb = new KnowledgeBase(new VersionRepository(db), new EntryRepository(db), threads ?? store.search, store.generation, {
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
  const ingest = new IngestService(db, store.writer, () => store.lockIngest());
  let warmingAtStart = false;

  return {
    config,
    kb,
    diagnose,
    ingest,
    metrics,
    warnings: store.warnings,
    async isReady() {
      // On PostgreSQL this also reflects the connection: an unreachable database is "not ready".
      return !warmingAtStart && (await store.countEntries()) > 0;
    },
    async seedIfEmpty() {
      if ((await store.countEntries()) > 0) return null;
      try {
        return await ingest.ingest(config.ingestOnStart ?? DEFAULT_SOURCES);
      } catch (error) {
        // Replicas starting together on an empty PostgreSQL knowledge base: one seeds, the others
        // serve (not ready until the seed commits) instead of failing their start.
        if (error instanceof ConflictError) return null;
        throw error;
      }
    },
    warmSearch() {
      // Threads start at once; they are not waited for (a question asked meanwhile waits for its thread).
      void threads?.start();
      const warming = store.search.warm?.();
      if (!warming) return;
      warmingAtStart = true;
      const cap = setTimeout(() => (warmingAtStart = false), WARM_READY_CAP_MS);
      cap.unref();
      void warming.finally(() => {
        warmingAtStart = false;
        clearTimeout(cap);
      });
    },
    async close() {
      await threads?.close();
      await store.close();
    },
  };
}
