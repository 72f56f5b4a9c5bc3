// Wires the layers together once per process: database -> repositories -> services. Transports
// (server, CLI) receive the services from here and never reach below them.
import type { Config } from './config/index.ts';
import { knowledgeBaseOn, openConfiguredStore, seedWhenEmpty, type LookupContext } from './lookup-context.ts';
import { Metrics } from './observability/metrics.ts';
import { IngestRunRepository } from './repositories/ingest-runs.ts';
import { rules as allRules } from './rules/registry.ts';
import { DiagnoseService } from './services/diagnose.ts';
import { DEFAULT_SOURCES, IngestService, type StartIngest } from './services/ingest.ts';
import { SearchThreads } from './services/search-threads.ts';

/** The knowledge base (LookupContext) with what a server or an ingest adds: rules, ingest, metrics, search threads. */
export interface AppContext extends LookupContext {
  readonly diagnose: DiagnoseService;
  readonly ingest: IngestService;
  readonly metrics: Metrics;
  /**
   * Fills an empty knowledge base with the start-up sources (INGEST_ON_START, default the shipped
   * archive), or parses them again when an older parser did (IngestService.reparseIfOlder). Filling
   * fails the start when it fails; parsing again only reports it (the older entries still answer).
   */
  ingestAtStart(): Promise<StartIngest>;
  /** For /readyz: migrated, holding at least one entry, and past the start's search warm-up. */
  isReady(): Promise<boolean>;
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
  // Damaged shipped data stops the start (read before the store opens), not every later search.
  const store = await openConfiguredStore(config);
  const db = store.prisma;
  // The SQLite search on worker threads (SEARCH_THREADS); PostgreSQL's search waits on the database and
  // stays on the main thread, as does an in-memory database (no other connection can see it).
  const threads =
    config.searchThreads > 0 && store.provider === 'sqlite' && config.databaseFile !== ':memory:'
      ? new SearchThreads(config.searchThreads, config.databaseFile, store.generation)
      : null;
  const kb = knowledgeBaseOn(config, store, threads ?? store.search);
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
  const startSources = config.ingestOnStart ?? DEFAULT_SOURCES;
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
    seedIfEmpty: () => seedWhenEmpty(store, () => ingest.ingest(startSources)),
    async ingestAtStart() {
      const seeded = await seedWhenEmpty(store, () => ingest.ingest(startSources));
      return seeded ? { kind: 'seeded', summary: seeded } : ingest.reparseIfOlder(startSources);
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
