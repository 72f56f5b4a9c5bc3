// Full-text search on SQLite FTS5. This file and ./search/ hold the dialect specifics (MATCH, bm25,
// snippet, fts5vocab): they find the candidate rows and what each matched. Query understanding
// (src/search/query.ts), the plan of what to look up (src/search/plan.ts) and the ranking
// (src/search/rank.ts) are dialect-free and shared with any other store.
import type { SqliteDatabase } from '../db/sqlite.ts';
import type { ErrorIndex } from '../search/error-index.ts';
import { planSearch } from '../search/plan.ts';
import { parseQuery } from '../search/query.ts';
import { IN_PROSE, IN_PROSE_AS_TYPED, IN_TITLE, IN_TITLE_AS_TYPED, RANKING, rankCandidates, type CandidateStats, type RowMeta, type Scored } from '../search/rank.ts';
import type { Vocabulary } from '../search/typo.ts';
import { Lru } from '../support/lru.ts';
import { EntryLoader } from './search/entry-loader.ts';
import { loadErrorIndex } from './search/error-index.ts';
import { planFts, quote, type FtsPlan } from './search/fts-match.ts';
import { DbGeneration, PerGeneration } from './generation.ts';
import type { RankedHit, RankedPage } from './search/types.ts';
import { IndexVocabulary } from './search/vocabulary.ts';
import type { SearchParams } from './types.ts';

export type { RankedHit, RankedPage } from './search/types.ts';
export { RANKING } from '../search/rank.ts';

export interface SearchRepository {
  search(params: SearchParams): Promise<RankedPage>;
}

/** Column weights in the order of the entry_fts columns: title and error messages first, code last. */
const WEIGHTS = { title: 10, error_messages: 6, symptoms: 4, causes: 2, fixes: 2, body: 1, code: 0.5 } as const;
const BM25 = `bm25(entry_fts, ${Object.values(WEIGHTS).join(', ')})`;
const PROSE = 'title error_messages symptoms causes fixes body';

const ANSWER_CACHE = 1000;
const SET_CACHE = 4000;

export class SqliteSearchRepository implements SearchRepository {
  private readonly generation: DbGeneration;
  private readonly rank;
  private readonly matchRows;
  private readonly termRows;
  private readonly snippets;
  private readonly meta: PerGeneration<Map<number, RowMeta>>;
  private readonly vocabulary: PerGeneration<IndexVocabulary>;
  private readonly errors: PerGeneration<ErrorIndex>;
  private readonly keyCount: PerGeneration<number>;
  private readonly loader: EntryLoader;
  private readonly answers = new Lru<string, RankedPage>(ANSWER_CACHE);
  private readonly sets = new Lru<string, ReadonlySet<number>>(SET_CACHE);
  private cachedGeneration = '';

  constructor(db: SqliteDatabase, generation: DbGeneration = new DbGeneration(db)) {
    this.generation = generation;
    this.rank = db.prepare<[string], { id: number; rank: number }>(`SELECT rowid AS id, ${BM25} AS rank FROM entry_fts WHERE entry_fts MATCH ?`);
    this.matchRows = db.prepare<[string], number>('SELECT rowid FROM entry_fts WHERE entry_fts MATCH ?').pluck();
    this.termRows = db.prepare<[string], number>('SELECT rowid FROM entry_terms WHERE entry_terms MATCH ?').pluck();
    this.snippets = db.prepare<[string, string], { id: number; snip: string | null }>(`
      SELECT rowid AS id, snippet(entry_fts, -1, '<mark>', '</mark>', '…', 16) AS snip
      FROM entry_fts WHERE entry_fts MATCH ? AND rowid IN (SELECT value FROM json_each(?))`);
    const metaRows = db.prepare<[], { id: number; key: string; version: string; major: number; minor: number }>(`
      SELECT e.id, e.key, v.name AS version, v.major, v.minor FROM "Entry" e JOIN "DocVersion" v ON v.id = e.versionId`);
    this.meta = new PerGeneration(() => new Map(metaRows.all().map((r) => [r.id, { key: r.key, version: r.version, order: r.major * 1000 + r.minor }])));
    this.vocabulary = new PerGeneration(() => IndexVocabulary.load(db));
    const keyCount = db.prepare<[], number>('SELECT count(DISTINCT key) FROM "Entry"').pluck();
    this.keyCount = new PerGeneration(() => Math.max(1, keyCount.get() ?? 1));
    this.errors = new PerGeneration(() => loadErrorIndex(db));
    this.loader = new EntryLoader(db);
  }

  async search(params: SearchParams): Promise<RankedPage> {
    return this.searchNow(params);
  }

  /** The synchronous search (better-sqlite3 is synchronous; the interface is async for PostgreSQL). */
  searchNow(params: SearchParams): RankedPage {
    const generation = this.generation.current();
    if (generation !== this.cachedGeneration) {
      this.answers.clear();
      this.sets.clear();
      this.cachedGeneration = generation;
    }
    const cacheKey = `${params.version ?? ''}\u0000${params.limit}\u0000${params.offset}\u0000${params.text}`;
    const cached = this.answers.get(cacheKey);
    if (cached) return cached;
    const page = this.compute(params, generation);
    this.answers.set(cacheKey, page);
    return page;
  }

  private compute(params: SearchParams, generation: string): RankedPage {
    const vocab = this.vocabulary.get(generation);
    const withIndex: Vocabulary = {
      documentFrequency: (w) => vocab.documentFrequency(w),
      wordsOfLength: (n) => vocab.wordsOfLength(n),
      hasWordStartingWith: (p) => vocab.hasWordStartingWith(p),
      indexHas: (w) => this.rowSet('fts', quote(w)).size > 0,
    };
    const query = parseQuery(params.text, withIndex);
    const empty: RankedPage = { total: 0, hits: [], didYouMean: query.didYouMean, query };
    const searchPlan = planSearch(query);
    if (!searchPlan || params.limit <= 0) return empty;
    const plan = planFts(searchPlan);
    const ranked = this.score(plan, query.error, params.version, generation);
    const page = ranked.slice(params.offset, params.offset + params.limit);
    if (page.length === 0) return { ...empty, total: ranked.length };
    const ids = page.map((s) => s.id);
    const entries = this.loader.load(ids);
    const highlights = new Map(this.safe(() => this.snippets.all(plan.match, JSON.stringify(ids)), []).map((r) => [r.id, r.snip]));
    const hits: RankedHit[] = [];
    for (const s of page) {
      const entry = entries.get(s.id);
      if (!entry) continue;
      const snip = highlights.get(s.id);
      hits.push({
        rowId: s.id,
        key: entry.key,
        slug: entry.slug,
        version: entry.version,
        title: entry.title,
        url: entry.url,
        score: Math.round(s.score * 1000) / 1000,
        highlights: snip ? [snip] : [],
        entry,
        errorMatch: Math.round(s.error * 1000) / 1000,
      });
    }
    return { total: ranked.length, hits, didYouMean: query.didYouMean, query };
  }

  /** Candidates and their statistics from FTS5, ranked by src/search/rank.ts. */
  private score(plan: FtsPlan, error: Parameters<ErrorIndex['match']>[0], version: string | undefined, generation: string): Scored[] {
    const meta = this.meta.get(generation);
    const bm25 = new Map<number, number>();
    for (const r of this.safe(() => this.rank.all(plan.match), [])) bm25.set(r.id, -r.rank);
    const errors = this.errors.get(generation).match(error, RANKING.errorMin);
    const identSets = plan.identifiers.map((m) => this.rowSet('terms', m));
    // Coverage counts prose only: a word that occurs only in YAML (app, name, port) says little.
    const prose = plan.concepts.map((c) => this.rowSet('fts', `{${PROSE}} : (${c.match})`));
    const title = plan.concepts.map((c) => this.rowSet('fts', `{title} : (${c.match})`));
    const proseExact = plan.concepts.map((c, i) => (c.exact === c.match ? prose[i] : this.rowSet('fts', `{${PROSE}} : (${c.exact})`)));
    const titleExact = plan.concepts.map((c, i) => (c.exact === c.match ? title[i] : this.rowSet('fts', `{title} : (${c.exact})`)));
    const phrase = plan.phrase ? this.rowSet('fts', plan.phrase) : null;
    const titlePhrase = plan.phrase ? this.rowSet('fts', `{title} : ${plan.phrase}`) : null;

    const universe = new Set<number>([...bm25.keys(), ...errors.keys()]);
    for (const s of identSets) for (const id of s) universe.add(id);
    const candidates: CandidateStats[] = [];
    for (const id of universe) {
      const m = meta.get(id);
      if (!m) continue;
      const concepts = plan.concepts.map(
        (_, i) =>
          (prose[i]?.has(id) ? IN_PROSE : 0) |
          (proseExact[i]?.has(id) ? IN_PROSE_AS_TYPED : 0) |
          (title[i]?.has(id) ? IN_TITLE : 0) |
          (titleExact[i]?.has(id) ? IN_TITLE_AS_TYPED : 0),
      );
      candidates.push({
        id,
        meta: m,
        text: bm25.get(id) ?? 0,
        error: errors.get(id) ?? 0,
        concepts,
        identifiers: identSets.filter((s) => s.has(id)).length,
        phrase: phrase?.has(id) ?? false,
        titlePhrase: titlePhrase?.has(id) ?? false,
      });
    }
    // IDF over guidelines (keys), not rows.
    const keysOf = (s: ReadonlySet<number>) => {
      const keys = new Set<string>();
      for (const id of s) {
        const k = meta.get(id)?.key;
        if (k !== undefined) keys.add(k);
      }
      return keys.size;
    };
    const stats = { conceptKeys: prose.map(keysOf), keyCount: this.keyCount.get(generation), identifierCount: identSets.length };
    return rankCandidates(stats, candidates, version);
  }

  /** Row ids matching one expression, cached per database generation. */
  private rowSet(table: 'fts' | 'terms', match: string): ReadonlySet<number> {
    const key = `${table}\u0000${match}`;
    const cached = this.sets.get(key);
    if (cached) return cached;
    const stmt = table === 'fts' ? this.matchRows : this.termRows;
    const set = new Set(this.safe(() => stmt.all(match), []));
    this.sets.set(key, set);
    return set;
  }

  /** Queries are built from quoted words only; should FTS5 still reject one, it is "no hits", never a 500. */
  private safe<T>(run: () => T, fallback: T): T {
    try {
      return run();
    } catch (error) {
      if (error instanceof Error && /fts5|MATCH|syntax/i.test(error.message)) return fallback;
      throw error;
    }
  }
}
