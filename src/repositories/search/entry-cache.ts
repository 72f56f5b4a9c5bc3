// Whole entries of search hits, kept per knowledge-base generation: the same guidelines answer many
// different questions, so a hit is read and its JSON columns parsed once, not on every search. A
// search reads hundreds of entries (the text boosts look at every row near the page), so a lookup
// is one Map get: the oldest entry read is dropped when the cache is full (the whole archive fits).
import type { SqliteDatabase } from '../../db/sqlite.ts';
import type { EntryRecord } from '../types.ts';
import { EntryLoader } from './entry-loader.ts';

const ENTRIES = 4000;

export class EntryCache {
  private readonly loader: EntryLoader;
  private readonly entries = new Map<number, EntryRecord>();

  constructor(db: SqliteDatabase) {
    this.loader = new EntryLoader(db);
  }

  clear(): void {
    this.entries.clear();
  }

  load(rowIds: readonly number[]): Map<number, EntryRecord> {
    const out = new Map<number, EntryRecord>();
    const missing: number[] = [];
    for (const id of rowIds) {
      const e = this.entries.get(id);
      if (e) out.set(id, e);
      else missing.push(id);
    }
    if (missing.length > 0) {
      for (const [id, e] of this.loader.load(missing)) {
        if (this.entries.size >= ENTRIES) this.entries.delete(this.entries.keys().next().value as number);
        this.entries.set(id, e);
        out.set(id, e);
      }
    }
    return out;
  }
}
