// Full-text search on SQLite FTS5. This file and ./search/ hold the dialect specifics (MATCH, bm25,
// snippet, fts5vocab); query understanding (synonyms, typos, error lines) is in src/search.
//
// Ranking: every candidate row gets
//   coverage  share of the query's concepts it contains (a word or its synonyms, the typed prefix),
//             weighted by IDF: the "words" rule of Meilisearch/Algolia, so an entry with all the
//             operator's words beats one that repeats a single word;
//   bm25      weighted BM25 (title and error messages > symptoms > causes/fixes > body > code),
//             normalised to the best candidate;
//   boosts    pasted error line vs quoted error messages (strong), whole identifiers, the query
//             as an exact phrase (stronger in the title).
// Without a version each key appears once: ranked by its best version, shown in its newest.
import type { SqliteDatabase } from '../db/sqlite.ts';
import { parseQuery } from '../search/query.ts';
import type { Vocabulary } from '../search/typo.ts';
import { Lru } from '../support/lru.ts';
import { EntryLoader } from './search/entry-loader.ts';
import { ErrorIndex } from './search/error-index.ts';
import { planFts, quote, type FtsPlan } from './search/fts-match.ts';
import { DbGeneration, PerGeneration } from './generation.ts';
import type { RankedHit, RankedPage } from './search/types.ts';
import { IndexVocabulary } from './search/vocabulary.ts';
import type { SearchParams } from './types.ts';

export type { RankedHit, RankedPage } from './search/types.ts';

export interface SearchRepository {
  search(params: SearchParams): Promise<RankedPage>;
}

/** Column weights in the order of the entry_fts columns: title and error messages first, code last. */
const WEIGHTS = { title: 10, error_messages: 6, symptoms: 4, causes: 2, fixes: 2, body: 1, code: 0.5 } as const;
const BM25 = `bm25(entry_fts, ${Object.values(WEIGHTS).join(', ')})`;
const PROSE = 'title error_messages symptoms causes fixes body';

/** Weights of the signals (see the header); chosen coarsely on eval/queries.json, see eval/README.md. */
export const RANKING = {
  coverage: 0.6,
  titleCoverage: 0.6,
  bm25: 0.2,
  errorMatch: 1.2,
  /** Error similarity below this is noise (shared boilerplate words). */
  errorMin: 0.4,
  /** A concept found only through a synonym counts this much of a word found as typed. */
  synonymCredit: 0.6,
  identifier: 0.5,
  phrase: 0.15,
  titlePhrase: 0.25,
} as const;

const ANSWER_CACHE = 1000;
const SET_CACHE = 4000;

interface RowMeta {
  readonly key: string;
  readonly version: string;
  /** major * 1000 + minor: newer is larger. */
  readonly order: number;
}

interface Scored {
  readonly id: number;
  readonly meta: RowMeta;
  readonly score: number;
  readonly error: number;
}

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
    this.errors = new PerGeneration(() => ErrorIndex.load(db));
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
    const plan = planFts(query);
    if (!plan || params.limit <= 0) return empty;
    const meta = this.meta.get(generation);
    const scored = this.score(plan, query.error, meta, params.version, generation);
    const ranked = params.version ? scored : onePerKey(scored);
    ranked.sort((a, b) => b.score - a.score || b.meta.order - a.meta.order || a.id - b.id);
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

  private score(plan: FtsPlan, error: Parameters<ErrorIndex['match']>[0], meta: Map<number, RowMeta>, version: string | undefined, generation: string): Scored[] {
    const bm25 = new Map<number, number>();
    for (const r of this.safe(() => this.rank.all(plan.match), [])) bm25.set(r.id, -r.rank);
    const errors = this.errors.get(generation).match(error, RANKING.errorMin);
    const identSets = plan.identifiers.map((m) => this.rowSet('terms', m));
    // Coverage counts prose only: a word that occurs only in YAML (app, name, port) says little.
    const concepts = plan.concepts.map((c) => this.rowSet('fts', `{${PROSE}} : (${c.match})`));
    const inTitle = plan.concepts.map((c) => this.rowSet('fts', `{title} : (${c.match})`));
    const exact = plan.concepts.map((c) => (c.exact === c.match ? null : this.rowSet('fts', `{${PROSE}} : (${c.exact})`)));
    const exactInTitle = plan.concepts.map((c) => (c.exact === c.match ? null : this.rowSet('fts', `{title} : (${c.exact})`)));
    const credit = (sets: readonly (ReadonlySet<number> | null)[], i: number, id: number) => (sets[i] === null || sets[i]?.has(id) ? 1 : RANKING.synonymCredit);
    // IDF over guidelines (keys), not rows: a word of one guideline repeated in 26 versions is as
    // specific as a word of one guideline that exists in a single version.
    const keysOf = (s: ReadonlySet<number>) => {
      const keys = new Set<string>();
      for (const id of s) {
        const k = meta.get(id)?.key;
        if (k !== undefined) keys.add(k);
      }
      return keys.size;
    };
    const n = this.keyCount.get(generation);
    const idf = concepts.map((s) => Math.log(1 + n / (keysOf(s) + 1)));
    const idfTotal = idf.reduce((a, b) => a + b, 0) || 1;
    const phrase = plan.phrase ? this.rowSet('fts', plan.phrase) : new Set<number>();
    const titlePhrase = plan.phrase ? this.rowSet('fts', `{title} : ${plan.phrase}`) : new Set<number>();
    let best = 0;
    for (const [id, v] of bm25) if (v > best && (version === undefined || meta.get(id)?.version === version)) best = v;

    const universe = new Set<number>([...bm25.keys(), ...errors.keys()]);
    for (const s of identSets) for (const id of s) universe.add(id);
    const out: Scored[] = [];
    for (const id of universe) {
      const m = meta.get(id);
      if (!m || (version !== undefined && m.version !== version)) continue;
      let covered = 0;
      let titled = 0;
      concepts.forEach((s, i) => {
        if (s.has(id)) covered += (idf[i] ?? 0) * credit(exact, i, id);
        if (inTitle[i]?.has(id)) titled += (idf[i] ?? 0) * credit(exactInTitle, i, id);
      });
      const identHits = identSets.filter((s) => s.has(id)).length;
      const err = errors.get(id) ?? 0;
      const score =
        RANKING.coverage * (covered / idfTotal) +
        RANKING.titleCoverage * (titled / idfTotal) +
        RANKING.bm25 * (best > 0 ? (bm25.get(id) ?? 0) / best : 0) +
        RANKING.errorMatch * err +
        RANKING.identifier * (identSets.length > 0 ? identHits / identSets.length : 0) +
        RANKING.phrase * (phrase.has(id) ? 1 : 0) +
        RANKING.titlePhrase * (titlePhrase.has(id) ? 1 : 0);
      if (score > 0) out.push({ id, meta: m, score, error: err });
    }
    return out;
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

/**
 * Each key once: its best score, shown in its newest matching version, unless only an older version
 * quotes the pasted error (then that version, which has the message to cite).
 */
export function onePerKey<S extends { readonly meta: { readonly key: string; readonly order: number }; readonly score: number; readonly error: number }>(scored: readonly S[]): S[] {
  const byKey = new Map<string, { best: S; newest: S }>();
  for (const s of scored) {
    const g = byKey.get(s.meta.key);
    if (!g) byKey.set(s.meta.key, { best: s, newest: s });
    else {
      if (s.score > g.best.score) g.best = s;
      if (s.meta.order > g.newest.meta.order) g.newest = s;
    }
  }
  return [...byKey.values()].map(({ best, newest }) => (best.error > newest.error + 0.2 ? best : { ...newest, score: best.score }));
}
