// How many distinct guidelines have any part of a concept in their prose: the document frequency a
// concept's IDF is computed from. One counter for both stores (SQLite's KbStats and PostgreSQL's
// PgSearchIndex), so that both feed the ranking the same figure; cached per concept and generation.
import { Lru } from '../../support/lru.ts';
import { PART_IN_PROSE, type PartStats } from './part-cache.ts';

const CACHED_CONCEPTS = 20_000;

export class ConceptKeyCounter {
  private readonly counts = new Lru<string, number>(CACHED_CONCEPTS);
  private readonly keyStamp: Uint32Array;
  private stamp = 0;

  /** `keyOf`: dense key number per row id (-1: none); `part`: a part's rows and flags. */
  constructor(
    private readonly keyOf: Int32Array,
    keyCount: number,
    private readonly part: (part: string) => PartStats,
  ) {
    this.keyStamp = new Uint32Array(keyCount);
  }

  /** Distinct guidelines having any of the parts in their prose. */
  count(parts: readonly string[]): number {
    const id = parts.join('\u0001');
    const cached = this.counts.get(id);
    if (cached !== undefined) return cached;
    const stamp = ++this.stamp;
    let count = 0;
    for (const part of parts) {
      const s = this.part(part);
      for (let i = 0; i < s.ids.length; i++) {
        if (((s.flags[i] ?? 0) & PART_IN_PROSE) === 0) continue;
        const k = this.keyOf[s.ids[i] ?? 0] ?? -1;
        if (k >= 0 && this.keyStamp[k] !== stamp) {
          this.keyStamp[k] = stamp;
          count++;
        }
      }
    }
    this.counts.set(id, count);
    return count;
  }
}
