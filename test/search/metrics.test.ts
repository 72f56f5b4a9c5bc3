import { describe, expect, it } from 'vitest';
import { computeMetrics, firstRelevantRank } from '../../eval/metrics.ts';

describe('eval metrics', () => {
  const hits = [
    { key: 'a', version: '1.1' },
    { key: 'b', version: '1.0' },
    { key: 'c', version: '1.0' },
  ];

  it('finds the first relevant rank, honouring the expected version', () => {
    expect(firstRelevantRank(hits, { keys: ['b', 'c'], version: null })).toBe(2);
    expect(firstRelevantRank(hits, { keys: ['a'], version: '1.0' })).toBe(0);
    expect(firstRelevantRank(hits, { keys: ['c'], version: null }, 2)).toBe(0);
  });

  it('computes MRR@10, P@1, Recall@5 and the zero-result rate', () => {
    const m = computeMetrics([
      { rank: 1, hitCount: 10 },
      { rank: 2, hitCount: 10 },
      { rank: 0, hitCount: 0 },
      { rank: 6, hitCount: 10 },
    ]);
    expect(m.mrr10).toBeCloseTo((1 + 0.5 + 0 + 1 / 6) / 4);
    expect(m.p1).toBe(0.25);
    expect(m.recall5).toBe(0.5);
    expect(m.zeroResultRate).toBe(0.25);
  });
});
