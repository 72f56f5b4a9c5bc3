// Whole entries of search hits, kept per knowledge-base generation: the same guidelines answer many
// different questions, so a hit is read and its JSON columns parsed once, not on every search.
import type { SqliteDatabase } from '../../db/sqlite.ts';
import { Lru } from '../../support/lru.ts';
import type { EntryRecord } from '../types.ts';
import { EntryLoader } from './entry-loader.ts';

const ENTRIES = 4000;

export class EntryCache {
  private readonly loader: EntryLoader;
  private readonly entries = new Lru<number, EntryRecord>(ENTRIES);

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
        this.entries.set(id, e);
        out.set(id, e);
      }
    }
    return out;
  }
}
