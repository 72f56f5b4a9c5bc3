// Full-text search on PostgreSQL with the same query understanding (src/search/query.ts), plan
// (src/search/plan.ts), candidate collection (src/repositories/search/candidates.ts) and ranking
// (src/search/rank.ts) as the SQLite search: only the index and its statistics are PostgreSQL's.
//
//   index        "search_prose" (a weighted tsvector of title, quoted errors, symptoms, causes, fixes,
//                body, one position apart) and "search_code", in the istio_kb configuration (unaccent,
//                the Porter stemmer as FTS5's porter tokenizer, no stop words), GIN-indexed;
//                "search_sizes" the tokens per column; "search_terms"/"search_terms_code" whole
//                identifiers (ISTIO_MUTUAL, proxy_http_version, sidecar.istio.io/inject).
//   statistics   per knowledge-base generation, the postings of those vectors, the row sizes, the
//                typo vocabulary (kb_vocabulary) and the entries are read in one snapshot into a
//                PgSearchIndex (./search-index.ts), which answers each part of a question as FTS5 does
//                (rows, weighted bm25, prose/title): the shared code gets the same numbers on both
//                stores, so both rank alike.
//   per query    no query at all once the question's words have been stemmed (the stems come from
//                PostgreSQL's configuration and are cached per process; the vocabulary's and the
//                synonyms' words are stemmed when a generation is loaded).
//
// An answer is computed from one generation's index, never from a mix: the index is swapped whole
// when this replica's generation (NOTIFY, polled as a fallback) moves.
import type { PgPool } from '../../db/postgres/pool.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import { planSearch } from '../../search/plan.ts';
import { parseQuery } from '../../search/query.ts';
import { SYNONYM_GROUPS } from '../../search/synonyms.ts';
import { words } from '../../search/text.ts';
import { Lru } from '../../support/lru.ts';
import type { RankedPage, SearchRepository } from '../search.ts';
import { planFts, quote } from '../search/fts-match.ts';
import { AnswerMemo, SearchTools } from '../search/ranked-search.ts';
import type { EntryRecord, SearchParams } from '../types.ts';
import type { PgGeneration } from './generation.ts';
import { fts5Lexeme, isUnstemmed, loadSearchIndex, PgSearchIndex } from './search-index.ts';

const STEM_CACHE = 50_000;
/** Words warmed per slice of background work, and the pause between slices. */
const WARM_SLICE = 64;
const WARM_PAUSE_MS = 5;

/**
 * Inside the ingest transaction, before commit: rebuilds the typo vocabulary and refreshes the
 * planner's statistics.
 */
export async function refreshSearchIndex(tx: Prisma.TransactionClient): Promise<void> {
  await refreshVocabulary(tx);
  // The GIN indexes take the run's rows into their pending lists (fast inserts); merged here, or SQL
  // run by hand on the tsvectors would scan the unmerged entries linearly until the next vacuum (the
  // search itself reads the postings into memory per generation, see search-index.ts).
  for (const index of ['Entry_search_prose_idx', 'Entry_search_code_idx', 'Entry_search_terms_idx', 'Entry_search_terms_code_idx']) {
    await tx.$queryRawUnsafe(`SELECT gin_clean_pending_list('"${index}"'::regclass)`);
  }
  await tx.$executeRawUnsafe('ANALYZE "Entry"');
}

async function refreshVocabulary(tx: Prisma.TransactionClient): Promise<void> {
  await tx.$executeRawUnsafe('DELETE FROM "kb_vocabulary"');
  // The identifier index's terms with the rows having each: what SQLite's entry_terms_vocab gives
  // IndexVocabulary (which splits "istio-proxy" into its words).
  await tx.$executeRawUnsafe(
    `INSERT INTO "kb_vocabulary" ("word", "ndoc") SELECT word, ndoc FROM ts_stat('SELECT "search_terms" || "search_terms_code" FROM "Entry"')`,
  );
}

interface Snapshot {
  readonly index: PgSearchIndex;
  readonly tools: SearchTools;
}

export class PgSearchRepository implements SearchRepository {
  private snapshot: Snapshot | null = null;
  private loading: { generation: string; promise: Promise<Snapshot> } | null = null;
  private readonly answers = new AnswerMemo();
  /** Word -> its lexemes in the istio_kb configuration (depends on the configuration only). */
  private readonly stems = new Lru<string, readonly string[]>(STEM_CACHE);

  constructor(
    private readonly pool: PgPool,
    private readonly generation: PgGeneration,
  ) {}

  async search(params: SearchParams): Promise<RankedPage> {
    const snap = await this.snapshotFor(this.generation.current());
    const { generation } = snap.index;
    const cached = this.answers.get(generation, params);
    if (cached) return cached;
    const { tools } = snap;
    // The typed words' stems first: "is this word in the index" (typo correction) is answered from them.
    await this.stem(words(params.text));
    const query = parseQuery(params.text, tools.vocabulary);
    const searchPlan = planSearch(query, tools.vocabulary);
    if (!searchPlan || params.limit <= 0) return { total: 0, hits: [], didYouMean: query.didYouMean, query };
    const plan = planFts(searchPlan);
    await this.stem([...plan.parts, ...plan.concepts.flatMap((c) => c.parts), ...plan.phraseWords].flatMap((p) => PgSearchIndex.wordsOfPart(p)));
    const page = tools.page(query, searchPlan, plan, params);
    this.answers.set(generation, params, page);
    return page;
  }

  /** Loads the stems of the words not seen before, in one query. */
  private async stem(ws: Iterable<string>): Promise<void> {
    const missing: string[] = [];
    for (const w of new Set(ws)) {
      if (this.stems.get(w) !== undefined) continue;
      if (isUnstemmed(w)) this.stems.set(w, [w]);
      else missing.push(w);
    }
    if (missing.length === 0) return;
    const { rows } = await this.pool.query<{ w: string; lx: string[] }>(
      `SELECT w, coalesce((SELECT array_agg(u.lexeme ORDER BY u.positions[1]) FROM unnest(kb_tsvector(w)) u), '{}') AS lx
       FROM unnest($1::text[]) AS w`,
      [missing],
    );
    for (const r of rows) this.stems.set(r.w, r.lx.map(fts5Lexeme));
  }

  private async snapshotFor(generation: string): Promise<Snapshot> {
    if (this.snapshot && BigInt(this.snapshot.index.generation) >= BigInt(generation)) return this.snapshot;
    // Concurrent searches of the same new generation share one load.
    if (this.loading?.generation !== generation) {
      const promise = this.load();
      this.loading = { generation, promise };
      promise.then(
        (s) => {
          if (!this.snapshot || BigInt(s.index.generation) >= BigInt(this.snapshot.index.generation)) {
            this.snapshot = s;
            this.warm(s);
          }
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
   * Computes the statistics of every vocabulary word (most frequent first) in the background, a small
   * slice at a time between requests, as the SQLite store warms its part cache: the first questions
   * after a start or an ingest then cost what later ones do. Stops when a newer index replaces this one.
   */
  private warm(snap: Snapshot): void {
    const ws = snap.index.vocabulary.byFrequency();
    let i = 0;
    const step = () => {
      if (this.snapshot !== snap) return;
      for (const end = i + WARM_SLICE; i < end && i < ws.length; i++) {
        const w = ws[i] ?? '';
        if (this.stems.get(w) !== undefined) snap.index.parts.get(quote(w));
      }
      if (i < ws.length) setTimeout(step, WARM_PAUSE_MS).unref();
    };
    setTimeout(step, WARM_PAUSE_MS).unref();
  }

  /** The current generation's index, read in one REPEATABLE READ snapshot with the generation row. */
  private async load(): Promise<Snapshot> {
    const db = await this.pool.connect();
    try {
      await db.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const { rows } = await db.query<{ g: string }>(`SELECT "generation"::text AS g FROM "kb_generation" WHERE "id" = 1`);
      const generation = rows[0]?.g ?? '0';
      const stemOf = (w: string) => this.stems.get(w);
      const index = await loadSearchIndex(db, generation, stemOf);
      await db.query('COMMIT');
      // Stems of every word a question is likely to use: the knowledge base's words and the synonyms'.
      await this.stem(knownWords(index));
      this.generation.observe(generation);
      return { index, tools: new SearchTools(index, (ids) => entriesOf(index, ids)) };
    } catch (error) {
      await db.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      db.release();
    }
  }
}

/** The words of the entries' prose and the identifier vocabulary, and the synonyms' words. */
function knownWords(index: PgSearchIndex): Set<string> {
  const out = new Set<string>(index.vocabulary.byFrequency());
  for (const g of SYNONYM_GROUPS) for (const m of g) for (const w of words(m)) out.add(w);
  for (const e of index.entries.values()) {
    for (const text of [e.title, ...e.errorMessages, ...e.symptoms, ...e.causes, ...e.fixes, ...e.paragraphs]) for (const w of words(text)) out.add(w);
  }
  return out;
}

function entriesOf(index: PgSearchIndex, ids: readonly number[]): ReadonlyMap<number, EntryRecord> {
  const out = new Map<number, EntryRecord>();
  for (const id of ids) {
    const entry = index.entries.get(id);
    if (entry) out.set(id, entry);
  }
  return out;
}
