// The PostgreSQL knowledge base's search index for one generation, held in memory in the shapes the
// SQLite store gives the shared candidate collector (src/repositories/search/candidates.ts), so that
// both stores feed the shared ranking the same numbers:
//
//   parts        for an FTS5-style part (a quoted word or phrase, `"word"*` for a prefix), the rows it
//                matches with FTS5's weighted bm25 (same column weights, IDF from the rows having the
//                part, row lengths in tokens per column, average row length) and where it occurs;
//                computed from the tsvectors' postings, the positions telling which column a hit is
//                in (search_sizes: tokens per column; fields are one position apart).
//   identifier   rows having a whole identifier (search_terms, as SQLite's entry_terms).
//
// Everything is read in one REPEATABLE READ snapshot per generation (loadSearchIndex), so an answer
// comes wholly from one knowledge base; searches then need no query except to stem a word never
// seen before (the stemming is PostgreSQL's: the istio_kb configuration).
import type pg from 'pg';
import { ErrorIndexBuilder, SNIPPET_LINE_WEIGHT, errorLinesOf, type ErrorIndex } from '../../search/error-index.ts';
import type { RowMeta } from '../../search/rank.ts';
import { words } from '../../search/text.ts';
import { lowerBound, lowerBoundId } from '../../support/sorted.ts';
import { entryRecordsFromRows, type EntryRow, type SnippetRow } from '../entry-rows.ts';
import type { CandidateSource } from '../search/candidates.ts';
import { ConceptKeyCounter } from '../search/concept-keys.ts';
import { PART_IN_PROSE, PART_IN_TITLE, WEIGHTS, type PartStats } from '../search/part-cache.ts';
import { rowFacts } from '../search/row-index.ts';
import { IndexVocabulary } from '../search/vocabulary.ts';
import type { EntryRecord } from '../types.ts';

/** FTS5's bm25 constants. */
const K1 = 1.2;
const B = 0.75;
/** Column weights in search_sizes order: title, error messages, symptoms, causes, fixes, body, code. */
const COLUMN_WEIGHTS = Object.values(WEIGHTS);
const PROSE_COLUMNS = 6;
const CODE = 6;
const PART_CACHE = 20_000;

const EMPTY: PartStats = { ids: new Int32Array(0), scores: new Float64Array(0), flags: new Uint8Array(0) };

/** Where one lexeme occurs in one row: prose positions (all columns but code, one position space) and code positions. */
interface Hit {
  readonly prose: number[];
  readonly code: number[];
}

/** Rows (ascending) having a lexeme, with their hits. */
interface Posting {
  readonly ids: number[];
  readonly hits: Hit[];
}

type Stems = (word: string) => readonly string[] | undefined;

/**
 * Words the stemmer leaves as they are, so that no query is needed for them: FTS5 does not stem a
 * token of 1-2 characters, and a word ending in none of the suffixes Porter's rules remove or replace
 * keeps its form (pasted error lines are full of ports, ids and hashes: "8443", "75c1c36d", "f0ce").
 * Checked against PostgreSQL's stems of 6,656 words (the archive, the judged queries, English text).
 */
const STEMMED_SUFFIX = /(?:s|y|e|ed|ic|ism|ing|ou|ion|er|or|ant|ent|al|ful|ll|li|iti|ci|gi)$/;
export const isUnstemmed = (w: string): boolean => /^[a-z0-9]+$/.test(w) && (w.length <= 2 || !STEMMED_SUFFIX.test(w));

const LEXEME = /'((?:[^']|'')*)'(?::([0-9A-D,]+))?/g;
/** See kb_words (migration 20261130120000_search_parity): the marks on short and digit-first tokens. */
const SHORT = /^(.{1,2})qqq$/su;
const DIGIT_FIRST = /^qqq(?=\p{N})/u;

/**
 * The lexeme as FTS5's porter has it: a token shorter than 3 characters as it is, the same term as
 * a longer word stemmed to it ("do" and "doing"; PostgreSQL's stemmer would change "us" into "u").
 */
export function fts5Lexeme(lexeme: string): string {
  const m = SHORT.exec(lexeme);
  return m ? (m[1] ?? lexeme) : lexeme.replace(DIGIT_FIRST, '');
}

/** Lexemes of a tsvector's text form with their positions (weights dropped). */
function parseTsvector(text: string, each: (lexeme: string, positions: number[]) => void): void {
  for (const m of text.matchAll(LEXEME)) {
    const lexeme = fts5Lexeme((m[1] ?? '').replace(/''/g, "'"));
    each(lexeme, m[2] ? m[2].split(',').map((p) => Number.parseInt(p, 10)) : []);
  }
}

export class PgSearchIndex implements CandidateSource {
  readonly meta: (RowMeta | undefined)[];
  readonly maxRowId: number;
  readonly rowCount: number;
  readonly keyCount: number;
  readonly parts: { get(part: string): PartStats };
  readonly vocabulary: IndexVocabulary;
  readonly errors: ErrorIndex;
  readonly entries: ReadonlyMap<number, EntryRecord>;
  /** Dense key number per row id (-1: no entry), as KbStats has it. */
  readonly keyOf: Int32Array;
  /** Per row: token counts of the 7 columns (FTS5's column sizes). */
  private readonly sizes = new Map<number, Int32Array>();
  private readonly postings = new Map<string, Posting>();
  private readonly terms = new Map<string, number[]>();
  private readonly sortedLexemes: string[];
  private readonly avgLength: number;
  private readonly partCache = new Map<string, PartStats>();
  private readonly concepts: ConceptKeyCounter;

  constructor(
    readonly generation: string,
    rows: readonly IndexRow[],
    vocabulary: IndexVocabulary,
    errors: ErrorIndex,
    entries: ReadonlyMap<number, EntryRecord>,
    private readonly stems: Stems,
  ) {
    const sorted = [...rows].sort((a, b) => a.id - b.id);
    ({ meta: this.meta, keyOf: this.keyOf, keyCount: this.keyCount, maxRowId: this.maxRowId, rowCount: this.rowCount } = rowFacts(sorted));
    let total = 0;
    for (const r of sorted) {
      const sizes = Int32Array.from({ length: 7 }, (_, i) => r.sizes[i] ?? 0);
      this.sizes.set(r.id, sizes);
      for (const s of sizes) total += s;
      const hitOf = (lexeme: string): Hit => {
        let p = this.postings.get(lexeme);
        if (!p) this.postings.set(lexeme, (p = { ids: [], hits: [] }));
        // Two lexemes of PostgreSQL's can be one of FTS5's ("doqqq" and "do"): their hits merge.
        if (p.ids.at(-1) !== r.id) {
          p.ids.push(r.id);
          p.hits.push({ prose: [], code: [] });
        }
        return p.hits.at(-1) as Hit;
      };
      parseTsvector(r.prose, (lexeme, positions) => hitOf(lexeme).prose.push(...positions));
      parseTsvector(r.code, (lexeme, positions) => hitOf(lexeme).code.push(...positions));
      parseTsvector(r.terms, (term) => {
        const list = this.terms.get(term);
        if (!list) this.terms.set(term, [r.id]);
        else if (list.at(-1) !== r.id) list.push(r.id);
      });
    }
    this.avgLength = rows.length > 0 ? total / rows.length : 1;
    this.sortedLexemes = [...this.postings.keys()].sort();
    this.vocabulary = vocabulary;
    this.errors = errors;
    this.entries = entries;
    this.parts = { get: (part) => this.part(part) };
    this.concepts = new ConceptKeyCounter(this.keyOf, this.keyCount, (part) => this.part(part));
  }

  /** Rows holding a whole identifier (`"istio_mutual"`, as the SQLite store quotes it). */
  identifier(match: string): Int32Array {
    const inner = unquote(match);
    return Int32Array.from(inner === null ? [] : (this.terms.get(inner.text) ?? []));
  }

  /** Distinct guidelines having any of the parts in their prose (for IDF), cached per concept. */
  keysInProse(parts: readonly string[]): number {
    return this.concepts.count(parts);
  }

  /** The words of parts whose stems are needed (a part's statistics can only be computed with them). */
  static wordsOfPart(part: string): string[] {
    const inner = unquote(part);
    return inner === null ? [] : words(inner.text);
  }

  private part(part: string): PartStats {
    const cached = this.partCache.get(part);
    if (cached) return cached;
    const stats = this.computePart(part);
    if (this.partCache.size >= PART_CACHE) this.partCache.clear();
    this.partCache.set(part, stats);
    return stats;
  }

  /** FTS5's answer to `MATCH part` with bm25(entry_fts, weights...): rows, weighted score, where. */
  private computePart(part: string): PartStats {
    const inner = unquote(part);
    if (inner === null) return EMPTY;
    const lexemes: string[] = [];
    for (const w of words(inner.text)) {
      const lx = this.stems(w);
      if (lx === undefined) throw new Error(`search: the stem of "${w}" was not loaded`);
      lexemes.push(...lx);
    }
    if (lexemes.length === 0) return EMPTY;
    // Hits per row and column.
    const counts = new Map<number, Float64Array>();
    const add = (id: number, column: number, n: number) => {
      let c = counts.get(id);
      if (!c) counts.set(id, (c = new Float64Array(7)));
      c[column] = (c[column] ?? 0) + n;
    };
    const last = lexemes.length - 1;
    const lastPostings = inner.prefix ? this.withPrefix(lexemes[last] ?? '') : [this.postings.get(lexemes[last] ?? '')];
    const firsts = lexemes.slice(0, last).map((l) => this.postings.get(l));
    if (firsts.some((p) => p === undefined)) return EMPTY;
    for (const lastPosting of lastPostings) {
      if (!lastPosting) continue;
      const chain = [...(firsts as Posting[]), lastPosting];
      const head = chain[0] as Posting;
      for (let i = 0; i < head.ids.length; i++) {
        const id = head.ids[i] ?? 0;
        const hits: Hit[] = [head.hits[i] as Hit];
        for (let j = 1; j < chain.length; j++) {
          const h = hitIn(chain[j] as Posting, id);
          if (!h) break;
          hits.push(h);
        }
        if (hits.length < chain.length) continue;
        const starts = this.starts(id);
        for (const p of phraseStarts(hits, 'prose')) add(id, columnOf(starts, p), 1);
        const code = phraseStarts(hits, 'code').length;
        if (code > 0) add(id, CODE, code);
      }
    }
    if (counts.size === 0) return EMPTY;
    const ids = [...counts.keys()].sort((a, b) => a - b);
    const n = ids.length;
    const rows = this.rowCount;
    let idf = Math.log((rows - n + 0.5) / (n + 0.5));
    if (idf <= 0) idf = 1e-6;
    const out = { ids: new Int32Array(n), scores: new Float64Array(n), flags: new Uint8Array(n) };
    ids.forEach((id, i) => {
      const c = counts.get(id) as Float64Array;
      let tf = 0;
      let prose = false;
      for (let col = 0; col < 7; col++) {
        const k = c[col] ?? 0;
        if (k === 0) continue;
        tf += (COLUMN_WEIGHTS[col] ?? 0) * k;
        if (col < PROSE_COLUMNS) prose = true;
      }
      const sizes = this.sizes.get(id);
      let length = 0;
      if (sizes) for (const s of sizes) length += s;
      // The expression as FTS5's bm25 evaluates it (the same operations in the same order).
      const num = tf * (K1 + 1.0);
      const denom = tf + K1 * (1 - B + (B * length) / this.avgLength);
      out.ids[i] = id;
      out.scores[i] = (idf * num) / denom;
      out.flags[i] = (prose ? PART_IN_PROSE : 0) | ((c[0] ?? 0) > 0 ? PART_IN_TITLE : 0);
    });
    return out;
  }

  /** First position of each prose column (columns are consecutive, one position apart). */
  private starts(id: number): number[] {
    const sizes = this.sizes.get(id);
    const out: number[] = [];
    let at = 1;
    for (let col = 0; col < PROSE_COLUMNS; col++) {
      out.push(at);
      at += (sizes?.[col] ?? 0) + 1;
    }
    return out;
  }

  /** Postings of every lexeme starting with `prefix` (FTS5's prefix query on the stemmed index). */
  private withPrefix(prefix: string): Posting[] {
    const out: Posting[] = [];
    for (let i = lowerBound(this.sortedLexemes, prefix); i < this.sortedLexemes.length && (this.sortedLexemes[i] ?? '').startsWith(prefix); i++) {
      const p = this.postings.get(this.sortedLexemes[i] ?? '');
      if (p) out.push(p);
    }
    return out;
  }
}

/** `"text"` or `"text"*` (FTS5 quoting, quotes doubled) -> the text; null for anything else. */
function unquote(part: string): { text: string; prefix: boolean } | null {
  const m = /^"((?:[^"]|"")*)"(\*)?$/s.exec(part);
  return m ? { text: (m[1] ?? '').replace(/""/g, '"'), prefix: m[2] !== undefined } : null;
}

function hitIn(posting: Posting, id: number): Hit | undefined {
  const at = lowerBoundId(posting.ids, id);
  return posting.ids[at] === id ? posting.hits[at] : undefined;
}

/** Positions where the whole sequence occurs (hit j at p + j). */
function phraseStarts(hits: readonly Hit[], side: 'prose' | 'code'): number[] {
  const first = hits[0]?.[side] ?? [];
  if (hits.length === 1) return first;
  const rest = hits.slice(1).map((h) => new Set(h[side]));
  return first.filter((p) => rest.every((s, j) => s.has(p + j + 1)));
}

function columnOf(starts: readonly number[], position: number): number {
  let col = 0;
  while (col + 1 < starts.length && position >= (starts[col + 1] ?? Infinity)) col++;
  return col;
}

/** One entry's row of the index, as read from PostgreSQL. */
export interface IndexRow {
  readonly id: number;
  readonly key: string;
  readonly version: string;
  readonly major: number;
  readonly minor: number;
  /** Row id of the enclosing section (same page and version), null for a top-level entry. */
  readonly parent: number | null;
  readonly sizes: readonly number[];
  readonly prose: string;
  readonly code: string;
  readonly terms: string;
}

/**
 * Reads a generation's index in the caller's snapshot: the rows' vectors and sizes, the typo
 * vocabulary, the error index and every entry (hits and the phrase check read them; the knowledge
 * base's whole text is what the postings already hold).
 */
export async function loadSearchIndex(db: pg.ClientBase, generation: string, stems: Stems): Promise<PgSearchIndex> {
  const rows = await db.query<IndexRow>(
    `SELECT e."id", e."key", v."name" AS version, v."major", v."minor", p."id" AS parent, e."search_sizes" AS sizes,
            e."search_prose"::text AS prose, e."search_code"::text AS code, (e."search_terms" || e."search_terms_code")::text AS terms
     FROM "Entry" e JOIN "DocVersion" v ON v."id" = e."versionId"
     LEFT JOIN "Entry" p ON p."versionId" = e."versionId" AND p."pageId" = e."pageId" AND p."key" = e."parentKey"
     ORDER BY e."id"`,
  );
  const vocab = await db.query<{ term: string; doc: number }>('SELECT "word" AS term, "ndoc" AS doc FROM "kb_vocabulary"');
  const entries = await loadEntries(db, rows.rows.map((r) => r.id));
  const errors = new ErrorIndexBuilder();
  for (const [id, entry] of entries) for (const m of entry.errorMessages) errors.add(id, m, 1);
  for (const [id, entry] of entries) {
    for (const s of entry.snippets) if (s.language !== 'yaml') for (const line of errorLinesOf(s.code)) errors.add(id, line, SNIPPET_LINE_WEIGHT);
  }
  return new PgSearchIndex(generation, rows.rows, new IndexVocabulary(vocab.rows), errors.build(), entries, stems);
}

/** Entries by id (same record shape as EntryRepository). */
async function loadEntries(db: pg.ClientBase, ids: readonly number[]): Promise<Map<number, EntryRecord>> {
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

