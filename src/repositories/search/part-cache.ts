// Per-part FTS5 statistics, cached per knowledge-base generation: for one MATCH part (a quoted word,
// phrase or prefix), the rows it matches with their weighted bm25 and where it occurs (prose
// columns, title). One FTS5 query per part ever, its scoring done in C; the answer is kept in typed
// arrays so that adding parts for a question is a few array passes.
import type { SqliteDatabase } from '../../db/sqlite.ts';

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

const EMPTY: PartStats = { ids: new Int32Array(0), scores: new Float64Array(0), flags: new Uint8Array(0) };
/** Bytes of cached statistics kept (the whole archive's common words fit many times over). */
const BUDGET_BYTES = 24 * 1024 * 1024;

export class PartCache {
  private readonly stmt;
  private readonly parts = new Map<string, PartStats>();
  private bytes = 0;

  /** `absent(word)`: the word is certainly not in entry_fts (its statistics are empty without asking FTS5). */
  constructor(
    db: SqliteDatabase,
    private readonly absent: (word: string) => boolean = () => false,
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
    if (cached) {
      this.parts.delete(part);
      this.parts.set(part, cached);
      return cached;
    }
    const stats = this.load(part);
    this.parts.set(part, stats);
    this.bytes += stats.ids.length * 13 + part.length * 2 + 64;
    while (this.bytes > BUDGET_BYTES && this.parts.size > 1) {
      const [oldest, value] = this.parts.entries().next().value as [string, PartStats];
      this.parts.delete(oldest);
      this.bytes -= value.ids.length * 13 + oldest.length * 2 + 64;
    }
    return stats;
  }

  private load(part: string): PartStats {
    // Porter leaves a token that ends in a digit as it is, so a port, number or id the surface
    // vocabulary does not know is in no row (pasted error lines are full of them).
    const digits = /^"([\p{L}\p{N}]*\p{N})"$/u.exec(part);
    if (digits?.[1] !== undefined && this.absent(digits[1])) return EMPTY;
    let rows: [number, number, number, number][];
    try {
      rows = this.stmt.all(part);
    } catch (error) {
      // Parts are built from quoted words only; should FTS5 still reject one, it is "no hits", never a 500.
      if (error instanceof Error && /fts5|MATCH|syntax/i.test(error.message)) return EMPTY;
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
