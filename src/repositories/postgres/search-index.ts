// What a replica knows of one generation of the PostgreSQL knowledge base for the search, in the
// shapes the shared candidate collector and ranking read (src/repositories/search/):
//
//   held for the generation   row facts (key, version, enclosing section per row id: a few numbers a
//                             row), N and the average row length (kb_search_stats), the error index
//                             (quoted messages and error lines of snippets, as SQLite holds it);
//   asked per question        parts (candidates from the GIN-indexed tsvectors with their bm25, see
//                             part-stats.ts), vocabulary facts and typo candidates of typed words (the
//                             trigram-indexed kb_typo_words), rows of whole identifiers, entries;
//                             each kept in a bounded LRU of this generation, so a part, word or entry
//                             asked again costs no SQL.
//
// The shared code is synchronous. A question is therefore answered in rounds (search.ts): a round runs
// the shared code on what is known, noting what it asked for and this generation does not have yet
// (`attempt`); one round trip then fetches all of that at once (`fetch`), and the next round runs
// again. What a question fetched stays with it (`Fetched`) whatever the LRUs drop meanwhile.
import type pg from 'pg';
import type { ErrorIndex } from '../../search/error-index.ts';
import { prepareProximity } from '../../search/proximity.ts';
import type { RowMeta } from '../../search/rank.ts';
import { prepareHighlights } from '../../search/snippet.ts';
import { maxEdits } from '../../search/typo.ts';
import { Lru } from '../../support/lru.ts';
import type { CandidateSource } from '../search/candidates.ts';
import { ConceptKeyCounter } from '../search/concept-keys.ts';
import { errorIndexOf, type DefinitionRow, type ErrorMessageRow, type ErrorSnippetRow } from '../search/error-index.ts';
import { quote } from '../search/fts-match.ts';
import { EMPTY_PART, PartLru, type PartStats } from '../search/part-cache.ts';
import type { StoreVocabulary } from '../search/ranked-search.ts';
import { rowFacts, type EntryRowFacts } from '../search/row-index.ts';
import type { EntryRecord } from '../types.ts';
import { partStats, type CollectionStats } from './part-stats.ts';
import { queryEntries, queryIdentifiers, queryParts, queryWords, type WordFacts } from './search-sql.ts';

const WORDS = 20_000;
const IDENTIFIERS = 20_000;
/** Entries kept (as SQLite's entry cache): the text boosts read the rows near the page. */
const ENTRIES = 4000;
/** Longest identifier looked up (tsquery lexemes stop at 2 KB; no identifier of the archive is near). */
const MAX_TERM = 256;
/**
 * Warming: words per round trip at most, and the rows their parts may match together (a common
 * word's part is the costliest statement, so the first slices are small), entries per round trip,
 * the pause between two round trips, and the words warmed at most.
 */
const WARM_WORDS_PER_TRIP = 64;
const WARM_ROWS_PER_TRIP = 2000;
const WARM_ENTRIES_PER_TRIP = 16;
const WARM_PAUSE_MS = 5;
/** How long the warming waits when questions are being answered. */
const WARM_IDLE_MS = 100;
const WARM_WORDS = 4000;

type Queryable = Pick<pg.Pool, 'query'>;

/** What a round asked for that this generation did not know yet. */
export class Needs {
  readonly parts = new Set<string>();
  /** Words with what is asked of them beyond their document frequency. */
  readonly words = new Map<string, WordNeed>();
  readonly identifiers = new Set<string>();
  readonly entries = new Set<number>();

  word(word: string, need: WordNeed): void {
    const had = this.words.get(word);
    this.words.set(word, had ? { complete: had.complete || need.complete, typo: had.typo || need.typo } : need);
  }

  get empty(): boolean {
    return this.parts.size + this.words.size + this.identifiers.size + this.entries.size === 0;
  }
}

/** What one question fetched (kept with it across rounds). */
export class Fetched {
  readonly parts = new Map<string, PartStats>();
  readonly words = new Map<string, WordFacts>();
  readonly identifiers = new Map<string, Int32Array>();
  readonly entries = new Map<number, EntryRecord>();
}

/** `"text"` or `"text"*` (FTS5 quoting, quotes doubled) -> the text; null for anything else. */
export function unquote(part: string): { text: string; prefix: boolean } | null {
  const m = /^"((?:[^"]|"")*)"(\*)?$/s.exec(part);
  return m ? { text: (m[1] ?? '').replace(/""/g, '"'), prefix: m[2] !== undefined } : null;
}

/** What is asked of a word beyond its document frequency: completions, typo candidates. */
export interface WordNeed {
  readonly complete: boolean;
  readonly typo: boolean;
}

/** Edits a typo of this word may be away from its correction (0: it is never corrected). */
const editsFor = (word: string): number => (/\d/.test(word) ? 0 : maxEdits(word));

/** A word's facts have what is asked. */
const answers = (f: WordFacts, need: WordNeed): boolean => (!need.complete || f.completions !== undefined) && (!need.typo || f.near !== undefined || f.df > 0);

/** Two fetches' facts of one word together. */
const merge = (a: WordFacts | undefined, b: WordFacts): WordFacts =>
  a ? { df: b.df, completions: b.completions ?? a.completions, near: b.near ?? a.near } : b;

export class PgSearchIndex implements CandidateSource {
  readonly meta: (RowMeta | undefined)[];
  readonly keyOf: Int32Array;
  readonly keyCount: number;
  readonly maxRowId: number;
  readonly rowCount: number;
  readonly parts: { get(part: string): PartStats };
  readonly vocabulary: StoreVocabulary;
  private readonly partCache = new PartLru();
  private readonly words = new Lru<string, WordFacts>(WORDS);
  private readonly identifiers = new Lru<string, Int32Array>(IDENTIFIERS);
  /** Oldest read dropped first, a hit is one Map get (the text boosts read hundreds of entries a question), as SQLite's EntryCache. */
  private readonly entryCache = new Map<number, EntryRecord>();
  private readonly pendingParts = new Pending<string, PartStats>();
  /** Keyed by the need and the word (`ct:word`): a fetch of less does not answer a need of more. */
  private readonly pendingWords = new Pending<string, WordFacts>();
  private readonly pendingIdentifiers = new Pending<string, Int32Array>();
  private readonly pendingEntries = new Pending<number, EntryRecord>();
  private concepts: ConceptKeyCounter;
  /** The question a round runs for (set only while the round's synchronous code runs). */
  private round: { fetched: Fetched; needs: Needs } | null = null;
  private stopped = false;

  constructor(
    readonly generation: string,
    rows: readonly EntryRowFacts[],
    readonly stats: CollectionStats,
    readonly errors: ErrorIndex,
    /** Vocabulary words with their rows, most rows first (warmed in the background). */
    private readonly frequentWords: readonly { word: string; ndoc: number }[],
  ) {
    ({ meta: this.meta, keyOf: this.keyOf, keyCount: this.keyCount, maxRowId: this.maxRowId, rowCount: this.rowCount } = rowFacts(rows));
    this.parts = { get: (part) => this.part(part) };
    this.concepts = new ConceptKeyCounter(this.keyOf, this.keyCount, (part) => this.part(part));
    const DF = { complete: false, typo: false };
    const COMPLETE = { complete: true, typo: false };
    const TYPO = { complete: false, typo: true };
    this.vocabulary = {
      documentFrequency: (w) => this.word(w, DF)?.df ?? 0,
      // Typo candidates come from candidatesNear: no list of every word of a length is kept.
      wordsOfLength: () => [],
      hasWordStartingWith: (p) => (this.word(p, COMPLETE)?.completions?.length ?? 0) > 0,
      completions: (p, limit) => this.word(p, COMPLETE)?.completions?.slice(0, limit) ?? [],
      candidatesNear: (w) => this.word(w, TYPO)?.near ?? [],
    };
  }

  /**
   * Runs a round of a question: `fn` (synchronous) sees what this generation and the question have
   * fetched; returns its value and what it asked for in vain (when that is not empty, the value was
   * computed without it and must be thrown away).
   */
  attempt<T>(fetched: Fetched, fn: () => T): { value: T; needs: Needs } {
    const needs = new Needs();
    this.round = { fetched, needs };
    try {
      const value = fn();
      // A concept's key count computed without one of its parts must not be remembered.
      if (needs.parts.size > 0) this.concepts = new ConceptKeyCounter(this.keyOf, this.keyCount, (part) => this.part(part));
      return { value, needs };
    } finally {
      this.round = null;
    }
  }

  /** Notes, in the current round, the parts, identifiers and words' facts not known yet; whether all are known. */
  require(parts: Iterable<string>, identifiers: Iterable<string> = [], words: ReadonlyMap<string, WordNeed> = new Map()): boolean {
    for (const p of parts) this.part(p);
    for (const i of identifiers) this.identifier(i);
    for (const [w, need] of words) this.word(w, need);
    return this.round?.needs.empty ?? true;
  }

  /**
   * Fetches what a round needs, in one round trip (one statement per kind, run at once). What another
   * question is fetching already is waited for, not asked again (a cold replica under load would
   * otherwise ask for the same common words on every connection).
   */
  async fetch(db: Queryable, needs: Needs, into: Fetched): Promise<void> {
    const jobs: Promise<void>[] = [];
    if (needs.parts.size > 0) {
      jobs.push(this.pendingParts.get([...needs.parts], (parts) => this.loadParts(db, parts)).then((m) => copy(m, into.parts)));
    }
    if (needs.words.size > 0) {
      const keys = [...needs.words].map(([w, n]) => `${n.complete ? 'c' : '-'}${n.typo ? 't' : '-'}:${w}`);
      jobs.push(
        this.pendingWords.get(keys, (ks) => this.loadWords(db, ks)).then((m) => {
          for (const [k, f] of m) {
            const w = k.slice(3);
            into.words.set(w, merge(into.words.get(w), f));
            for (const c of f.near ?? []) {
              const known = this.words.get(c);
              if (known) into.words.set(c, merge(into.words.get(c), known));
            }
          }
        }),
      );
    }
    if (needs.identifiers.size > 0) {
      jobs.push(this.pendingIdentifiers.get([...needs.identifiers], (ms) => this.loadIdentifiers(db, ms)).then((m) => copy(m, into.identifiers)));
    }
    if (needs.entries.size > 0) {
      jobs.push(this.pendingEntries.get([...needs.entries], (ids) => this.loadEntries(db, ids)).then((m) => copy(m, into.entries)));
    }
    // Every statement settles before the first failure is thrown (none is left running on its own).
    const results = await Promise.allSettled(jobs);
    for (const r of results) if (r.status === 'rejected') throw r.reason;
  }

  /** Entries by row id, those known to this round (the others noted as needed). */
  entries(ids: readonly number[]): Map<number, EntryRecord> {
    const out = new Map<number, EntryRecord>();
    for (const id of ids) {
      const e = this.round?.fetched.entries.get(id) ?? this.entryCache.get(id);
      if (e) out.set(id, e);
      else this.round?.needs.entries.add(id);
    }
    return out;
  }

  /** Rows holding a whole identifier (`"istio_mutual"`, as the SQLite store quotes it), ascending. */
  identifier(match: string): Int32Array {
    const term = unquote(match)?.text ?? '';
    if (term === '' || term.length > MAX_TERM) return new Int32Array(0);
    const rows = this.round?.fetched.identifiers.get(match) ?? this.identifiers.get(match);
    if (rows) return rows;
    this.round?.needs.identifiers.add(match);
    return new Int32Array(0);
  }

  /** Distinct guidelines having any of the parts in their prose (for IDF), cached per concept. */
  keysInProse(parts: readonly string[]): number {
    return this.concepts.count(parts);
  }

  /**
   * Warms the caches in the background with the most common words' facts and parts, then entries,
   * while the replica is idle: a common word's part is the costliest statement, and under load the
   * questions fetch what they need themselves (once per generation each), so warming then would only
   * compete with them for the database and this process. Settles when the warming ends or is abandoned.
   */
  warm(db: Queryable, current: () => boolean, busy: () => boolean): Promise<void> {
    let done = (): void => undefined;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const ids = this.meta.flatMap((m, id) => (m ? [id] : [])).slice(0, ENTRIES);
    let w = 0;
    let e = 0;
    const step = async () => {
      if (this.stopped || !current()) return done();
      if (busy()) {
        setTimeout(() => void step(), WARM_IDLE_MS).unref();
        return;
      }
      const needs = new Needs();
      if (w < this.frequentWords.length) {
        let rows = 0;
        for (const end = w + WARM_WORDS_PER_TRIP; w < end && w < this.frequentWords.length && rows < WARM_ROWS_PER_TRIP; w++) {
          const { word, ndoc } = this.frequentWords[w] ?? { word: '', ndoc: 0 };
          rows += ndoc;
          if (!this.words.get(word)) needs.word(word, { complete: true, typo: false });
          if (!this.partCache.get(quote(word))) needs.parts.add(quote(word));
        }
      } else {
        for (const id of ids.slice(e, (e += WARM_ENTRIES_PER_TRIP))) if (!this.entryCache.get(id)) needs.entries.add(id);
      }
      try {
        const fetched = new Fetched();
        if (!needs.empty) await this.fetch(db, needs, fetched);
        // Entries' texts analysed for the boosts and highlights, as SQLite's warm-up does, so that a
        // guideline's first appearance on a page does not pay for it.
        for (const entry of fetched.entries.values()) {
          prepareProximity(entry);
          prepareHighlights(entry);
        }
      } catch {
        return done(); // the generation moved or the database went away: the next generation warms itself
      }
      if (w < this.frequentWords.length || e < ids.length) setTimeout(() => void step(), WARM_PAUSE_MS).unref();
      else done();
    };
    setTimeout(() => void step(), WARM_PAUSE_MS).unref();
    return finished;
  }

  stop(): void {
    this.stopped = true;
  }

  private part(part: string): PartStats {
    if (unquote(part) === null) return EMPTY_PART;
    const stats = this.round?.fetched.parts.get(part) ?? this.partCache.get(part);
    if (stats) return stats;
    this.round?.needs.parts.add(part);
    return EMPTY_PART;
  }

  /** A word's facts if they have what is asked (else noted as needed). */
  private word(w: string, need: WordNeed): WordFacts | undefined {
    const mine = this.round?.fetched.words.get(w);
    if (mine && answers(mine, need)) return mine;
    const cached = this.words.get(w);
    if (cached && answers(cached, need)) return cached;
    this.round?.needs.word(w, need);
    return undefined;
  }

  private async loadParts(db: Queryable, parts: readonly string[]): Promise<Map<string, PartStats>> {
    const asked = parts.map((p) => unquote(p) ?? { text: '', prefix: false });
    const answers = await queryParts(db, this.generation, asked);
    const out = new Map<string, PartStats>();
    parts.forEach((part, i) => {
      const a = answers[i];
      const stats = a ? partStats(a.terms, asked[i]?.prefix ?? false, a.rows, this.stats) : EMPTY_PART;
      this.partCache.set(part, stats);
      out.set(part, stats);
    });
    return out;
  }

  /** `keys`: `ct:word` (completions asked, typo candidates asked). */
  private async loadWords(db: Queryable, keys: readonly string[]): Promise<Map<string, WordFacts>> {
    const asks = keys.map((k) => ({ word: k.slice(3), complete: k[0] === 'c', edits: k[1] === 't' ? editsFor(k.slice(3)) : 0 }));
    const facts = await queryWords(db, this.generation, asks);
    // The typo candidates' frequencies are facts of theirs too.
    for (const [w, f] of facts) this.words.set(w, merge(this.words.get(w), f));
    const out = new Map<string, WordFacts>();
    for (const k of keys) out.set(k, facts.get(k.slice(3)) ?? { df: 0 });
    return out;
  }

  private async loadIdentifiers(db: Queryable, matches: readonly string[]): Promise<Map<string, Int32Array>> {
    const lists = await queryIdentifiers(db, this.generation, matches.map((m) => unquote(m)?.text ?? ''));
    const out = new Map<string, Int32Array>();
    matches.forEach((m, i) => {
      const rows = lists[i] ?? new Int32Array(0);
      this.identifiers.set(m, rows);
      out.set(m, rows);
    });
    return out;
  }

  private async loadEntries(db: Queryable, ids: readonly number[]): Promise<Map<number, EntryRecord>> {
    const entries = await queryEntries(db, this.generation, ids);
    for (const [id, e] of entries) {
      if (!this.entryCache.has(id) && this.entryCache.size >= ENTRIES) this.entryCache.delete(this.entryCache.keys().next().value as number);
      this.entryCache.set(id, e);
    }
    return entries;
  }
}

function copy<K, V>(from: ReadonlyMap<K, V>, to: Map<K, V>): void {
  for (const [k, v] of from) to.set(k, v);
}

/** Keys being fetched, so that concurrent questions share one statement per key. */
class Pending<K, V> {
  private readonly inFlight = new Map<K, Promise<V | undefined>>();

  /** The values of `keys`: those in flight waited for, the others loaded with one call of `load`. */
  async get(keys: readonly K[], load: (keys: K[]) => Promise<Map<K, V>>): Promise<Map<K, V>> {
    const out = new Map<K, V>();
    const waits: Promise<void>[] = [];
    const fresh: K[] = [];
    for (const k of keys) {
      const p = this.inFlight.get(k);
      if (p) waits.push(p.then((v) => void (v !== undefined && out.set(k, v))));
      else fresh.push(k);
    }
    if (fresh.length > 0) {
      const loading = load(fresh);
      for (const k of fresh) {
        const one = loading.then((m) => m.get(k));
        one.catch(() => undefined); // its failure reaches the callers through `loading` and `waits`
        this.inFlight.set(k, one);
      }
      waits.push(
        loading
          .then((m) => copy(m, out))
          .finally(() => {
            for (const k of fresh) this.inFlight.delete(k);
          }),
      );
    }
    // Everything settles before a failure is thrown: no rejection is left without a handler.
    const results = await Promise.allSettled(waits);
    for (const r of results) if (r.status === 'rejected') throw r.reason;
    return out;
  }
}

/** One entry's row facts, as read from PostgreSQL. */
type IndexRow = EntryRowFacts;

/**
 * Reads what a generation's index holds for its whole life, in the caller's snapshot: the row facts,
 * the collection statistics, the error index and the vocabulary's words by frequency (for warming).
 */
export async function loadSearchIndex(db: pg.ClientBase, generation: string): Promise<PgSearchIndex> {
  const rows = await db.query<IndexRow>(
    `SELECT e."id", e."key", v."name" AS version, v."major", v."minor", p."id" AS parent
     FROM "Entry" e JOIN "DocVersion" v ON v."id" = e."versionId"
     LEFT JOIN "Entry" p ON p."versionId" = e."versionId" AND p."pageId" = e."pageId" AND p."key" = e."parentKey"
     ORDER BY e."id"`,
  );
  const stats = await db.query<{ rows: number; tokens: string }>(
    `SELECT "rows", (SELECT coalesce(sum(t), 0) FROM unnest("column_tokens") t)::text AS tokens FROM "kb_search_stats" WHERE "id" = 1`,
  );
  const s = stats.rows[0];
  const collection: CollectionStats = s && s.rows > 0 ? { rows: s.rows, avgLength: Number(s.tokens) / s.rows } : { rows: rows.rows.length, avgLength: 1 };
  const messages = await db.query<ErrorMessageRow>(`SELECT "id", "errorMessages" FROM "Entry" WHERE "errorMessages" <> '[]' ORDER BY "id"`);
  const snippets = await db.query<ErrorSnippetRow>(
    `SELECT "entryId", "code" FROM "Snippet" WHERE "language" <> 'yaml' ORDER BY "entryId", "position"`,
  );
  const paragraphs = await db.query<DefinitionRow>(`SELECT "id", "paragraphs" FROM "Entry" WHERE "paragraphs" ~ '[A-Z]:' ORDER BY "id"`);
  const errors = errorIndexOf(messages.rows, snippets.rows, paragraphs.rows);
  const frequent = await db.query<{ word: string; ndoc: number }>(`SELECT "word", "ndoc" FROM "kb_typo_words" ORDER BY "ndoc" DESC, "word" LIMIT ${WARM_WORDS}`);
  return new PgSearchIndex(generation, rows.rows, collection, errors, frequent.rows);
}
