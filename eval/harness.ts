// Runs the judged queries through the real service and through the plain BM25 baseline on the same
// database, and computes both rows of metrics. Used by eval/run.ts and the corpus test.
import { existsSync } from 'node:fs';
import type { AppContext } from '../src/app.ts';
import { createAppContext } from '../src/app.ts';
import { loadConfig } from '../src/config/index.ts';
import { openSqlite } from '../src/db/sqlite.ts';
import { BaselineSearch } from '../src/repositories/search/baseline.ts';
import { formatSummaryLine, SHIPPED_ARCHIVE } from '../src/services/ingest.ts';
import { computeMetrics, firstRelevantRank, type Metrics, type RankedKey } from './metrics.ts';
import type { JudgedQuery } from './queries.ts';

export interface QueryOutcome {
  readonly query: JudgedQuery;
  readonly rank: number;
  readonly baselineRank: number;
  readonly top: readonly RankedKey[];
  readonly baselineTop: readonly RankedKey[];
  readonly didYouMean: string | null;
  /**
   * What a chatbot cites: the place (1-based) of the first of the first PASSAGES passages taken from a
   * judged guideline (of the judged version when the query has one), 0 when none is.
   */
  readonly passageRank: number;
}

/** How many passages a chatbot is assumed to read (the passages endpoint's default page). */
export const PASSAGES = 5;

export interface EvalReport {
  readonly service: Metrics;
  readonly baseline: Metrics;
  readonly byKind: Record<string, { service: Metrics; baseline: Metrics }>;
  readonly outcomes: readonly QueryOutcome[];
}

/**
 * Opens (and migrates) the database; ingests the corpus when it holds no entries or `reingest` is set,
 * and parses the pages again when an older parser did (a knowledge base kept from before a parser
 * change would otherwise be measured with the older parser's fields, without a sign).
 */
export async function openEvalContext(
  databaseFile: string,
  corpusDir: string,
  options: { reingest?: boolean; log?: (s: string) => void; env?: Record<string, string>; databaseUrl?: string } = {},
): Promise<AppContext> {
  // databaseUrl: another store (PostgreSQL); the SQLite file then only serves the baseline.
  const url = options.databaseUrl ?? `file:${databaseFile}`;
  // In-process measurements time the search itself: no search thread unless `env` asks for one.
  const ctx = await createAppContext(loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, LOG_LEVEL: 'silent', SEARCH_THREADS: '0', ...options.env }));
  if (options.reingest || !(await ctx.isReady())) {
    if (!existsSync(corpusDir)) throw new Error(`Corpus not found: ${corpusDir}`);
    options.log?.(`ingesting ${corpusDir} into ${options.databaseUrl ? 'PostgreSQL' : databaseFile} ...`);
    await ctx.ingest.ingest([corpusDir]);
    return ctx;
  }
  // Filled from the corpus (eval, bench) or from the shipped archive (`istio-kb ingest`): the same pages.
  for (const source of [corpusDir, SHIPPED_ARCHIVE].filter((s) => s !== '')) {
    const done = await ctx.ingest.reparseIfOlder([source]);
    if (done.kind === 'failed') throw done.error;
    if (done.kind === 'reparsed') options.log?.(`parsed by ${done.parsedBy}: ${source} parsed again (${formatSummaryLine(done.summary)})`);
  }
  return ctx;
}

/** `databaseFile`: the SQLite knowledge base the plain BM25 baseline runs on (the same corpus). */
export async function runEval(ctx: AppContext, databaseFile: string, queries: readonly JudgedQuery[]): Promise<EvalReport> {
  const baselineDb = openSqlite(databaseFile, { readonly: true });
  try {
    const baseline = new BaselineSearch(baselineDb);
    const outcomes: QueryOutcome[] = [];
    for (const query of queries) {
      const page = await ctx.kb.search({ query: query.q, version: query.version, first: 10 });
      const top = page.items.map((i) => ({ key: i.node.key, version: i.node.version }));
      const baselineTop = baseline.search(query.q, query.version, 10);
      const judged = { keys: query.keys, version: query.version };
      const { passages } = await ctx.kb.passages({ query: query.q, version: query.version, first: PASSAGES });
      outcomes.push({
        query,
        rank: firstRelevantRank(top, judged),
        baselineRank: firstRelevantRank(baselineTop, judged),
        top,
        baselineTop,
        didYouMean: page.didYouMean,
        passageRank: firstRelevantRank(passages, judged),
      });
    }
    const metrics = (list: readonly QueryOutcome[]) => ({
      service: computeMetrics(list.map((o) => ({ rank: o.rank, hitCount: o.top.length }))),
      baseline: computeMetrics(list.map((o) => ({ rank: o.baselineRank, hitCount: o.baselineTop.length }))),
    });
    const kinds = [...new Set(queries.map((q) => q.kind))];
    const byKind = Object.fromEntries(kinds.map((k) => [k, metrics(outcomes.filter((o) => o.query.kind === k))]));
    return { ...metrics(outcomes), byKind, outcomes };
  } finally {
    baselineDb.close();
  }
}
