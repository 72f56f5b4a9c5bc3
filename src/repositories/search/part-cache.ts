// Per-part FTS5 statistics, cached per knowledge-base generation: for one MATCH part (a quoted word,
// phrase or prefix), the rows it matches with their weighted bm25 and where it occurs (prose
// columns, title). One FTS5 query per part ever, its scoring done in C; the answer is kept in typed
// arrays so that adding parts for a question is a few array passes.
import type { SqliteDatabase } from '../../db/sqlite.ts';
import { Lru } from '../../support/lru.ts';

/** Column weights in the order of the entry_fts columns: title and error messages first, code last. */
export const WEIGHTS = { title: 10, error_messages: 6, symptoms: 4, causes: 2, fixes: 2, body: 1, code: 0.5 } as const;

export const PART_IN_PROSE = 1;
export const PART_IN_TITLE = 2;

export interface PartStats {
  readonly ids: Int32Array;
  /** Weighted bm25, higher is better (FTS5's bm25 negated). */
  readonly scores: Float64Array;
  /** PART_IN_PROSE | PART_IN_TITLE per row. */
  readonly flags: Uint8Array;
}

export const EMPTY_PART: PartStats = { ids: new Int32Array(0), scores: new Float64Array(0), flags: new Uint8Array(0) };
/** Bytes of cached statistics kept per store (the whole archive's common words fit many times over). */
export const BUDGET_BYTES = 24 * 1024 * 1024;

/** Parts' statistics under a budget of bytes, least recently read dropped first (both stores). */
export class PartLru extends Lru<string, PartStats> {
  constructor() {
    super(BUDGET_BYTES, partBytes);
  }
}

function partBytes(part: string, stats: PartStats): number {
  return stats.ids.length * 13 + part.length * 2 + 64;
}

/** What the surface vocabulary (entry_terms: the same text, unstemmed) says about a word. */
export interface SurfaceWords {
  /** Whether some indexed word (numbers and ids included) starts with the prefix. */
  hasAnyWordStartingWith(prefix: string): boolean;
}

const NOTHING_KNOWN: SurfaceWords = { hasAnyWordStartingWith: () => true };

/**
 * Whether porter (FTS5's, entry_fts's tokenizer) certainly leaves an ASCII token as it is, and every
 * word porter turns into the token starts with it. Porter changes a token only where it ends in one
 * of its suffixes (steps 1-5: s, ed, ing, y, e, ll and the suffixes of steps 2-4, each of which ends
 * in one of the endings below), so a token ending in none of them is indexed and looked up as typed:
 * ports, hashes and pod-name suffixes (c3c54a4, 5d7f9a6c, b43bc), which fill pasted error lines. Where
 * porter replaces a suffix with other letters than its own first ones (ational -> ate, enci -> ence,
 * y -> i, at -> ate, ...), the replacement ends in e or i, or a later step cuts the word before it;
 * the one that differs before its end (biliti -> ble) leaves bl when step 5 drops its e. So a kept
 * token ending in none of e, i and bl is a prefix of every word stemmed to it (and a stem starting
 * with it is the stem of a word starting with it). Both are checked against FTS5 in the tests.
 */
export function porterKeeps(token: string): boolean {
  return /^[a-z0-9]+$/.test(token) && !PORTER_ENDINGS.test(token);
}

const PORTER_ENDINGS = /(?:s|ed|ing|y|e|i|ll|al|er|ic|ant|ent|ion|ou|ism|ful|ator|bl)$/;

export class PartCache {
  private readonly stmt;
  private readonly parts = new PartLru();

  /**
   * `surface`: the unstemmed vocabulary of the same text, which tells without asking FTS5 that a part
   * matches nothing (pasted error lines are full of values no guideline has).
   */
  constructor(
    db: SqliteDatabase,
    private readonly surface: SurfaceWords = NOTHING_KNOWN,
  ) {
    // bm25 with a column's weight zeroed is exactly 0 when the phrase is not in the other columns.
    const prose = Object.keys(WEIGHTS).map((c) => (c === 'code' ? 0 : 1));
    const title = Object.keys(WEIGHTS).map((c) => (c === 'title' ? 1 : 0));
    this.stmt = db
      .prepare<[string], [number, number, number, number]>(
        `SELECT rowid, bm25(entry_fts, ${Object.values(WEIGHTS).join(', ')}), bm25(entry_fts, ${prose.join(', ')}), bm25(entry_fts, ${title.join(', ')})
         FROM entry_fts WHERE entry_fts MATCH ?`,
      )
      .raw();
  }

  get(part: string): PartStats {
    const cached = this.parts.get(part);
    if (cached) return cached;
    // Not kept: a pasted line's ids, hashes and ports are new in every question, and would fill
    // the budget, pushing out the statistics of real words (which cost an FTS5 query to load again).
    if (this.certainlyEmpty(part)) return EMPTY_PART;
    const stats = this.load(part);
    this.parts.set(part, stats);
    return stats;
  }

  /**
   * Parts that certainly match no row, told without FTS5 (pasted error lines are full of values no
   * guideline has): a word or prefix porter leaves as it is that starts no surface word, and a phrase
   * one of whose words is in no row, or whose words share no row. The first is exact (see
   * porterKeeps): a stem equal to (or starting with) such a token is the stem of a word starting with
   * it, and the surface vocabulary has every word of the text.
   */
  private certainlyEmpty(part: string): boolean {
    const word = /^"([\p{L}\p{N}]+)"$/u.exec(part)?.[1];
    if (word !== undefined) return porterKeeps(word) && !this.surface.hasAnyWordStartingWith(word);
    const prefix = /^"([a-z0-9]+)"\*$/.exec(part)?.[1];
    if (prefix !== undefined) return porterKeeps(prefix) && !this.surface.hasAnyWordStartingWith(prefix);
    const phrase = /^"([\p{L}\p{N}]+(?: [\p{L}\p{N}]+)+)"$/u.exec(part)?.[1];
    if (phrase === undefined) return false;
    const lists = [...new Set(phrase.split(' '))].map((w) => this.get(`"${w}"`).ids);
    return lists.some((l) => l.length === 0) || !shareAny(lists);
  }

  private load(part: string): PartStats {
    let rows: [number, number, number, number][];
    try {
      rows = this.stmt.all(part);
    } catch (error) {
      // Parts are built from quoted words only; should FTS5 still reject one, it is "no hits", never a 500.
      if (error instanceof Error && /fts5|MATCH|syntax/i.test(error.message)) return EMPTY_PART;
      throw error;
    }
    const n = rows.length;
    const out = { ids: new Int32Array(n), scores: new Float64Array(n), flags: new Uint8Array(n) };
    for (let i = 0; i < n; i++) {
      const [id, weighted, prose, title] = rows[i] as [number, number, number, number];
      out.ids[i] = id;
      out.scores[i] = -weighted;
      out.flags[i] = (prose !== 0 ? PART_IN_PROSE : 0) | (title !== 0 ? PART_IN_TITLE : 0);
    }
    return out;
  }
}

/** Whether sorted id lists have an id in common. */
function shareAny(lists: readonly Int32Array[]): boolean {
  const sorted = [...lists].sort((a, b) => a.length - b.length);
  const [first, ...rest] = sorted;
  if (!first) return false;
  const at = rest.map(() => 0);
  outer: for (let i = 0; i < first.length; i++) {
    const id = first[i] ?? 0;
    for (let k = 0; k < rest.length; k++) {
      const list = rest[k] as Int32Array;
      let j = at[k] ?? 0;
      while (j < list.length && (list[j] ?? 0) < id) j++;
      at[k] = j;
      if (j >= list.length) return false;
      if (list[j] !== id) continue outer;
    }
    return true;
  }
  return false;
}
