// What both stores know of every entry row for the ranking (rank-columns.ts RowIndex): its guideline
// key as a dense number, its version's order and its enclosing section. Built the same way from the
// SQLite and the PostgreSQL rows, so both rank alike.
import type { RowMeta } from '../../search/rank.ts';

export interface EntryRowFacts {
  readonly id: number;
  readonly key: string;
  readonly version: string;
  readonly major: number;
  readonly minor: number;
  /** Row id of the enclosing section (null: none). */
  readonly parent: number | null;
}

export interface RowFacts {
  /** Indexed by row id. */
  readonly meta: (RowMeta | undefined)[];
  /** Dense key number per row id (-1: no entry). */
  readonly keyOf: Int32Array;
  readonly keyCount: number;
  readonly maxRowId: number;
  readonly rowCount: number;
}

/** Rows in any order; key numbers are given in the order rows come. */
export function rowFacts(rows: readonly EntryRowFacts[]): RowFacts {
  const maxRowId = rows.reduce((m, r) => Math.max(m, r.id), 0);
  const keyOf = new Int32Array(maxRowId + 1).fill(-1);
  const meta: (RowMeta | undefined)[] = [];
  const keys = new Map<string, number>();
  for (const r of rows) {
    let k = keys.get(r.key);
    if (k === undefined) keys.set(r.key, (k = keys.size));
    keyOf[r.id] = k;
    meta[r.id] = { key: r.key, version: r.version, order: r.major * 1000 + r.minor, ...(r.parent !== null ? { parent: r.parent } : {}) };
  }
  return { meta, keyOf, keyCount: Math.max(1, keys.size), maxRowId, rowCount: rows.length };
}
