// Full-text search on PostgreSQL with the same query understanding (src/search/query.ts), plan
// (src/search/plan.ts) and ranking (src/search/rank.ts) as the SQLite search: only how candidates and
// their statistics are found is PostgreSQL's.
//
//   index        "search_prose": a weighted tsvector (A title, B quoted error messages and symptoms,
//                C causes and fixes, D body) and "search_code", in the istio_kb configuration (unaccent,
//                English stemming, no stop words), GIN-indexed; "search_terms"/"search_terms_code"
//                hold whole identifiers (ISTIO_MUTUAL, proxy_http_version, sidecar.istio.io/inject).
//   statistics   per knowledge-base generation, the postings of the tsvectors (which rows have a
//                lexeme, with what weighted frequency, in the title or not), the rows' token counts
//                and the typo vocabulary (kb_vocabulary) are read once into memory: single words,
//                prefixes, IDF and BM25 are answered from them without a query.
//   per query    phrases (multi-word synonyms, the whole query, identifiers split into words) and
//                whole identifiers are matched by PostgreSQL through the GIN indexes, in one round trip.
//   text score   BM25 from those statistics (weighted term frequency, IDF from document frequencies,
//                length-normalised) rather than ts_rank.
//
// A search runs in one REPEATABLE READ snapshot that also reads the generation row, so its answer
// comes wholly from one knowledge base; a newer generation seen here moves this replica's generation
// at once (before the NOTIFY arrives).
import type pg from 'pg';
import type { PgPool } from '../../db/postgres/pool.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import { ErrorIndexBuilder, SNIPPET_LINE_WEIGHT, errorLinesOf, type ErrorIndex } from '../../search/error-index.ts';
import { planSearch, type SearchPlan } from '../../search/plan.ts';
import { parseQuery } from '../../search/query.ts';
import { IN_PROSE, IN_PROSE_AS_TYPED, IN_TITLE, IN_TITLE_AS_TYPED, RANKING, rankCandidates, type CandidateStats, type RowMeta } from '../../search/rank.ts';
import { words } from '../../search/text.ts';
import type { Vocabulary } from '../../search/typo.ts';
import { Lru } from '../../support/lru.ts';
import { entryRecordsFromRows, type EntryRow, type SnippetRow } from '../entry-rows.ts';
import { parseStringArray } from '../json.ts';
import type { RankedPage, SearchRepository } from '../search.ts';
import { toRankedHits } from '../search/hits.ts';
import { IndexVocabulary } from '../search/vocabulary.ts';
import type { EntryRecord, SearchParams } from '../types.ts';
import type { PgGeneration } from './generation.ts';

const ANSWER_CACHE = 1000;
const LEXEME_CACHE = 20_000;
const ENTRY_CACHE = 5000;
/** Low: two edits in an 8-letter word leave few trigrams in common; edit distance decides among them. */
const TRIGRAM_THRESHOLD = 0.2;
/** BM25 weights of the tsvector classes and of code: the counterparts of the SQLite column weights. */
const CLASS_WEIGHT = { A: 10, B: 4, C: 2, D: 1 } as const;
const CODE_WEIGHT = 0.5;
const K1 = 1.2;
const B = 0.75;

/**
 * Inside the ingest transaction, before commit: rebuilds the typo vocabulary and refreshes the
 * planner's statistics (without them, a freshly filled table gets sequential scans that detoast
 * every tsvector instead of GIN lookups).
 */
export async function refreshSearchIndex(tx: Prisma.TransactionClient): Promise<void> {
  await refreshVocabulary(tx);
  // The GIN indexes take the run's rows into their pending lists (fast inserts); merged here, or
  // every search would scan the unmerged entries linearly until the next vacuum.
  for (const index of ['Entry_search_prose_idx', 'Entry_search_code_idx', 'Entry_search_terms_idx', 'Entry_search_terms_code_idx']) {
    await tx.$queryRawUnsafe(`SELECT gin_clean_pending_list('"${index}"'::regclass)`);
  }
  await tx.$executeRawUnsafe('ANALYZE "Entry"');
}

async function refreshVocabulary(tx: Prisma.TransactionClient): Promise<void> {
  await tx.$executeRawUnsafe('DELETE FROM "kb_vocabulary"');
  await tx.$executeRawUnsafe(
    // Words of the identifier columns, and the parts of identifiers ("proxy" of istio-proxy), each with
    // the most rows any token containing it has: what SQLite's entry_terms_vocab gives IndexVocabulary.
    `INSERT INTO "kb_vocabulary" ("word", "ndoc")
     SELECT part, max(s.ndoc) FROM ts_stat('SELECT "search_terms" || "search_terms_code" FROM "Entry"') s
     CROSS JOIN LATERAL regexp_split_to_table(s.word, '[^[:alnum:]]+') AS part
     WHERE part ~ '[[:alpha:]]' AND length(part) BETWEEN 1 AND 40
     GROUP BY part`,
  );
}

type Db = pg.PoolClient;
type RowSet = ReadonlySet<number>;
const EMPTY: RowSet = new Set();

/** The knowledge base's index statistics for one generation. */
interface State {
  readonly generation: string;
  readonly meta: Map<number, RowMeta>;
  readonly keyCount: number;
  readonly vocabulary: IndexVocabulary;
  /** Lexeme -> row -> weighted frequency in the prose. */
  readonly prose: Map<string, Map<number, number>>;
  /** Lexeme -> rows having it in the title. */
  readonly title: Map<string, Set<number>>;
  /** Lexeme -> row -> frequency in the code. */
  readonly code: Map<string, Map<number, number>>;
  /** Every lexeme, sorted (prefix expansion). */
  readonly lexemes: readonly string[];
  readonly lengths: Map<number, number>;
  readonly avgLength: number;
  readonly errors: ErrorIndex;
  /** Entries loaded for hits in this generation. */
  readonly entries: Lru<number, EntryRecord>;
}

function documentFrequency(state: State, lexeme: string): number {
  const p = state.prose.get(lexeme);
  const c = state.code.get(lexeme);
  if (!c) return p?.size ?? 0;
  if (!p) return c.size;
  let n = p.size;
  for (const id of c.keys()) if (!p.has(id)) n += 1;
  return n;
}

function lexemesWithPrefix(state: State, prefix: string): string[] {
  let lo = 0;
  let hi = state.lexemes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((state.lexemes[mid] ?? '') < prefix) lo = mid + 1;
    else hi = mid;
  }
  const out: string[] = [];
  for (let i = lo; i < state.lexemes.length && (state.lexemes[i] ?? '').startsWith(prefix); i++) out.push(state.lexemes[i] ?? '');
  return out;
}

function union(sets: Iterable<Iterable<number>>): Set<number> {
  const out = new Set<number>();
  for (const s of sets) for (const id of s) out.add(id);
  return out;
}

/** A tsquery operand for a lexeme. */
function lit(lexeme: string, weight = ''): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'${weight ? `:${weight}` : ''}`;
}

/** Where a concept (or a phrase) occurs: prose rows, title rows. */
interface Occurrence {
  readonly prose: RowSet;
  readonly title: RowSet;
}

/** Phrase lookups that need positions, answered by PostgreSQL through the GIN indexes in one query. */
class PhraseBatch {
  private readonly queries: string[] = [];
  private results: RowSet[] = [];

  /** Registers a tsquery on prose (or prose and code); returns a handle for `get`. */
  add(tsquery: string, withCode: boolean): number {
    const text = `${withCode ? 'c' : 'p'}${tsquery}`;
    const i = this.queries.indexOf(text);
    if (i >= 0) return i;
    this.queries.push(text);
    return this.queries.length - 1;
  }

  async run(db: Db, identifiers: readonly string[]): Promise<RowSet[]> {
    if (this.queries.length === 0 && identifiers.length === 0) return [];
    const { rows } = await db.query<{ i: number; ids: number[] | null }>(
      `SELECT x.i::int AS i, (SELECT array_agg(e."id") FROM "Entry" e
                WHERE e."search_prose" @@ x.q OR (x.kind = 'c' AND e."search_code" @@ x.q)) AS ids
       FROM (SELECT substr(t, 1, 1) AS kind, substr(t, 2)::tsquery AS q, o AS i FROM unnest($1::text[]) WITH ORDINALITY AS u(t, o)) x
       UNION ALL
       SELECT 100000 + y.i::int, (SELECT array_agg(e."id") FROM "Entry" e WHERE e."search_terms" @@ y.q OR e."search_terms_code" @@ y.q)
       FROM (SELECT t::tsquery AS q, o AS i FROM unnest($2::text[]) WITH ORDINALITY AS u(t, o)) y`,
      [this.queries, identifiers.map((i) => lit(i))],
    );
    const out: RowSet[] = [];
    const idents: RowSet[] = [];
    for (const r of rows) {
      if (r.i >= 100000) idents[r.i - 100001] = new Set(r.ids ?? []);
      else out[r.i - 1] = new Set(r.ids ?? []);
    }
    this.results = out;
    return identifiers.map((_, i) => idents[i] ?? EMPTY);
  }

  get(handle: number): RowSet {
    return this.results[handle] ?? EMPTY;
  }
}

export class PgSearchRepository implements SearchRepository {
  private state: State | null = null;
  private loading: { generation: string; promise: Promise<State> } | null = null;
  private readonly answers = new Lru<string, RankedPage>(ANSWER_CACHE);
  /** Word -> its lexemes in the istio_kb configuration (depends on the configuration only). */
  private readonly lexemeCache = new Lru<string, readonly string[]>(LEXEME_CACHE);
  private cachedGeneration = '';

  constructor(
    private readonly pool: PgPool,
    private readonly generation: PgGeneration,
  ) {}

  async search(params: SearchParams): Promise<RankedPage> {
    this.sync(this.generation.current());
    const cacheKey = `${params.version ?? ''}\u0000${params.limit}\u0000${params.offset}\u0000${params.text}`;
    const cached = this.answers.get(cacheKey);
    if (cached) return cached;
    const { result, generation } = await this.inSnapshot((db, gen) => this.compute(db, gen, params));
    this.generation.observe(generation);
    if (this.sync(generation)) this.answers.set(cacheKey, result);
    return result;
  }

  /** Clears the answers when the generation moved; false when `generation` is older than the cache's. */
  private sync(generation: string): boolean {
    if (generation === this.cachedGeneration) return true;
    if (this.cachedGeneration !== '' && BigInt(generation) < BigInt(this.cachedGeneration)) return false;
    this.answers.clear();
    this.cachedGeneration = generation;
    return true;
  }

  private async inSnapshot<T>(run: (db: Db, generation: string) => Promise<T>): Promise<{ result: T; generation: string }> {
    const db = await this.pool.connect();
    try {
      // One round trip: the snapshot, the trigram threshold for typo candidates, the generation.
      const results = (await db.query(
        `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;
         SET LOCAL pg_trgm.similarity_threshold = ${TRIGRAM_THRESHOLD};
         SELECT "generation"::text AS g FROM "kb_generation" WHERE "id" = 1`,
      )) as unknown as pg.QueryResult<{ g: string }>[];
      const generation = results[2]?.rows[0]?.g ?? '0';
      const result = await run(db, generation);
      await db.query('COMMIT');
      return { result, generation };
    } catch (error) {
      await db.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      db.release();
    }
  }

  private async stateFor(db: Db, generation: string): Promise<State> {
    if (this.state?.generation === generation) return this.state;
    // Concurrent searches of the same new generation share one load (in the first one's snapshot,
    // which has the same generation and therefore the same knowledge base).
    if (this.loading?.generation !== generation) {
      const promise = loadState(db, generation);
      this.loading = { generation, promise };
      promise.then(
        (s) => {
          if (!this.state || BigInt(s.generation) >= BigInt(this.state.generation)) this.state = s;
          if (this.loading?.promise === promise) this.loading = null;
        },
        () => {
          if (this.loading?.promise === promise) this.loading = null;
        },
      );
    }
    return this.loading.promise;
  }

  /**
   * Whole entries for the page, from the generation's cache or loaded in the search's snapshot. The
   * same objects are returned for the same generation, so the highlight's analysis of an entry's
   * fields (src/search/snippet.ts) is done once.
   */
  private async entries(db: Db, state: State, ids: readonly number[]): Promise<Map<number, EntryRecord>> {
    const out = new Map<number, EntryRecord>();
    const missing: number[] = [];
    for (const id of ids) {
      const cached = state.entries.get(id);
      if (cached) out.set(id, cached);
      else missing.push(id);
    }
    if (missing.length > 0) {
      for (const [id, entry] of await loadEntries(db, missing)) {
        state.entries.set(id, entry);
        out.set(id, entry);
      }
    }
    return out;
  }

  /** Each word's lexemes, from the cache or in one query. */
  private async lexemes(db: Db, ws: Iterable<string>): Promise<Map<string, readonly string[]>> {
    const out = new Map<string, readonly string[]>();
    const missing: string[] = [];
    for (const w of ws) {
      const cached = this.lexemeCache.get(w);
      if (cached) out.set(w, cached);
      else if (!missing.includes(w)) missing.push(w);
    }
    if (missing.length > 0) {
      const { rows } = await db.query<{ w: string; lx: string[] }>(
        `SELECT w, coalesce((SELECT array_agg(u.lexeme ORDER BY u.positions[1]) FROM unnest(kb_tsvector(w)) u), '{}') AS lx
         FROM unnest($1::text[]) AS w`,
        [missing],
      );
      for (const r of rows) {
        out.set(r.w, r.lx);
        this.lexemeCache.set(r.w, r.lx);
      }
    }
    return out;
  }

  private async compute(db: Db, generation: string, params: SearchParams): Promise<RankedPage> {
    const state = await this.stateFor(db, generation);
    // The typed words' lexemes first: "is this word in the index" is answered from them.
    await this.lexemes(db, words(params.text));
    // Typo candidates for the words the vocabulary does not know: close words by trigram similarity
    // (pg_trgm's GIN index on kb_vocabulary); the shared correction code then picks by edit distance.
    const near = await nearWords(db, state, words(params.text));
    const vocabulary: Vocabulary = {
      documentFrequency: (w) => state.vocabulary.documentFrequency(w),
      wordsOfLength: (n) => near.get(n) ?? [],
      hasWordStartingWith: (p) => state.vocabulary.hasWordStartingWith(p),
      completions: (p, limit) => state.vocabulary.completions(p, limit),
      indexHas: (w) => {
        const lx = this.lexemeCache.get(w);
        return lx !== undefined && lx.length > 0 && lx.every((l) => documentFrequency(state, l) > 0);
      },
    };
    const query = parseQuery(params.text, vocabulary);
    const empty: RankedPage = { total: 0, hits: [], didYouMean: query.didYouMean, query };
    const plan = planSearch(query, vocabulary);
    if (!plan || params.limit <= 0) return empty;
    const needed = new Set<string>();
    for (const c of plan.concepts) {
      needed.add(c.word);
      for (const w of c.completions) needed.add(w);
      for (const s of c.synonyms) for (const w of s) needed.add(w);
    }
    for (const p of plan.identifierPhrases) for (const w of p) needed.add(w);
    for (const w of plan.phrase ?? []) needed.add(w);
    const lexemesOf = await this.lexemes(db, needed);

    const candidates = await this.candidates(db, state, plan, lexemesOf, query.error);
    const ranked = rankCandidates(candidates.stats, candidates.rows, params.version);
    const page = ranked.slice(params.offset, params.offset + params.limit);
    if (page.length === 0) return { ...empty, total: ranked.length };
    const ids = page.map((s) => s.id);
    const entries = await this.entries(db, state, ids);
    const hits = toRankedHits(page, entries, query);
    return { total: ranked.length, hits, didYouMean: query.didYouMean, query };
  }

  /** The candidate rows with their statistics. */
  private async candidates(
    db: Db,
    state: State,
    plan: SearchPlan,
    lexemesOf: ReadonlyMap<string, readonly string[]>,
    error: Parameters<ErrorIndex['match']>[0],
  ): Promise<{ rows: CandidateStats[]; stats: { conceptKeys: number[]; keyCount: number; identifierCount: number }}> {
    const batch = new PhraseBatch();
    const textLexemes = new Set<string>();
    const single = (w: string): string | null => {
      const lx = lexemesOf.get(w) ?? [];
      return lx.length === 1 ? (lx[0] ?? null) : null;
    };
    const phraseQuery = (ws: readonly string[], weight = ''): string | null => {
      const lx = ws.flatMap((w) => lexemesOf.get(w) ?? []);
      return lx.length === 0 ? null : lx.map((l) => lit(l, weight)).join(' <-> ');
    };
    const wordOccurrence = (lexeme: string): Occurrence => ({
      prose: new Set(state.prose.get(lexeme)?.keys() ?? []),
      title: state.title.get(lexeme) ?? EMPTY,
    });
    /** Deferred: a single lexeme from memory, or a phrase from the batch. */
    const occurrence = (ws: readonly string[]): (() => Occurrence) => {
      const l = ws.length === 1 ? single(ws[0] ?? '') : null;
      if (l !== null) {
        textLexemes.add(l);
        return () => wordOccurrence(l);
      }
      for (const w of ws) for (const x of lexemesOf.get(w) ?? []) textLexemes.add(x);
      const q = phraseQuery(ws);
      const qTitle = phraseQuery(ws, 'A');
      if (!q || !qTitle) return () => ({ prose: EMPTY, title: EMPTY });
      const prose = batch.add(q, false);
      const title = batch.add(qTitle, false);
      return () => ({ prose: batch.get(prose), title: batch.get(title) });
    };
    const prefixOccurrence = (word: string): (() => Occurrence) => {
      const stem = single(word) ?? word;
      // FTS5 matches the typed prefix against its stemmed tokens; so do we, with both forms.
      const forms = [...new Set([word, stem])].filter((f) => f.length > 0);
      const lexemes = [...new Set(forms.flatMap((f) => lexemesWithPrefix(state, f)))];
      return () => ({
        prose: union(lexemes.map((l) => state.prose.get(l)?.keys() ?? [])),
        title: union(lexemes.map((l) => state.title.get(l) ?? EMPTY)),
      });
    };

    const concepts = plan.concepts.map((c) => {
      // A half-typed word: the completions the vocabulary knows, as words (as on SQLite), else the prefix.
      const completion = c.prefix ? (c.completions.length > 0 ? c.completions.map((w) => occurrence([w])) : [prefixOccurrence(c.word)]) : [];
      const asTyped = [...(c.prefixOnly ? [] : [occurrence([c.word])]), ...completion];
      const synonyms = c.synonyms.map((s) => occurrence(s));
      return { asTyped, synonyms };
    });
    const identifierPhrases = plan.identifierPhrases.map((p) => {
      for (const w of p) for (const x of lexemesOf.get(w) ?? []) textLexemes.add(x);
      const q = phraseQuery(p);
      return q ? batch.add(q, true) : -1;
    });
    const wholePhrase = plan.phrase ? phraseQuery(plan.phrase) : null;
    const wholeTitlePhrase = plan.phrase ? phraseQuery(plan.phrase, 'A') : null;
    const phraseHandle = wholePhrase ? batch.add(wholePhrase, true) : -1;
    const titlePhraseHandle = wholeTitlePhrase ? batch.add(wholeTitlePhrase, false) : -1;
    const identSets = await batch.run(db, plan.identifiers);

    // Resolve the concepts' occurrences (whole knowledge base: IDF needs every row).
    const resolved = concepts.map(({ asTyped, synonyms }) => {
      const typedOcc = asTyped.map((f) => f());
      const synOcc = synonyms.map((f) => f());
      const typedProse = union(typedOcc.map((o) => o.prose));
      const typedTitle = union(typedOcc.map((o) => o.title));
      return {
        typedProse,
        typedTitle,
        prose: union([typedProse, ...synOcc.map((o) => o.prose)]),
        title: union([typedTitle, ...synOcc.map((o) => o.title)]),
      };
    });
    const phrase = phraseHandle >= 0 ? batch.get(phraseHandle) : EMPTY;
    const titlePhrase = titlePhraseHandle >= 0 ? batch.get(titlePhraseHandle) : EMPTY;
    const errors = state.errors.match(error, RANKING.errorMin);

    // The universe: rows matching anything (prose or code), a whole identifier or the pasted error.
    const universe = new Set<number>(errors.keys());
    for (const r of resolved) for (const id of r.prose) universe.add(id);
    for (const l of textLexemes) for (const id of state.code.get(l)?.keys() ?? []) universe.add(id);
    for (const h of identifierPhrases) if (h >= 0) for (const id of batch.get(h)) universe.add(id);
    for (const id of phrase) universe.add(id);
    for (const s of identSets) for (const id of s) universe.add(id);

    const idf = new Map<string, number>();
    const n = Math.max(1, state.meta.size);
    for (const l of textLexemes) {
      const df = documentFrequency(state, l);
      // FTS5's BM25 IDF (a term in more than half of the rows counts almost nothing).
      idf.set(l, Math.max(1e-6, Math.log((n - df + 0.5) / (df + 0.5))));
    }

    const rows: CandidateStats[] = [];
    for (const id of universe) {
      const meta = state.meta.get(id);
      if (!meta) continue;
      let text = 0;
      const norm = K1 * (1 - B + (B * (state.lengths.get(id) ?? state.avgLength)) / state.avgLength);
      for (const [l, w] of idf) {
        const f = (state.prose.get(l)?.get(id) ?? 0) + CODE_WEIGHT * (state.code.get(l)?.get(id) ?? 0);
        if (f > 0) text += (w * f * (K1 + 1)) / (f + norm);
      }
      rows.push({
        id,
        meta,
        text,
        error: errors.get(id) ?? 0,
        concepts: resolved.map(
          (r) =>
            (r.prose.has(id) ? IN_PROSE : 0) |
            (r.typedProse.has(id) ? IN_PROSE_AS_TYPED : 0) |
            (r.title.has(id) ? IN_TITLE : 0) |
            (r.typedTitle.has(id) ? IN_TITLE_AS_TYPED : 0),
        ),
        identifiers: identSets.filter((s) => s.has(id)).length,
        phrase: phrase.has(id),
        titlePhrase: titlePhrase.has(id),
      });
    }
    const keysOf = (s: RowSet) => {
      const keys = new Set<string>();
      for (const id of s) {
        const k = state.meta.get(id)?.key;
        if (k !== undefined) keys.add(k);
      }
      return keys.size;
    };
    return {
      rows,
      stats: { conceptKeys: resolved.map((r) => keysOf(r.prose)), keyCount: state.keyCount, identifierCount: plan.identifiers.length },
    };
  }
}

/** Known words close to the unknown ones among `ws` (the correction's candidates), by length. */
async function nearWords(db: Db, state: State, ws: readonly string[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  // The words correctWord() would try to correct (src/search/typo.ts: 5+ letters, no digits, unknown).
  const unknown = [...new Set(ws)].filter((w) => w.length >= 5 && !/\d/.test(w) && state.vocabulary.documentFrequency(w) === 0);
  if (unknown.length === 0) return out;
  const { rows } = await db.query<{ word: string }>(
    `SELECT DISTINCT v."word" FROM unnest($1::text[]) AS u(w) JOIN "kb_vocabulary" v
       ON v."word" % u.w AND length(v."word") BETWEEN length(u.w) - 2 AND length(u.w) + 2`,
    [unknown],
  );
  for (const { word } of rows) {
    const list = out.get(word.length) ?? [];
    list.push(word);
    out.set(word.length, list);
  }
  return out;
}

async function loadState(db: Db, generation: string): Promise<State> {
  const meta = new Map<number, RowMeta>();
  const lengths = new Map<number, number>();
  const metaRows = await db.query<{ id: number; key: string; version: string; major: number; minor: number; len: number }>(
    `SELECT e."id", e."key", v."name" AS version, v."major", v."minor", e."search_length" AS len
     FROM "Entry" e JOIN "DocVersion" v ON v."id" = e."versionId"`,
  );
  let total = 0;
  for (const r of metaRows.rows) {
    meta.set(r.id, { key: r.key, version: r.version, order: r.major * 1000 + r.minor });
    lengths.set(r.id, r.len);
    total += r.len;
  }
  const prose = new Map<string, Map<number, number>>();
  const title = new Map<string, Set<number>>();
  const proseRows = await db.query<{ lexeme: string; ids: number[]; tf: number[]; title: boolean[] }>(
    `SELECT u.lexeme, array_agg(e."id") AS ids, array_agg(s.tf) AS tf, array_agg(s.title) AS title
     FROM "Entry" e
     CROSS JOIN LATERAL unnest(e."search_prose") u
     CROSS JOIN LATERAL (
       SELECT sum(CASE w WHEN 'A' THEN $1::float8 WHEN 'B' THEN $2::float8 WHEN 'C' THEN $3::float8 ELSE $4::float8 END) AS tf, bool_or(w = 'A') AS title
       FROM unnest(u.weights) w) s
     GROUP BY u.lexeme`,
    [CLASS_WEIGHT.A, CLASS_WEIGHT.B, CLASS_WEIGHT.C, CLASS_WEIGHT.D],
  );
  for (const r of proseRows.rows) {
    const m = new Map<number, number>();
    const t = new Set<number>();
    r.ids.forEach((id, i) => {
      m.set(id, r.tf[i] ?? 0);
      if (r.title[i]) t.add(id);
    });
    prose.set(r.lexeme, m);
    if (t.size > 0) title.set(r.lexeme, t);
  }
  const code = new Map<string, Map<number, number>>();
  const codeRows = await db.query<{ lexeme: string; ids: number[]; tf: number[] }>(
    `SELECT u.lexeme, array_agg(e."id") AS ids, array_agg(cardinality(u.positions)) AS tf
     FROM "Entry" e CROSS JOIN LATERAL unnest(e."search_code") u GROUP BY u.lexeme`,
  );
  for (const r of codeRows.rows) code.set(r.lexeme, new Map(r.ids.map((id, i) => [id, r.tf[i] ?? 0])));
  const vocab = await db.query<{ term: string; doc: number }>('SELECT "word" AS term, "ndoc" AS doc FROM "kb_vocabulary"');
  const errors = new ErrorIndexBuilder();
  const messages = await db.query<{ id: number; errorMessages: string }>(`SELECT "id", "errorMessages" FROM "Entry" WHERE "errorMessages" <> '[]'`);
  for (const row of messages.rows) for (const m of parseStringArray(row.errorMessages)) errors.add(row.id, m, 1);
  const snippets = await db.query<{ entryId: number; code: string }>(`SELECT "entryId", "code" FROM "Snippet" WHERE "language" <> 'yaml'`);
  for (const row of snippets.rows) for (const line of errorLinesOf(row.code)) errors.add(row.entryId, line, SNIPPET_LINE_WEIGHT);
  return {
    generation,
    meta,
    keyCount: Math.max(1, new Set([...meta.values()].map((m) => m.key)).size),
    vocabulary: new IndexVocabulary(vocab.rows),
    prose,
    title,
    code,
    lexemes: [...new Set([...prose.keys(), ...code.keys()])].sort(),
    lengths,
    avgLength: Math.max(1, total / Math.max(1, meta.size)),
    errors: errors.build(),
    entries: new Lru<number, EntryRecord>(ENTRY_CACHE),
  };
}

/** The page's entries in the search's snapshot (same record shape as EntryRepository). */
async function loadEntries(db: Db, ids: readonly number[]): Promise<Map<number, EntryRecord>> {
  const entries = await db.query<EntryRow>(
    `SELECT e."id", e."key", e."slug", e."title", e."url", e."level", e."position", e."paragraphs", e."symptoms", e."causes", e."fixes",
            e."errorMessages", e."commands", e."contentHash", (extract(epoch FROM e."updatedAt") * 1000)::float8 AS "updatedAt",
            v."name" AS version, p."url" AS "pageUrl", p."title" AS "pageTitle"
     FROM "Entry" e JOIN "DocVersion" v ON v."id" = e."versionId" JOIN "Page" p ON p."id" = e."pageId"
     WHERE e."id" = ANY($1::int[])`,
    [ids],
  );
  const snippetRows = await db.query<SnippetRow>(
    `SELECT "entryId", "language", "code", "kinds", "parseError" FROM "Snippet" WHERE "entryId" = ANY($1::int[]) ORDER BY "entryId", "position"`,
    [ids],
  );
  return entryRecordsFromRows(entries.rows, snippetRows.rows);
}
