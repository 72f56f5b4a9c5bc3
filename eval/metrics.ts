// Retrieval metrics over a judged query set. A query lists every guideline key that answers it; any
// of them counts as relevant (one right answer is what the chatbot needs in first place).
export interface RankedKey {
  readonly key: string;
  readonly version: string;
}

export interface Judged {
  readonly keys: readonly string[];
  /** The version a relevant hit must have; null = any. */
  readonly version: string | null;
}

/** 1-based rank of the first relevant hit within the first `depth`, or 0 when none. */
export function firstRelevantRank(hits: readonly RankedKey[], judged: Judged, depth = 10): number {
  const i = hits.slice(0, depth).findIndex((h) => judged.keys.includes(h.key) && (judged.version === null || h.version === judged.version));
  return i + 1;
}

export interface Metrics {
  readonly queries: number;
  readonly mrr10: number;
  readonly p1: number;
  /** Share of queries with a relevant hit in the top 5. */
  readonly recall5: number;
  readonly zeroResultRate: number;
}

export function computeMetrics(results: readonly { rank: number; hitCount: number }[]): Metrics {
  const n = results.length || 1;
  const sum = (f: (r: { rank: number; hitCount: number }) => number) => results.reduce((a, r) => a + f(r), 0) / n;
  return {
    queries: results.length,
    mrr10: sum((r) => (r.rank > 0 ? 1 / r.rank : 0)),
    p1: sum((r) => (r.rank === 1 ? 1 : 0)),
    recall5: sum((r) => (r.rank > 0 && r.rank <= 5 ? 1 : 0)),
    zeroResultRate: sum((r) => (r.hitCount === 0 ? 1 : 0)),
  };
}
