// What is read on the entries' text after the candidates are scored (no full-text query): the
// whole-query phrase and the concepts one paragraph holds together (proximity). Shared by the SQLite
// and the PostgreSQL search, so that both rank alike whatever the boosts become. These boosts can
// lift a row by at most TEXT_REACH (PROXIMITY_REACH without the words of the phrase), so only rows
// within that distance of the page's last score are looked at, and the candidates are ranked again
// with what they found.
import type { SearchPlan } from '../../search/plan.ts';
import { proximityConcepts, together } from '../../search/proximity.ts';
import { RANKING, conceptWeights, rankScored, scoreCandidates, withBoosts, type CandidateStats, type QueryStats, type Scored } from '../../search/rank.ts';
import { phraseIn } from '../../search/snippet.ts';
import { stem } from '../../search/text.ts';
import type { EntryRecord, SearchParams } from '../types.ts';
import type { CandidateCollector } from './candidates.ts';
import type { FtsPlan } from './fts-match.ts';

/** How far the boosts read on the entries' text (and the tie-breaks after them) can lift a row. */
const PROXIMITY_REACH = RANKING.proximity + RANKING.currency + RANKING.specificity;
const TEXT_REACH = PROXIMITY_REACH + RANKING.phrase + RANKING.titlePhrase;

export function rankWithText(
  plan: FtsPlan,
  searchPlan: SearchPlan,
  collector: CandidateCollector,
  entries: (rowIds: readonly number[]) => Iterable<[number, EntryRecord]>,
  stats: QueryStats,
  candidates: CandidateStats[],
  params: SearchParams,
): Scored[] {
  const rows = scoreCandidates(stats, candidates, params.version);
  const ranked = rankScored(rows, params.version);
  if (ranked.length === 0) return ranked;
  const last = ranked[Math.min(ranked.length, params.offset + params.limit) - 1]?.score ?? 0;
  // A row can gain the phrase boosts only if it has every word of the phrase.
  const phraseRows = new Set(plan.phrase ? collector.withAll(rows.filter((r) => r.score >= last - TEXT_REACH).map((r) => r.id), plan.phraseWords) : []);
  // Proximity is read on each guideline's best row (its text in the other versions is the same or
  // nearly so, and a guideline is ranked by its best row).
  const bestOfKey = new Map<string, Scored>();
  for (const r of rows) {
    if (r.score < last - PROXIMITY_REACH) continue;
    const b = bestOfKey.get(r.meta.key);
    if (!b || r.score > b.score) bestOfKey.set(r.meta.key, r);
  }
  const proximityRows = new Set([...bestOfKey.values()].map((r) => r.id));
  const near = [...new Set([...proximityRows, ...phraseRows])];
  const stems = plan.phrase?.map(stem) ?? [];
  const concepts = proximityConcepts(searchPlan);
  const weights = conceptWeights(stats);
  // The same guideline text recurs in many versions: look at each text once.
  const byContent = new Map<string, number>();
  const boost = new Map<number, number>();
  for (const [id, entry] of entries(near)) {
    const key = `${proximityRows.has(id) ? 'x' : ''}${phraseRows.has(id) ? 'p' : ''}${entry.contentHash}`;
    let b = byContent.get(key);
    if (b === undefined) {
      b = proximityRows.has(id) ? RANKING.proximity * together(entry, concepts, weights) : 0;
      if (phraseRows.has(id)) {
        const m = phraseIn(entry, stems);
        if (m.anywhere) b += RANKING.phrase + (m.inTitle ? RANKING.titlePhrase : 0);
      }
      byContent.set(key, b);
    }
    if (b > 0) boost.set(id, b);
  }
  return boost.size === 0 ? ranked : rankScored(withBoosts(rows, boost), params.version);
}
