// Full-text search on PostgreSQL with the same query understanding (src/search) and the same ranking
// signals and weights as the SQLite search (../search.ts): only how candidates and their signals are
// found differs.
//
//   candidates   the weighted tsvector "search_prose" (A title, B error messages, C symptoms/causes/
//                fixes, D body) and "search_code", both GIN-indexed, in the istio_kb configuration
//                (unaccent + English stemming, no stop words); whole identifiers from "search_terms"/
//                "search_terms_code" (ISTIO_MUTUAL, proxy_http_version, sidecar.istio.io/inject);
//                rows whose quoted errors match a pasted error line (ErrorIndex, as on SQLite).
//   coverage     per concept, whether the row matches it in its prose / in its title (tsquery weight
//                restriction :A), IDF over guidelines (keys) as on SQLite.
//   bm25         computed here from the index statistics (ts_stat document frequencies, the rows'
//                weighted term frequencies and lengths), not ts_rank.
//   typos        the surface vocabulary of the identifier columns (kb_vocabulary, rebuilt by the ingest)
//                fed to the same edit-distance correction.
//
// One search runs in one REPEATABLE READ snapshot that also reads the generation row, so an answer
// is computed wholly from one knowledge base; a newer generation seen here moves this replica's
// generation at once (before the NOTIFY arrives).
import type pg from 'pg';
import type { PgPool } from '../../db/postgres/pool.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import { parseQuery, MAX_PHRASE_WORDS, type ParsedQuery } from '../../search/query.ts';
import { words } from '../../search/text.ts';
import type { Vocabulary } from '../../search/typo.ts';
import { Lru } from '../../support/lru.ts';
import { parseStringArray } from '../json.ts';
import { onePerKey, RANKING, type RankedHit, type RankedPage, type SearchRepository } from '../search.ts';
import { ErrorIndex } from '../search/error-index.ts';
import { IndexVocabulary } from '../search/vocabulary.ts';
import type { EntryRecord, SearchParams, SnippetRecord } from '../types.ts';
import type { PgGeneration } from './generation.ts';

const ANSWER_CACHE = 1000;
const MAX_PARTS = 64;
/** Weights of the tsvector classes for BM25, the counterparts of the SQLite column weights. */
const CLASS_WEIGHT: Record<string, number> = { A: 10, B: 6, C: 3, D: 1 };
const CODE_WEIGHT = 0.5;
const K1 = 1.2;
const B = 0.75;

/** Rebuilds the typo vocabulary inside the ingest transaction (called by the writer before commit). */
export async function refreshVocabulary(tx: Prisma.TransactionClient): Promise<void> {
  await tx.$executeRawUnsafe('DELETE FROM "kb_vocabulary"');
  await tx.$executeRawUnsafe(
    `INSERT INTO "kb_vocabulary" ("word", "ndoc") SELECT word, ndoc FROM ts_stat('SELECT "search_terms" || "search_terms_code" FROM "Entry"')`,
  );
}

interface RowMeta {
  readonly key: string;
  readonly version: string;
  readonly order: number;
}

interface State {
  readonly generation: string;
  readonly meta: Map<number, RowMeta>;
  readonly keyCount: number;
  readonly vocabulary: IndexVocabulary;
  /** Lexeme -> rows having it (prose or code): IDF and "is the word in the index". */
  readonly lexemes: Map<string, number>;
  readonly rows: number;
  readonly avgLength: number;
  readonly errors: ErrorIndex;
}

interface Scored {
  readonly id: number;
  readonly meta: RowMeta;
  readonly score: number;
  readonly error: number;
}

type Db = pg.PoolClient;

/** A tsquery operand for a lexeme (lexemes come from the istio_kb configuration or kb_terms). */
function lit(lexeme: string, suffix = ''): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'${suffix ? `:${suffix}` : ''}`;
}

const or = (parts: readonly string[]) => (parts.length === 1 ? (parts[0] ?? '') : `(${parts.join(' | ')})`);

/** Builds tsquery texts from the parsed query, given each word's lexemes in the istio_kb configuration. */
class TsqueryBuilder {
  constructor(private readonly lexemes: ReadonlyMap<string, readonly string[]>) {}

  word(w: string, weight = ''): string | null {
    const lx = this.lexemes.get(w) ?? [];
    if (lx.length === 0) return null;
    const parts = lx.map((l) => lit(l, weight));
    return parts.length === 1 ? (parts[0] ?? null) : `(${parts.join(' <-> ')})`;
  }

  prefix(w: string, weight = ''): string | null {
    const lx = this.lexemes.get(w) ?? [];
    return lx.length === 1 && lx[0] ? lit(lx[0], `*${weight}`) : this.word(w, weight);
  }

  phrase(ws: readonly string[], weight = ''): string | null {
    const parts = ws.map((w) => this.word(w, weight)).filter((p): p is string => p !== null);
    if (parts.length === 0) return null;
    return parts.length === 1 ? (parts[0] ?? null) : `(${parts.join(' <-> ')})`;
  }
}

interface Concept {
  /** Index into the tsquery list: the word or any synonym, in all prose / title only. */
  readonly match: number;
  readonly matchTitle: number;
  /** The word as typed; -1 when the same as `match`. */
  readonly exact: number;
  readonly exactTitle: number;
}

interface Plan {
  readonly all: string;
  readonly idents: string | null;
  readonly queries: string[];
  readonly concepts: Concept[];
  readonly phrase: number;
  readonly titlePhrase: number;
  readonly identifiers: string[];
  readonly lexemes: string[];
}

function plan(q: ParsedQuery, b: TsqueryBuilder, lexemesOf: ReadonlyMap<string, readonly string[]>): Plan | null {
  const queries: string[] = [];
  const add = (text: string) => {
    const i = queries.indexOf(text);
    if (i >= 0) return i;
    queries.push(text);
    return queries.length - 1;
  };
  const parts = new Set<string>();
  const concepts: Concept[] = [];
  const lexemes = new Set<string>();
  const addConcept = (alternatives: string[], alternativesTitle: string[], exact: string | null, exactTitle: string | null) => {
    if (alternatives.length === 0) return;
    for (const a of alternatives) parts.add(a);
    const match = add(or([...new Set(alternatives)]));
    const matchTitle = add(or([...new Set(alternativesTitle)]));
    const ex = exact && exact !== or([...new Set(alternatives)]) ? add(exact) : -1;
    const exT = ex >= 0 && exactTitle ? add(exactTitle) : -1;
    concepts.push({ match, matchTitle, exact: ex, exactTitle: exT });
  };
  for (const w of q.words) {
    for (const l of lexemesOf.get(w) ?? []) lexemes.add(l);
    const alts: string[] = [];
    const altsTitle: string[] = [];
    const push = (x: string | null, y: string | null) => {
      if (x && y) {
        alts.push(x);
        altsTitle.push(y);
      }
    };
    push(b.word(w), b.word(w, 'A'));
    for (const e of q.expansions) {
      if (!e.matched.includes(w)) continue;
      for (const alt of e.alternatives) {
        for (const aw of alt) for (const l of lexemesOf.get(aw) ?? []) lexemes.add(l);
        push(b.phrase(alt), b.phrase(alt, 'A'));
      }
    }
    if (w === q.prefix) push(b.prefix(w), b.prefix(w, 'A'));
    const exact = w === q.prefix ? or([b.word(w), b.prefix(w)].filter((x): x is string => x !== null)) : b.word(w);
    const exactTitle = w === q.prefix ? or([b.word(w, 'A'), b.prefix(w, 'A')].filter((x): x is string => x !== null)) : b.word(w, 'A');
    addConcept(alts, altsTitle, exact || null, exactTitle || null);
  }
  if (q.prefix && !q.words.includes(q.prefix)) {
    const p = b.prefix(q.prefix);
    const pt = b.prefix(q.prefix, 'A');
    if (p && pt) addConcept([p], [pt], null, null);
  }
  for (const ident of q.identifiers) {
    const split = words(ident);
    if (split.length > 1) {
      const p = b.phrase(split);
      if (p) parts.add(p);
    }
  }
  const all = q.allWords;
  const wholePhrase = all.length > 1 && all.length <= MAX_PHRASE_WORDS ? b.phrase(all) : null;
  const wholePhraseTitle = all.length > 1 && all.length <= MAX_PHRASE_WORDS ? b.phrase(all, 'A') : null;
  if (wholePhrase) parts.add(wholePhrase);
  const identifiers = q.identifiers.map((i) => i.replace(/^[-_./]+|[-_./]+$/g, '')).filter(Boolean);
  if (parts.size === 0 && identifiers.length === 0) return null;
  return {
    all: [...parts].slice(0, MAX_PARTS).join(' | '),
    idents: identifiers.length > 0 ? identifiers.map((i) => lit(i)).join(' | ') : null,
    queries,
    concepts,
    phrase: wholePhrase ? add(wholePhrase) : -1,
    titlePhrase: wholePhraseTitle ? add(wholePhraseTitle) : -1,
    identifiers,
    lexemes: [...lexemes],
  };
}

interface CandidateRow {
  id: number;
  flags: (boolean | null)[];
  idents: (boolean | null)[];
  prose_tf: [string, string[]][];
  code_tf: [string, number][];
  len: number;
}

export class PgSearchRepository implements SearchRepository {
  private state: State | null = null;
  private loading: Promise<State> | null = null;
  private readonly answers = new Lru<string, RankedPage>(ANSWER_CACHE);
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
    const { page, generation } = await this.inSnapshot((db, gen) => this.compute(db, gen, params));
    this.generation.observe(generation);
    if (this.sync(generation)) this.answers.set(cacheKey, page);
    return page;
  }

  /** Clears the answers when the generation moved; false when `generation` is older than the cache's. */
  private sync(generation: string): boolean {
    if (generation === this.cachedGeneration) return true;
    if (this.cachedGeneration !== '' && BigInt(generation) < BigInt(this.cachedGeneration)) return false;
    this.answers.clear();
    this.cachedGeneration = generation;
    return true;
  }

  private async inSnapshot<T>(run: (db: Db, generation: string) => Promise<T>): Promise<{ page: T; generation: string }> {
    const db = await this.pool.connect();
    try {
      await db.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const { rows } = await db.query<{ g: string }>('SELECT "generation"::text AS g FROM "kb_generation" WHERE "id" = 1');
      const generation = rows[0]?.g ?? '0';
      const page = await run(db, generation);
      await db.query('COMMIT');
      return { page, generation };
    } catch (error) {
      await db.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      db.release();
    }
  }

  private async stateFor(db: Db, generation: string): Promise<State> {
    if (this.state?.generation === generation) return this.state;
    // Concurrent searches of the same new generation share one load.
    if (!this.loading) {
      this.loading = loadState(db, generation).finally(() => {
        this.loading = null;
      });
    }
    const loaded = await this.loading;
    if (loaded.generation !== generation) return loadState(db, generation);
    if (!this.state || BigInt(loaded.generation) >= BigInt(this.state.generation)) this.state = loaded;
    return loaded;
  }

  private async compute(db: Db, generation: string, params: SearchParams): Promise<RankedPage> {
    const state = await this.stateFor(db, generation);
    const lexemesOf = new Map<string, readonly string[]>();
    await normalise(db, words(params.text), lexemesOf);
    const vocabulary: Vocabulary = {
      documentFrequency: (w) => state.vocabulary.documentFrequency(w),
      wordsOfLength: (n) => state.vocabulary.wordsOfLength(n),
      hasWordStartingWith: (p) => state.vocabulary.hasWordStartingWith(p),
      indexHas: (w) => {
        const lx = lexemesOf.get(w);
        return lx !== undefined && lx.length > 0 && lx.every((l) => state.lexemes.has(l));
      },
    };
    const query = parseQuery(params.text, vocabulary);
    const empty: RankedPage = { total: 0, hits: [], didYouMean: query.didYouMean, query };
    if (params.limit <= 0) return empty;
    const needed = new Set<string>([...query.words, ...query.allWords, ...(query.prefix ? [query.prefix] : [])]);
    for (const e of query.expansions) for (const alt of e.alternatives) for (const w of alt) needed.add(w);
    for (const ident of query.identifiers) for (const w of words(ident)) needed.add(w);
    await normalise(db, [...needed].filter((w) => !lexemesOf.has(w)), lexemesOf);
    const p = plan(query, new TsqueryBuilder(lexemesOf), lexemesOf);
    if (!p) return empty;

    const errors = state.errors.match(query.error, RANKING.errorMin);
    // The whole-query phrase counts in code too (FTS5 matches it in every column); concepts count in prose only.
    const flags = p.queries.map((_, i) =>
      i === p.phrase ? `(e."search_prose" @@ q.qs[${i + 1}] OR e."search_code" @@ q.qs[${i + 1}])` : `e."search_prose" @@ q.qs[${i + 1}]`,
    );
    const identFlags = p.identifiers.map((_, i) => `(e."search_terms" @@ q.qi[${i + 1}] OR e."search_terms_code" @@ q.qi[${i + 1}])`);
    const sql = `
      WITH q AS (
        SELECT NULLIF($1, '')::tsquery AS q_all, $2::tsquery AS q_ident, $3::text[] AS lx,
               $4::text[]::tsquery[] AS qs, $5::text[]::tsquery[] AS qi
      )
      SELECT e."id",
        ARRAY[${flags.length > 0 ? flags.join(', ') : 'NULL'}]::boolean[] AS flags,
        ARRAY[${identFlags.length > 0 ? identFlags.join(', ') : 'NULL'}]::boolean[] AS idents,
        (SELECT coalesce(json_agg(json_build_array(u.lexeme, u.weights)), '[]') FROM unnest(e."search_prose") u WHERE u.lexeme = ANY(q.lx)) AS prose_tf,
        (SELECT coalesce(json_agg(json_build_array(u.lexeme, cardinality(u.positions))), '[]') FROM unnest(e."search_code") u WHERE u.lexeme = ANY(q.lx)) AS code_tf,
        e."search_length" AS len
      FROM "Entry" e, q
      WHERE e."search_prose" @@ q.q_all OR e."search_code" @@ q.q_all
         OR e."search_terms" @@ q.q_ident OR e."search_terms_code" @@ q.q_ident
         OR e."id" = ANY($6::int[])`;
    const { rows } = await db.query<CandidateRow>(sql, [
      p.all,
      p.idents,
      p.lexemes,
      p.queries,
      p.identifiers.map((i) => lit(i)),
      [...errors.keys()],
    ]);

    const scored = this.score(rows, p, state, errors, params.version);
    const ranked = params.version ? scored : onePerKey(scored);
    ranked.sort((a, b) => b.score - a.score || b.meta.order - a.meta.order || a.id - b.id);
    const page = ranked.slice(params.offset, params.offset + params.limit);
    if (page.length === 0) return { ...empty, total: ranked.length };
    const ids = page.map((s) => s.id);
    const entries = await loadEntries(db, ids);
    const highlights = p.all ? await headlines(db, p.all, ids) : new Map<number, string>();
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

  private score(rows: readonly CandidateRow[], p: Plan, state: State, errors: Map<number, number>, version: string | undefined): Scored[] {
    const has = (row: CandidateRow, i: number) => i >= 0 && row.flags[i] === true;
    // BM25 from the index statistics: weighted term frequency per row (title and quoted errors
    // count more, code less), IDF from ts_stat's document frequencies, length-normalised.
    const bm25 = new Map<number, number>();
    for (const row of rows) {
      const tf = new Map<string, number>();
      for (const [lexeme, weights] of row.prose_tf) tf.set(lexeme, (tf.get(lexeme) ?? 0) + weights.reduce((n, w) => n + (CLASS_WEIGHT[w] ?? 1), 0));
      for (const [lexeme, count] of row.code_tf) tf.set(lexeme, (tf.get(lexeme) ?? 0) + CODE_WEIGHT * count);
      let score = 0;
      const norm = K1 * (1 - B + (B * row.len) / state.avgLength);
      for (const [lexeme, f] of tf) {
        const n = state.lexemes.get(lexeme) ?? 0;
        // FTS5's IDF (a term in more than half the rows counts almost nothing).
        const idf = Math.max(1e-6, Math.log((state.rows - n + 0.5) / (n + 0.5)));
        score += (idf * f * (K1 + 1)) / (f + norm);
      }
      if (score > 0) bm25.set(row.id, score);
    }
    // IDF over guidelines (keys), not rows, as on SQLite.
    const keys = p.concepts.map(() => new Set<string>());
    for (const row of rows) {
      const key = state.meta.get(row.id)?.key;
      if (key === undefined) continue;
      p.concepts.forEach((c, i) => {
        if (has(row, c.match)) keys[i]?.add(key);
      });
    }
    const idf = keys.map((k) => Math.log(1 + state.keyCount / (k.size + 1)));
    const idfTotal = idf.reduce((a, b) => a + b, 0) || 1;
    let best = 0;
    for (const [id, v] of bm25) if (v > best && (version === undefined || state.meta.get(id)?.version === version)) best = v;

    const out: Scored[] = [];
    for (const row of rows) {
      const m = state.meta.get(row.id);
      if (!m || (version !== undefined && m.version !== version)) continue;
      let covered = 0;
      let titled = 0;
      p.concepts.forEach((c, i) => {
        const weight = idf[i] ?? 0;
        if (has(row, c.match)) covered += weight * (c.exact < 0 || has(row, c.exact) ? 1 : RANKING.synonymCredit);
        if (has(row, c.matchTitle)) titled += weight * (c.exactTitle < 0 || has(row, c.exactTitle) ? 1 : RANKING.synonymCredit);
      });
      const identHits = row.idents.filter((x) => x === true).length;
      const err = errors.get(row.id) ?? 0;
      const score =
        RANKING.coverage * (covered / idfTotal) +
        RANKING.titleCoverage * (titled / idfTotal) +
        RANKING.bm25 * (best > 0 ? (bm25.get(row.id) ?? 0) / best : 0) +
        RANKING.errorMatch * err +
        RANKING.identifier * (p.identifiers.length > 0 ? identHits / p.identifiers.length : 0) +
        RANKING.phrase * (has(row, p.phrase) ? 1 : 0) +
        RANKING.titlePhrase * (has(row, p.titlePhrase) ? 1 : 0);
      if (score > 0) out.push({ id: row.id, meta: m, score, error: err });
    }
    return out;
  }
}

/** Each word's lexemes in the istio_kb configuration (in the order they occur). */
async function normalise(db: Db, ws: readonly string[], into: Map<string, readonly string[]>): Promise<void> {
  if (ws.length === 0) return;
  const { rows } = await db.query<{ w: string; lx: string[] }>(
    `SELECT w, coalesce((SELECT array_agg(t.lexeme ORDER BY t.pos) FROM (
        SELECT u.lexeme, u.positions[1] AS pos FROM unnest(kb_tsvector(w)) u) t), '{}') AS lx
     FROM unnest($1::text[]) AS w`,
    [ws],
  );
  for (const r of rows) into.set(r.w, r.lx);
}

async function loadState(db: Db, generation: string): Promise<State> {
  const meta = new Map<number, RowMeta>();
  const metaRows = await db.query<{ id: number; key: string; version: string; major: number; minor: number }>(
    `SELECT e."id", e."key", v."name" AS version, v."major", v."minor" FROM "Entry" e JOIN "DocVersion" v ON v."id" = e."versionId"`,
  );
  for (const r of metaRows.rows) meta.set(r.id, { key: r.key, version: r.version, order: r.major * 1000 + r.minor });
  const vocab = await db.query<{ term: string; doc: number }>('SELECT "word" AS term, "ndoc" AS doc FROM "kb_vocabulary"');
  const stats = await db.query<{ word: string; ndoc: number }>(`SELECT word, ndoc FROM ts_stat('SELECT "search_prose" || "search_code" FROM "Entry"')`);
  const sizes = await db.query<{ n: number; avg: number | null }>(
    `SELECT count(*)::int AS n, avg("search_length")::float8 AS avg FROM "Entry"`,
  );
  const messages = await db.query<{ id: number; errorMessages: string }>(`SELECT "id", "errorMessages" FROM "Entry" WHERE "errorMessages" <> '[]'`);
  const snippets = await db.query<{ entryId: number; code: string }>(`SELECT "entryId", "code" FROM "Snippet" WHERE "language" <> 'yaml'`);
  return {
    generation,
    meta,
    keyCount: Math.max(1, new Set([...meta.values()].map((m) => m.key)).size),
    vocabulary: new IndexVocabulary(vocab.rows),
    lexemes: new Map(stats.rows.map((r) => [r.word, r.ndoc])),
    rows: Math.max(1, sizes.rows[0]?.n ?? 1),
    avgLength: Math.max(1, sizes.rows[0]?.avg ?? 1),
    errors: ErrorIndex.fromRows(messages.rows, snippets.rows),
  };
}

interface EntryRow {
  id: number;
  key: string;
  slug: string;
  title: string;
  url: string;
  level: number;
  position: number;
  paragraphs: string;
  symptoms: string;
  causes: string;
  fixes: string;
  errorMessages: string;
  commands: string;
  contentHash: string;
  updatedAtMs: number;
  version: string;
  pageUrl: string;
  pageTitle: string;
}

/** Whole entries for the page of hits, in the search's snapshot (same record shape as EntryRepository). */
async function loadEntries(db: Db, ids: readonly number[]): Promise<Map<number, EntryRecord>> {
  const entries = await db.query<EntryRow>(
    `SELECT e."id", e."key", e."slug", e."title", e."url", e."level", e."position", e."paragraphs", e."symptoms", e."causes", e."fixes",
            e."errorMessages", e."commands", e."contentHash", (extract(epoch FROM e."updatedAt") * 1000)::float8 AS "updatedAtMs",
            v."name" AS version, p."url" AS "pageUrl", p."title" AS "pageTitle"
     FROM "Entry" e JOIN "DocVersion" v ON v."id" = e."versionId" JOIN "Page" p ON p."id" = e."pageId"
     WHERE e."id" = ANY($1::int[])`,
    [ids],
  );
  const snippetRows = await db.query<{ entryId: number; language: string; code: string; kinds: string; parseError: string | null }>(
    `SELECT "entryId", "language", "code", "kinds", "parseError" FROM "Snippet" WHERE "entryId" = ANY($1::int[]) ORDER BY "entryId", "position"`,
    [ids],
  );
  const snippets = new Map<number, SnippetRecord[]>();
  for (const s of snippetRows.rows) {
    const list = snippets.get(s.entryId) ?? [];
    list.push({ language: s.language, code: s.code, kinds: parseStringArray(s.kinds), parseError: s.parseError });
    snippets.set(s.entryId, list);
  }
  const out = new Map<number, EntryRecord>();
  for (const r of entries.rows) {
    out.set(r.id, {
      rowId: r.id,
      key: r.key,
      slug: r.slug,
      version: r.version,
      title: r.title,
      url: r.url,
      pageUrl: r.pageUrl,
      pageTitle: r.pageTitle,
      level: r.level,
      position: r.position,
      paragraphs: parseStringArray(r.paragraphs),
      symptoms: parseStringArray(r.symptoms),
      causes: parseStringArray(r.causes),
      fixes: parseStringArray(r.fixes),
      errorMessages: parseStringArray(r.errorMessages),
      commands: parseStringArray(r.commands),
      snippets: snippets.get(r.id) ?? [],
      contentHash: r.contentHash,
      updatedAt: new Date(r.updatedAtMs),
    });
  }
  return out;
}

/** One highlighted fragment per hit, like FTS5's snippet(): the best passage of the entry's prose. */
async function headlines(db: Db, query: string, ids: readonly number[]): Promise<Map<number, string>> {
  const { rows } = await db.query<{ id: number; snip: string | null }>(
    `SELECT e."id", ts_headline('istio_kb',
        kb_lines(e."errorMessages") || E'\n' || kb_lines(e."symptoms") || E'\n' || kb_lines(e."causes") || E'\n' || kb_lines(e."fixes") || E'\n' || kb_lines(e."paragraphs"),
        $1::tsquery, 'StartSel=<mark>, StopSel=</mark>, MaxWords=16, MinWords=8, MaxFragments=1') AS snip
     FROM "Entry" e WHERE e."id" = ANY($2::int[])`,
    [query, ids],
  );
  return new Map(rows.filter((r) => r.snip && r.snip.includes('<mark>')).map((r) => [r.id, `…${r.snip}…`]));
}
