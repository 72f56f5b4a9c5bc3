// What is read on the entries' text after the candidates are scored (no full-text query): the
// whole-query phrase, the concepts one paragraph holds together (proximity) and the order of the
// concepts in the title. Shared by the SQLite
// and the PostgreSQL search, so that both rank alike whatever the boosts become. These boosts can
// lift a row by at most TEXT_REACH (PROXIMITY_REACH without the words of the phrase), so only rows
// within that distance of the page's last score are looked at, and the candidates are ranked again
// with what they found.
import type { SearchPlan } from '../../search/plan.ts';
import { inTitleOrder, proximityConcepts, together } from '../../search/proximity.ts';
import { RANKING, conceptWeights, type QueryStats } from '../../search/rank.ts';
import type { CandidateColumns, ColumnRanker, RankedColumns } from '../../search/rank-columns.ts';
import { phraseIn } from '../../search/snippet.ts';
import { stem } from '../../search/text.ts';
import type { EntryRecord, SearchParams } from '../types.ts';
import type { CandidateCollector } from './candidates.ts';
import type { FtsPlan } from './fts-match.ts';

/** How far the boosts read on the entries' text (and the tie-breaks after them) can lift a row. */
const PROXIMITY_REACH = RANKING.proximity + RANKING.titleOrder + RANKING.currency + RANKING.specificity;
const TEXT_REACH = PROXIMITY_REACH + RANKING.phrase + RANKING.titlePhrase;

export interface TextBoostInput {
  readonly plan: FtsPlan;
  readonly searchPlan: SearchPlan;
  readonly stats: QueryStats;
  readonly params: SearchParams;
  /** Scored already (ColumnRanker.score) on `candidates`. */
  readonly ranker: ColumnRanker;
  readonly collector: CandidateCollector;
  readonly candidates: CandidateColumns;
  /** Dense key number per row id. */
  readonly keyOf: ArrayLike<number>;
  readonly entries: (rowIds: readonly number[]) => Iterable<[number, EntryRecord]>;
}

/** The page's candidates (offset + limit of them) ranked with the boosts read on their text. */
export function rankWithText({ plan, searchPlan, stats, params, ranker, collector, candidates, keyOf, entries }: TextBoostInput): RankedColumns {
  const need = params.offset + params.limit;
  const ranked = ranker.rank(need);
  if (ranked.total === 0) return ranked;
  const last = ranked.top[Math.min(ranked.top.length, need) - 1]?.score ?? 0;
  const rowOf = (slot: number) => candidates.rowIds[slot] ?? 0;
  const proximityFloor = last - PROXIMITY_REACH;
  const near = ranker.slotsFrom(plan.phrase ? last - TEXT_REACH : proximityFloor);
  // A row can gain the phrase boosts only if it has every word of the phrase.
  const phraseRows = new Set(plan.phrase ? collector.withAll(near.map(rowOf), plan.phraseWords) : []);
  // Proximity is read on each guideline's best row (its text in the other versions is the same or
  // nearly so, and a guideline is ranked by its best row).
  const bestOfKey = new Map<number, number>();
  for (const slot of near) {
    if (ranker.scoreOf(slot) < proximityFloor) continue;
    const key = keyOf[rowOf(slot)] ?? -1;
    const b = bestOfKey.get(key);
    if (b === undefined || ranker.scoreOf(slot) > ranker.scoreOf(b)) bestOfKey.set(key, slot);
  }
  const proximityRows = new Set([...bestOfKey.values()].map(rowOf));
  const looked = [...new Set([...proximityRows, ...phraseRows])];
  const stems = plan.phrase?.map(stem) ?? [];
  const concepts = proximityConcepts(searchPlan);
  const weights = conceptWeights(stats);
  // The same guideline text recurs in many versions: look at each text once.
  const byContent = new Map<string, number>();
  let boosted = 0;
  for (const [id, entry] of entries(looked)) {
    const key = `${proximityRows.has(id) ? 'x' : ''}${phraseRows.has(id) ? 'p' : ''}${entry.contentHash}`;
    let b = byContent.get(key);
    if (b === undefined) {
      b = proximityRows.has(id) ? RANKING.proximity * together(entry, concepts, weights) + RANKING.titleOrder * inTitleOrder(entry, concepts, weights) : 0;
      if (phraseRows.has(id)) {
        const m = phraseIn(entry, stems);
        if (m.anywhere) b += RANKING.phrase + (m.inTitle ? RANKING.titlePhrase : 0);
      }
      byContent.set(key, b);
    }
    const slot = collector.slotOfRow(id);
    if (b > 0 && slot >= 0) {
      ranker.boost(slot, b);
      boosted++;
    }
  }
  return boosted === 0 ? ranked : ranker.rank(need);
}
