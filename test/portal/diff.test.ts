// The compare view's diff (plain TypeScript, shared by the browser bundle).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffSequences, lines, words } from '../../src/portal/ui/lib/diff.ts';

const join = (parts: { op: string; text: string }[], keep: string) => parts.filter((p) => p.op === 'same' || p.op === keep).map((p) => p.text).join('');

describe('diffSequences', () => {
  it('marks the changed words of a sentence', () => {
    const parts = diffSequences(words('This results in HTTP 503 errors until all objects are available to Pilot.'), words('This results in HTTP 503 errors until all objects are available to istiod.'));
    expect(parts.filter((p) => p.op !== 'same')).toEqual([
      { op: 'removed', text: 'Pilot.' },
      { op: 'added', text: 'istiod.' },
    ]);
  });

  it('diffs snippets by line', () => {
    const parts = diffSequences(lines('a: 1\nb: 2\nc: 3\n'), lines('a: 1\nb: 20\nc: 3\n'));
    expect(parts).toEqual([
      { op: 'same', text: 'a: 1\n' },
      { op: 'removed', text: 'b: 2\n' },
      { op: 'added', text: 'b: 20\n' },
      { op: 'same', text: 'c: 3\n' },
    ]);
  });

  it('gives back both texts, for any input', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const parts = diffSequences(words(a), words(b));
        expect(join(parts, 'removed')).toBe(a);
        expect(join(parts, 'added')).toBe(b);
      }),
    );
  });

  it('falls back to removed-then-added beyond its size limit instead of a huge table', () => {
    const a = Array.from({ length: 1000 }, (_, i) => `a${i} `);
    const b = Array.from({ length: 1000 }, (_, i) => `b${i} `);
    const parts = diffSequences(a, b);
    expect(parts.map((p) => p.op)).toEqual(['removed', 'added']);
  });
});
