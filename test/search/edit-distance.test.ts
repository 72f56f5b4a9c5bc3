// The bounded edit distance of typo correction against a plain full-table reference.
import { describe, expect, it } from 'vitest';
import { editDistance } from '../../src/search/edit-distance.ts';

/** Optimal string alignment distance, the whole table, no bound. */
function reference(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[];
      const up = d[i - 1] as number[];
      row[j] = Math.min((up[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (up[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j] ?? 0, ((d[i - 2] as number[])[j - 2] ?? 0) + 1);
    }
  return (d[a.length] as number[])[b.length] ?? 0;
}

describe('editDistance', () => {
  it('counts a transposition as one edit', () => {
    expect(editDistance('virtaul', 'virtual')).toBe(1);
    expect(editDistance('sidecar', 'sidecar')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('matches the full table within the bound and exceeds the bound beyond it, whatever the calls before', () => {
    let seed = 14;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const word = () => Array.from({ length: Math.floor(random() * 14) }, () => 'abcde'[Math.floor(random() * 5)]).join('');
    for (let i = 0; i < 5000; i++) {
      const [a, b] = [word(), word()];
      const max = [0, 1, 2, 3, Number.POSITIVE_INFINITY][i % 5] ?? 2;
      const want = reference(a, b);
      const got = editDistance(a, b, max);
      if (want <= max) expect(got, `${a} ${b} ${max}`).toBe(want);
      else expect(got, `${a} ${b} ${max}`).toBeGreaterThan(max);
    }
  });
});
