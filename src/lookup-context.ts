// The knowledge base alone, for one-shot lookups (the CLI's search and entry): the store and the
// KnowledgeBase service, without the rules, the ingest pipeline and the metrics a server wires in
// (src/app.ts), which would cost every such call about 0.2 s to load. An empty knowledge base is
// still filled first, loading the ingest only then.
import type { Config } from './config/index.ts';
import { ConflictError } from './errors.ts';
import { EntryRepository } from './repositories/entries.ts';
import type { SearchRepository } from './repositories/search.ts';
import { checkShippedAsked } from './repositories/search/shipped-asked.ts';
import { openStore, type Store } from './repositories/store.ts';
import { VersionRepository } from './repositories/versions.ts';
import type { IngestSummary } from './services/ingest.ts';
import { KnowledgeBase } from './services/knowledge-base.ts';

export interface LookupContext {
  readonly config: Config;
  readonly kb: KnowledgeBase;
  /** What the store found at opening that works, but worse (e.g. a PostgreSQL database without a UTF-8 character type). */
  readonly warnings: readonly string[];
  /** Ingests the configured start-up sources (default: the shipped archive) when the KB is empty. */
  seedIfEmpty(): Promise<IngestSummary | null>;
  close(): Promise<void>;
}

/** Opens the store named by the configuration (read before it: damaged shipped data stops the start). */
export async function openConfiguredStore(config: Config): Promise<Store> {
  checkShippedAsked();
  return openStore(config);
}

export function knowledgeBaseOn(config: Config, store: Store, search: SearchRepository = store.search): KnowledgeBase {
  return new KnowledgeBase(new VersionRepository(store.prisma), new EntryRepository(store.prisma), search, store.generation, {
    maxPageSize: config.limits.pageSize,
    maxQueryLength: config.limits.searchQueryLength,
  });
}

/** Runs `ingest` (the start-up sources into the store) when the knowledge base is empty; null when it holds entries. */
export async function seedWhenEmpty(store: Store, ingest: () => Promise<IngestSummary>): Promise<IngestSummary | null> {
  if ((await store.countEntries()) > 0) return null;
  try {
    return await ingest();
  } catch (error) {
    // Replicas starting together on an empty PostgreSQL knowledge base: one seeds, the others
    // serve (not ready until the seed commits) instead of failing their start.
    if (error instanceof ConflictError) return null;
    throw error;
  }
}

export async function createLookupContext(config: Config): Promise<LookupContext> {
  const store = await openConfiguredStore(config);
  return {
    config,
    kb: knowledgeBaseOn(config, store),
    warnings: store.warnings,
    seedIfEmpty: () =>
      seedWhenEmpty(store, async () => {
        const { IngestService, DEFAULT_SOURCES } = await import('./services/ingest.ts');
        return new IngestService(store.prisma, store.writer, () => store.lockIngest()).ingest(config.ingestOnStart ?? DEFAULT_SOURCES);
      }),
    close: () => store.close(),
  };
}
