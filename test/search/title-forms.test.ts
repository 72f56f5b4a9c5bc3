import { describe, expect, it } from 'vitest';
import type { EntryRecord } from '../../src/repositories/types.ts';
import { planSearch } from '../../src/search/plan.ts';
import { parseQuery } from '../../src/search/query.ts';
import { IN_PROSE, IN_PROSE_AS_TYPED, IN_TITLE, IN_TITLE_AS_TYPED } from '../../src/search/rank.ts';
import { derivedInTitle, inflectionBase } from '../../src/search/title-forms.ts';

const titled = (title: string): EntryRecord => ({ title, paragraphs: [] }) as unknown as EntryRecord;
const TYPED_IN_TITLE = IN_PROSE | IN_PROSE_AS_TYPED | IN_TITLE | IN_TITLE_AS_TYPED;

describe('title forms', () => {
  it('strips inflections, not derivations', () => {
    const pairs: [string, string][] = [
      ['restrict', 'restricted'],
      ['policy', 'policies'],
      ['route', 'routing'],
      ['stop', 'stopped'],
      ['pass', 'passes'],
      ['limit', 'limits'],
    ];
    for (const [a, b] of pairs) expect(inflectionBase(a)).toBe(inflectionBase(b));
    expect(inflectionBase('restrict')).not.toBe(inflectionBase('restrictive'));
    expect(inflectionBase('limit')).not.toBe(inflectionBase('limitations'));
    expect(inflectionBase('inject')).not.toBe(inflectionBase('injection'));
  });

  it('names the typed words a title holds only as a derivation (porter: one stem)', () => {
    const plan = planSearch(parseQuery('restrict which namespaces get my config '));
    if (!plan) throw new Error('no plan');
    const at = (w: string) => plan.concepts.findIndex((c) => c.word === w);
    // What the store reports for "Authorization is too restrictive": "restrict" in the title, as typed.
    const bits = (i: number) => (i === at('restrict') ? TYPED_IN_TITLE : 0);
    expect(derivedInTitle(titled('Authorization is too restrictive'), plan, bits)).toEqual([at('restrict')]);
    expect(derivedInTitle(titled('Restricted namespaces'), plan, bits)).toEqual([]);
    // A concept the title does not hold as typed is no derivation to take back.
    expect(derivedInTitle(titled('Authorization is too restrictive'), plan, () => IN_PROSE)).toEqual([]);
  });
});
