// What the search repository answers: the page of hits with the whole entries (loaded without
// Prisma), the "did you mean" correction, and the understood query (for passages).
import type { ParsedQuery } from '../../search/query.ts';
import type { EntryRecord, SearchHitRecord } from '../types.ts';

export interface RankedHit extends SearchHitRecord {
  readonly entry: EntryRecord;
  /** How well a pasted error line matched a message of this entry, 0..1 (0: not an error match). */
  readonly errorMatch: number;
}

export interface RankedPage {
  readonly total: number;
  readonly hits: readonly RankedHit[];
  /** The query with typo corrections applied; null when nothing was corrected. */
  readonly didYouMean: string | null;
  readonly query: ParsedQuery;
}
