// The exact-phrase boosts, settled after the candidates are scored. Shared by the SQLite and the
// PostgreSQL search so that both rank alike. The boosts (and the currency tie-break) can lift a
// guideline by at most RANKING.phrase + RANKING.titlePhrase + RANKING.currency, so only rows of
// guidelines within that distance of the page's last score are checked, on the entries' text (no
// full-text query), and the candidates ranked again when one has the phrase.
import { RANKING, rankCandidates, rankScored, scoreCandidates, type CandidateStats, type QueryStats, type Scored } from '../../search/rank.ts';
import { phraseIn, type PhraseMatch } from '../../search/snippet.ts';
import { stem } from '../../search/text.ts';
import type { EntryRecord, SearchParams } from '../types.ts';
import type { CandidateCollector } from './candidates.ts';
import type { FtsPlan } from './fts-match.ts';

export function rankWithPhrase(
  plan: FtsPlan,
  collector: CandidateCollector,
  entries: (rowIds: readonly number[]) => Iterable<[number, EntryRecord]>,
  stats: QueryStats,
  candidates: CandidateStats[],
  params: SearchParams,
): Scored[] {
  const rows = scoreCandidates(stats, candidates, params.version);
  const ranked = rankScored(rows, params.version);
  if (!plan.phrase || ranked.length === 0) return ranked;
  const last = ranked[Math.min(ranked.length, params.offset + params.limit) - 1]?.score ?? 0;
  const reach = last - (RANKING.phrase + RANKING.titlePhrase + RANKING.currency);
  const near = rows.filter((r) => r.score >= reach).map((r) => r.id);
  const withWords = collector.withAll(near, plan.phraseWords);
  if (withWords.length === 0) return ranked;
  const stems = plan.phrase.map(stem);
  const found = new Map<number, PhraseMatch>();
  // The same guideline text recurs in many versions: look at each text once.
  const byContent = new Map<string, PhraseMatch>();
  for (const [id, entry] of entries(withWords)) {
    let m = byContent.get(entry.contentHash);
    if (!m) byContent.set(entry.contentHash, (m = phraseIn(entry, stems)));
    if (m.anywhere) found.set(id, m);
  }
  if (found.size === 0) return ranked;
  const boosted = candidates.map((c) => {
    const m = found.get(c.id);
    return m ? { ...c, phrase: true, titlePhrase: m.inTitle } : c;
  });
  return rankCandidates(stats, boosted, params.version);
}
