// Full-text search on SQLite FTS5. This file and ./search/ hold the dialect specifics (MATCH, bm25,
// fts5vocab): they find the candidate rows and what each matched. Query understanding
// (src/search/query.ts), the plan of what to look up (src/search/plan.ts), the ranking
// (src/search/rank.ts) and the highlight (src/search/snippet.ts) are dialect-free and shared with
// any other store.
//
// Cost per question: every part of the question (a word, a synonym phrase, a prefix) is looked up in
// FTS5 once per knowledge-base generation (bm25 and where it occurs computed in C, kept in typed
// arrays; FTS5's bm25 of an OR query is the sum of its phrases' bm25); a question then adds cached
// arrays, runs FTS5 only for parts never seen before, checks the whole-query phrase on the text of
// the few rows it could still lift onto the page, and reads entries not read before.
import type { SqliteDatabase } from '../db/sqlite.ts';
import { planSearch, type SearchPlan } from '../search/plan.ts';
import { parseQuery } from '../search/query.ts';
import { RANKING, type QueryStats } from '../search/rank.ts';
import { ColumnRanker, type CandidateColumns, type RankedColumns } from '../search/rank-columns.ts';
import type { Vocabulary } from '../search/typo.ts';
import { Lru } from '../support/lru.ts';
import { toRankedHits } from './search/hits.ts';
import { CandidateCollector } from './search/candidates.ts';
import { planFts, quote, type FtsPlan } from './search/fts-match.ts';
import { KbStats } from './search/kb-stats.ts';
import { rankWithText } from './search/text-boosts.ts';
import { DbGeneration, PerGeneration } from './generation.ts';
import type { RankedPage } from './search/types.ts';
import type { SearchParams } from './types.ts';

export type { RankedHit, RankedPage } from './search/types.ts';
export { RANKING } from '../search/rank.ts';

export interface SearchRepository {
  search(params: SearchParams): Promise<RankedPage>;
}

/** Answers kept for questions asked again (operators repeat themselves); unique questions never hit it. */
const ANSWER_CACHE = 1000;
/**
 * Questions remembered (not their answers) to tell one asked again: an answer is kept from its second
 * asking on, so a stream of different questions (a chatbot's) does not fill the heap with answers
 * nobody asks for again, which the garbage collector would have to copy and promote.
 */
const ASKED = 4 * ANSWER_CACHE;

interface Snapshot {
  readonly kb: KbStats;
  readonly collector: CandidateCollector;
  readonly ranker: ColumnRanker;
  readonly vocabulary: Vocabulary;
}

export class SqliteSearchRepository implements SearchRepository {
  private readonly generation: DbGeneration;
  private readonly snapshot: PerGeneration<Snapshot>;
  private readonly answers = new Lru<string, RankedPage>(ANSWER_CACHE);
  private readonly asked = new Lru<string, true>(ASKED);
  private cachedGeneration = '';

  constructor(db: SqliteDatabase, generation: DbGeneration = new DbGeneration(db)) {
    this.generation = generation;
    const termRows = db.prepare<[string], number>('SELECT rowid FROM entry_terms WHERE entry_terms MATCH ?').pluck();
    const identifierRows = (match: string) => {
      try {
        return termRows.all(match);
      } catch (error) {
        if (error instanceof Error && /fts5|MATCH|syntax/i.test(error.message)) return [];
        throw error;
      }
    };
    let previous: KbStats | null = null;
    this.snapshot = new PerGeneration(() => {
      previous?.stop();
      const kb = new KbStats(db, identifierRows);
      previous = kb;
      kb.warm(kb.meta.flatMap((m, id) => (m ? [id] : [])));
      const vocabulary: Vocabulary = {
        documentFrequency: (w) => kb.vocabulary.documentFrequency(w),
        wordsOfLength: (n) => kb.vocabulary.wordsOfLength(n),
        hasWordStartingWith: (p) => kb.vocabulary.hasWordStartingWith(p),
        completions: (p, limit) => kb.vocabulary.completions(p, limit),
        hasWord: (w) => kb.vocabulary.hasWord(w),
        indexHas: (w) => kb.parts.get(quote(w)).ids.length > 0,
      };
      return { kb, collector: new CandidateCollector(kb), ranker: new ColumnRanker(kb), vocabulary };
    });
  }

  async search(params: SearchParams): Promise<RankedPage> {
    return this.searchNow(params);
  }

  /** The synchronous search (better-sqlite3 is synchronous; the interface is async for PostgreSQL). */
  searchNow(params: SearchParams): RankedPage {
    const generation = this.generation.current();
    if (generation !== this.cachedGeneration) {
      this.answers.clear();
      this.asked.clear();
      this.cachedGeneration = generation;
    }
    const cacheKey = `${params.version ?? ''}\u0000${params.limit}\u0000${params.offset}\u0000${params.text}`;
    const cached = this.answers.get(cacheKey);
    if (cached) return cached;
    const page = this.compute(params, this.snapshot.get(generation));
    if (this.asked.get(cacheKey)) this.answers.set(cacheKey, page);
    else this.asked.set(cacheKey, true);
    return page;
  }

  private compute(params: SearchParams, snap: Snapshot): RankedPage {
    const query = parseQuery(params.text, snap.vocabulary);
    const empty: RankedPage = { total: 0, hits: [], didYouMean: query.didYouMean, query };
    const searchPlan = planSearch(query, snap.vocabulary);
    if (!searchPlan || params.limit <= 0) return empty;
    const plan = planFts(searchPlan);
    const { kb } = snap;
    const errors = kb.errors.match(query.error, RANKING.errorMin);
    const candidates = snap.collector.collect(plan, errors);
    const stats = {
      conceptKeys: plan.concepts.map((c) => kb.keysInProse(c.parts)),
      keyCount: kb.keyCount,
      identifierCount: plan.identifiers.length,
    };
    snap.ranker.score(stats, candidates, params.version);
    const { total, top } = this.withText(plan, searchPlan, snap, stats, candidates, params);
    const page = top.slice(params.offset, params.offset + params.limit);
    if (page.length === 0) return { ...empty, total };
    const entries = kb.entries.load(page.map((s) => s.id));
    const hits = toRankedHits(page, entries, query);
    return { total, hits, didYouMean: query.didYouMean, query };
  }

  /** The boosts read on the entries' text: ./search/text-boosts.ts (shared with the PostgreSQL store). */
  private withText(plan: FtsPlan, searchPlan: SearchPlan, snap: Snapshot, stats: QueryStats, candidates: CandidateColumns, params: SearchParams): RankedColumns {
    const { ranker, collector, kb } = snap;
    return rankWithText({ plan, searchPlan, stats, params, ranker, collector, candidates, keyOf: kb.keyOf, entries: (ids) => kb.entries.load(ids) });
  }
}
