// Full-text search on PostgreSQL with the same query understanding (src/search/query.ts), plan
// (src/search/plan.ts), candidate collection (src/repositories/search/candidates.ts) and ranking
// (src/search/rank.ts) as the SQLite search: only the index and its statistics are PostgreSQL's.
//
//   index        "search_prose" (a weighted tsvector of title, quoted errors, symptoms, causes, fixes,
//                body, one position apart) and "search_code": FTS5's unicode61 tokens (kb_fold) stemmed
//                as FTS5's porter tokenizer stems them (the istio_kb configuration, no stop words), GIN-indexed;
//                "search_sizes" the tokens per column; "search_terms"/"search_terms_code" whole
//                identifiers (ISTIO_MUTUAL, proxy_http_version, sidecar.istio.io/inject), GIN-indexed.
//   statistics   kb_search_stats (N, tokens per column) and kb_typo_words (the surface vocabulary,
//                trigram-indexed), rebuilt by each ingest in its transaction (refreshSearchIndex).
//   per question each part of the question (a word, a synonym phrase, a completion) is looked up with
//                `@@` on the GIN indexes once per generation and scored as FTS5 scores it
//                (./part-stats.ts); typed words' vocabulary facts and typo candidates (pg_trgm) too;
//                both kept in bounded LRUs of the generation (./search-index.ts). A question costs a
//                round trip per kind of thing it needs that is not cached yet (words, then parts, then
//                entries), none when everything is.
//
// An answer is computed from one generation, never from a mix: every statement returns the generation
// row of its snapshot, and a search that sees the generation move starts again on the new one.
import type { PgPool } from '../../db/postgres/pool.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import { joinedPartWords, planSearch } from '../../search/plan.ts';
import { MAX_WORDS, parseQuery, readWords } from '../../search/query.ts';
import { isStopword } from '../../search/text.ts';
import type { Vocabulary } from '../../search/typo.ts';
import type { RankedPage, SearchRepository } from '../search.ts';
import { planFts, quote, type FtsPlan } from '../search/fts-match.ts';
import { AnswerMemo, SearchTools } from '../search/ranked-search.ts';
import type { SearchParams } from '../types.ts';
import type { PgGeneration } from './generation.ts';
import { Fetched, loadSearchIndex, type PgSearchIndex, type WordNeed } from './search-index.ts';
import { GenerationMoved } from './search-sql.ts';

/** Rounds of one question (words, parts, entries, the page's entries, and slack); more is a bug. */
const MAX_ROUNDS = 8;
/** Times a question starts again because an ingest committed under it. */
const MAX_RESTARTS = 3;
/** The replica is busy (no warming) while a question came within this many milliseconds. */
const BUSY_MS = 50;

/**
 * Inside the ingest transaction, before commit: rebuilds the search's statistics and vocabulary and
 * refreshes the planner's statistics, so that they move with the generation row.
 */
export async function refreshSearchIndex(tx: Prisma.TransactionClient): Promise<void> {
  await refreshVocabulary(tx);
  await tx.$executeRawUnsafe('DELETE FROM "kb_search_stats"');
  await tx.$executeRawUnsafe(
    `INSERT INTO "kb_search_stats" ("id", "rows", "column_tokens")
     SELECT 1, count(*), ARRAY(SELECT coalesce(sum("search_sizes"[c]), 0) FROM "Entry" CROSS JOIN generate_series(1, 7) c GROUP BY c ORDER BY c)::bigint[]
     FROM "Entry"`,
  );
  // The GIN indexes take the run's rows into their pending lists (fast inserts); merged here, or
  // every search would scan the unmerged entries linearly until the next vacuum.
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
  // Its words, split as IndexVocabulary splits terms (kb_vocabulary_words, migration
  // 20261204180000_fts5_unicode61_fold: JavaScript's letters and digits, whatever LC_CTYPE calls
  // them), for typo correction and completion.
  await tx.$executeRawUnsafe('DELETE FROM "kb_typo_words"');
  await tx.$executeRawUnsafe(
    `INSERT INTO "kb_typo_words" ("word", "ndoc")
     SELECT w, max(v."ndoc") FROM "kb_vocabulary" v CROSS JOIN LATERAL kb_vocabulary_words(v."word") AS w
     GROUP BY w`,
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
  /** When the last question came (the warming runs while none has for BUSY_MS). */
  private lastQuestion = Number.NEGATIVE_INFINITY;
  /** The current generation's warming (settled when it ends or is abandoned). */
  private warming: Promise<void> = Promise.resolve();

  constructor(
    private readonly pool: PgPool,
    private readonly generation: PgGeneration,
    /** Warm each new generation's caches in the background (off only for tests that count statements). */
    private readonly options: { warm: boolean } = { warm: true },
  ) {
    // A replica that has answered questions moves to a new knowledge base as soon as it is announced,
    // so that the first questions after an ingest find its caches warming already.
    generation.onChange((g) => {
      if (this.snapshot) this.snapshotFor(g).catch(() => undefined);
    });
  }

  /** Loads the current generation and warms its caches in the background (a server at start); settles when the warming does. */
  warm(): Promise<void> {
    return this.snapshotFor(this.generation.current()).then(
      () => this.warming,
      () => undefined,
    );
  }

  async search(params: SearchParams): Promise<RankedPage> {
    this.lastQuestion = performance.now();
    for (let restart = 0; ; restart++) {
      const snap = await this.snapshotFor(this.generation.current());
      const { generation } = snap.index;
      const cached = this.answers.get(generation, params);
      if (cached) return cached;
      try {
        const page = await this.answer(snap, params);
        this.answers.set(generation, params, page);
        return page;
      } catch (error) {
        if (!(error instanceof GenerationMoved) || restart >= MAX_RESTARTS) throw error;
        this.generation.observe(error.generation);
      }
    }
  }

  /** One question in rounds: run the shared code on what is known, fetch what it missed, again. */
  private async answer({ index, tools }: Snapshot, params: SearchParams): Promise<RankedPage> {
    const fetched = new Fetched();
    // First, in one round trip, what query understanding and the plan will read: the vocabulary facts
    // of the typed words (typo candidates where it lacks them; completions of the last; only the
    // frequency of two words typed in a row, which the index may have as one), and the parts and
    // identifiers of the question as planned without typo corrections or completions (prefix parts
    // left out: with the vocabulary, a prefix is looked up as its completions). The words are those
    // the parser reads: a chat's courtesies and preamble, and a pasted line's values, need no facts.
    const typed = readWords(params.text);
    const facts = new Map<string, WordNeed>();
    typed.forEach((w, i) => {
      if (i > 0 && !/^\d/.test(typed[i - 1] ?? '')) facts.set(`${typed[i - 1] ?? ''}${w}`, { complete: false, typo: false });
    });
    // A word with a digit: its frequency only matters when the question must be cut to its most telling words.
    const long = new Set(typed.filter((w) => !isStopword(w))).size > MAX_WORDS;
    for (const w of typed) if (!isStopword(w) && (long || !/\d/.test(w))) facts.set(w, { complete: false, typo: !/\d/.test(w) });
    // The two words a word the index may lack could be written from (plan.ts splitJoined): their frequency.
    for (const part of typed.filter((w) => !isStopword(w)).flatMap(joinedPartWords)) if (!facts.has(part)) facts.set(part, { complete: false, typo: false });
    const last = typed.at(-1);
    if (last !== undefined && !isStopword(last)) facts.set(last, { complete: true, typo: !/\d/.test(last) });
    const guess = planSearch(parseQuery(params.text));
    const guessed = guess ? planFts(guess) : null;
    const first = index.attempt(fetched, () =>
      index.require(guessed ? [...partsOf(guessed)].filter((p) => !p.endsWith('*')) : [], guessed?.identifiers ?? [], facts),
    );
    if (!first.needs.empty) await index.fetch(this.pool, first.needs, fetched);
    for (let round = 0; ; round++) {
      // A vocabulary object per round: correctWord remembers corrections per object, and one
      // computed in a round that lacked a word's facts must not outlive the round.
      const vocabulary: Vocabulary = { ...tools.vocabulary };
      const { value, needs } = index.attempt(fetched, () => {
        const query = parseQuery(params.text, vocabulary);
        const searchPlan = planSearch(query, vocabulary);
        if (!searchPlan || params.limit <= 0) return { total: 0, hits: [], didYouMean: query.didYouMean, query };
        const plan = planFts(searchPlan);
        // Ranked only once every part and identifier is known (the concept counts are remembered).
        return index.require(partsOf(plan), plan.identifiers) ? tools.page(query, searchPlan, plan, params) : null;
      });
      if (needs.empty && value) return value;
      if (round >= MAX_ROUNDS) throw new Error(`search: the question still needed data after ${MAX_ROUNDS} rounds`);
      await index.fetch(this.pool, needs, fetched);
    }
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
            this.snapshot?.index.stop();
            this.snapshot = s;
            if (this.options.warm) this.warming = s.index.warm(this.pool, () => this.snapshot === s, () => performance.now() - this.lastQuestion < BUSY_MS);
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

  /** What the current generation holds for its life, read in one REPEATABLE READ snapshot with the generation row. */
  private async load(): Promise<Snapshot> {
    const db = await this.pool.connect();
    try {
      await db.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const { rows } = await db.query<{ g: string }>(`SELECT "generation"::text AS g FROM "kb_generation" WHERE "id" = 1`);
      const generation = rows[0]?.g ?? '0';
      const index = await loadSearchIndex(db, generation);
      await db.query('COMMIT');
      this.generation.observe(generation);
      return { index, tools: new SearchTools(index, (ids) => index.entries(ids)) };
    } catch (error) {
      await db.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      db.release();
    }
  }
}

/** Every part the shared code reads for a plan: candidates and scores, concepts, the phrase's words. */
function partsOf(plan: FtsPlan): Set<string> {
  return new Set([...plan.parts, ...plan.concepts.flatMap((c) => c.parts), ...plan.phraseWords]);
}
