// A ranked page of rows as hits: the entries with their highlight (built when read). Shared by the SQLite and the
// PostgreSQL search, which differ only in how they find and score candidates.
import { conceptsOf, type Concept } from '../../search/passages.ts';
import type { ParsedQuery } from '../../search/query.ts';
import type { Scored } from '../../search/rank.ts';
import { hitSnippet } from '../../search/snippet.ts';
import type { EntryRecord } from '../types.ts';
import type { RankedHit } from './types.ts';

const round = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * The hits of a page. A hit's highlight is built when first read: the service asks one hit more than
 * it shows (to tell whether a next page exists), and a GraphQL client may not ask for highlights.
 */
export function toRankedHits(page: readonly Scored[], entries: ReadonlyMap<number, EntryRecord>, query: ParsedQuery): RankedHit[] {
  let concepts: readonly Concept[] | undefined;
  const hits: RankedHit[] = [];
  for (const s of page) {
    const entry = entries.get(s.id);
    if (!entry) continue;
    let highlights: readonly string[] | undefined;
    hits.push({
      rowId: s.id,
      key: entry.key,
      slug: entry.slug,
      version: entry.version,
      title: entry.title,
      url: entry.url,
      score: round(s.score),
      get highlights(): readonly string[] {
        if (highlights === undefined) {
          const highlight = hitSnippet(entry, (concepts ??= conceptsOf(query)));
          highlights = highlight ? [highlight] : [];
        }
        return highlights;
      },
      entry,
      errorMatch: round(s.error),
    });
  }
  return hits;
}
