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
import { planSearch } from '../search/plan.ts';
import { parseQuery } from '../search/query.ts';
import { planFts } from './search/fts-match.ts';
import { KbStats } from './search/kb-stats.ts';
import { AnswerMemo, SearchTools } from './search/ranked-search.ts';
import { DbGeneration, PerGeneration } from './generation.ts';
import type { RankedPage } from './search/types.ts';
import type { SearchParams } from './types.ts';

export type { RankedHit, RankedPage } from './search/types.ts';
export { RANKING } from '../search/rank.ts';

export interface SearchRepository {
  search(params: SearchParams): Promise<RankedPage>;
  /**
   * Prepares for the first questions in the background (a server calls it once it listens); settles
   * when that preparation ends or is abandoned (never rejects).
   */
  warm?(): Promise<void>;
}

export class SqliteSearchRepository implements SearchRepository {
  private readonly generation: DbGeneration;
  private readonly snapshot: PerGeneration<SearchTools>;
  private readonly answers = new AnswerMemo();

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
      return new SearchTools(kb, (ids) => kb.entries.load(ids));
    });
  }

  async search(params: SearchParams): Promise<RankedPage> {
    return this.searchNow(params);
  }

  /** The synchronous search (better-sqlite3 is synchronous; the interface is async for PostgreSQL). */
  searchNow(params: SearchParams): RankedPage {
    const generation = this.generation.current();
    const cached = this.answers.get(generation, params);
    if (cached) return cached;
    const page = this.compute(params, this.snapshot.get(generation));
    this.answers.set(generation, params, page);
    return page;
  }

  private compute(params: SearchParams, tools: SearchTools): RankedPage {
    const query = parseQuery(params.text, tools.vocabulary);
    const searchPlan = planSearch(query, tools.vocabulary);
    if (!searchPlan || params.limit <= 0) return { total: 0, hits: [], didYouMean: query.didYouMean, query };
    return tools.page(query, searchPlan, planFts(searchPlan), params);
  }
}
