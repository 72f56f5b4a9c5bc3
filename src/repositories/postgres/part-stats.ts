// One part of a question (a word, a phrase, a prefix) scored as FTS5 scores it, from what PostgreSQL's
// index returns for it: the rows the GIN-indexed tsvectors match, each with its tokens per column
// (search_sizes) and the positions of the part's lexemes only (kb_keep). From those come FTS5's
// phrase hits per column, the weighted bm25 (same column weights, k1, b), and whether the part is in
// the row's prose and title; N and the average row length come from the collection statistics
// (kb_search_stats), the part's document frequency is the number of rows it matches.
import { EMPTY_PART, PART_IN_PROSE, PART_IN_TITLE, WEIGHTS, type PartStats } from '../search/part-cache.ts';

/** FTS5's bm25 constants. */
const K1 = 1.2;
const B = 0.75;
/** Column weights in search_sizes order: title, error messages, symptoms, causes, fixes, body, code. */
const COLUMN_WEIGHTS = Object.values(WEIGHTS);
const PROSE_COLUMNS = 6;
const CODE = 6;


/** N and the average row length in tokens (all columns), as FTS5 keeps them. */
export interface CollectionStats {
  readonly rows: number;
  readonly avgLength: number;
}

/** One matched row: tokens per column and the part's lexemes in search_prose / search_code (tsvector text). */
export interface PartRow {
  readonly id: number;
  readonly sizes: readonly number[];
  readonly prose: string;
  readonly code: string;
}

const LEXEME = /'((?:[^']|'')*)'(?::([0-9A-D,]+))?/g;
/**
 * See kb_words (migration 20261130120000_search_parity): the marks on short and digit-first tokens.
 * A digit-first token starts with an ASCII digit, as kb_words and kb_fts5_lexeme have it (a lexeme
 * "qqq" + another script's digit is a word of the text, not a mark).
 */
const SHORT = /^(.{1,2})qqq$/su;
const DIGIT_FIRST = /^qqq(?=[0-9])/;
/** FTS5's porter leaves longer tokens (in bytes) unstemmed; kb_words marks them (migration 20261204120000_fts5_porter_byte_limits). */
const FTS5_PORTER_MAX_TOKEN = 64;

/**
 * The lexeme as FTS5's porter has it: a token shorter than 3 bytes as it is, the same term as a
 * longer word stemmed to it ("do" and "doing"; PostgreSQL's stemmer would change "us" into "u"). A
 * token of two characters and 3 bytes or more loses a plural "s" in kb_words ("μs" is "μ", migration
 * 20261204120000_fts5_porter_byte_limits), and one over 64 bytes (which FTS5 leaves unstemmed)
 * carries the suffix "qqq" (the same migration). The SQL side is kb_fts5_lexeme.
 */
export function fts5Lexeme(lexeme: string): string {
  const m = SHORT.exec(lexeme);
  if (m) return m[1] ?? lexeme;
  const b = lexeme.replace(DIGIT_FIRST, '');
  // A lexeme over 64 bytes carries the long mark (no lexeme is left that long unmarked: the stemmer only shortens).
  return b.length > 16 && b.endsWith('qqq') && Buffer.byteLength(b) > FTS5_PORTER_MAX_TOKEN ? b.slice(0, -3) : b;
}

/** Where one term occurs in one row: prose positions (all columns but code, one position space) and code positions. */
interface Hit {
  readonly prose: number[];
  readonly code: number[];
}

/** Lexemes of a tsvector's text form with their positions (weights dropped). */
function parseTsvector(text: string, each: (lexeme: string, positions: number[]) => void): void {
  for (const m of text.matchAll(LEXEME)) {
    const lexeme = fts5Lexeme((m[1] ?? '').replace(/''/g, "'"));
    each(lexeme, m[2] ? m[2].split(',').map((p) => Number.parseInt(p, 10)) : []);
  }
}

/**
 * FTS5's answer to `MATCH part` with bm25(entry_fts, weights...): rows (ascending), weighted score,
 * where. `terms`: the part's terms in FTS5's form, in order (the last one a prefix when `prefix`).
 */
export function partStats(terms: readonly string[], prefix: boolean, rows: readonly PartRow[], stats: CollectionStats): PartStats {
  if (terms.length === 0 || rows.length === 0) return EMPTY_PART;
  const last = terms.length - 1;
  const counts: { id: number; columns: Float64Array; sizes: readonly number[] }[] = [];
  for (const row of rows) {
    // Two lexemes of PostgreSQL's can be one term of FTS5's ("doqqq" and "do"): their hits merge.
    const hits = new Map<string, Hit>();
    const hitOf = (term: string): Hit => {
      let h = hits.get(term);
      if (!h) hits.set(term, (h = { prose: [], code: [] }));
      return h;
    };
    parseTsvector(row.prose, (term, positions) => hitOf(term).prose.push(...positions));
    parseTsvector(row.code, (term, positions) => hitOf(term).code.push(...positions));
    const firsts: Hit[] = [];
    for (const t of terms.slice(0, last)) {
      const h = hits.get(t);
      if (!h) break;
      firsts.push(h);
    }
    if (firsts.length < last) continue;
    // A prefix counts every term it starts, each on its own (FTS5's prefix query on the stemmed index).
    const lasts = prefix ? [...hits].filter(([t]) => t.startsWith(terms[last] ?? '')).map(([, h]) => h) : [hits.get(terms[last] ?? '')];
    const columns = new Float64Array(7);
    let any = false;
    const starts = columnStarts(row.sizes);
    for (const lastHit of lasts) {
      if (!lastHit) continue;
      const chain = [...firsts, lastHit];
      for (const p of phraseStarts(chain, 'prose')) {
        const c = columnOf(starts, p);
        columns[c] = (columns[c] ?? 0) + 1;
        any = true;
      }
      const code = phraseStarts(chain, 'code').length;
      if (code > 0) {
        columns[CODE] = (columns[CODE] ?? 0) + code;
        any = true;
      }
    }
    if (any) counts.push({ id: row.id, columns, sizes: row.sizes });
  }
  if (counts.length === 0) return EMPTY_PART;
  counts.sort((a, b) => a.id - b.id);
  const n = counts.length;
  let idf = Math.log((stats.rows - n + 0.5) / (n + 0.5));
  if (idf <= 0) idf = 1e-6;
  const out = { ids: new Int32Array(n), scores: new Float64Array(n), flags: new Uint8Array(n) };
  counts.forEach(({ id, columns, sizes }, i) => {
    let tf = 0;
    let prose = false;
    for (let col = 0; col < 7; col++) {
      const k = columns[col] ?? 0;
      if (k === 0) continue;
      tf += (COLUMN_WEIGHTS[col] ?? 0) * k;
      if (col < PROSE_COLUMNS) prose = true;
    }
    let length = 0;
    for (let col = 0; col < 7; col++) length += sizes[col] ?? 0;
    // The expression as FTS5's bm25 evaluates it (the same operations in the same order).
    const num = tf * (K1 + 1.0);
    const denom = tf + K1 * (1 - B + (B * length) / stats.avgLength);
    out.ids[i] = id;
    out.scores[i] = (idf * num) / denom;
    out.flags[i] = (prose ? PART_IN_PROSE : 0) | ((columns[0] ?? 0) > 0 ? PART_IN_TITLE : 0);
  });
  return out;
}

/** First position of each prose column (columns are consecutive, one position apart). */
function columnStarts(sizes: readonly number[]): number[] {
  const out: number[] = [];
  let at = 1;
  for (let col = 0; col < PROSE_COLUMNS; col++) {
    out.push(at);
    at += (sizes[col] ?? 0) + 1;
  }
  return out;
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
