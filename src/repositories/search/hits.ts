// A ranked page of rows as hits: the entries with their highlight. Shared by the SQLite and the
// PostgreSQL search, which differ only in how they find and score candidates.
import { conceptsOf } from '../../search/passages.ts';
import type { ParsedQuery } from '../../search/query.ts';
import type { Scored } from '../../search/rank.ts';
import { hitSnippet } from '../../search/snippet.ts';
import type { EntryRecord } from '../types.ts';
import type { RankedHit } from './types.ts';

const round = (x: number): number => Math.round(x * 1000) / 1000;

export function toRankedHits(page: readonly Scored[], entries: ReadonlyMap<number, EntryRecord>, query: ParsedQuery): RankedHit[] {
  const concepts = conceptsOf(query);
  const hits: RankedHit[] = [];
  for (const s of page) {
    const entry = entries.get(s.id);
    if (!entry) continue;
    const highlight = hitSnippet(entry, concepts);
    hits.push({
      rowId: s.id,
      key: entry.key,
      slug: entry.slug,
      version: entry.version,
      title: entry.title,
      url: entry.url,
      score: round(s.score),
      highlights: highlight ? [highlight] : [],
      entry,
      errorMatch: round(s.error),
    });
  }
  return hits;
}
