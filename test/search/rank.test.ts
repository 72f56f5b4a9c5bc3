import { describe, expect, it } from 'vitest';
import { planSearch } from '../../src/search/plan.ts';
import { parseQuery } from '../../src/search/query.ts';
import { IN_PROSE, IN_PROSE_AS_TYPED, IN_TITLE, IN_TITLE_AS_TYPED, rankCandidates, type CandidateStats } from '../../src/search/rank.ts';

const ALL = IN_PROSE | IN_PROSE_AS_TYPED | IN_TITLE | IN_TITLE_AS_TYPED;

function candidate(id: number, key: string, version: string, concepts: number[], extra: Partial<CandidateStats> = {}): CandidateStats {
  const [major, minor] = version.split('.').map(Number);
  return { id, meta: { key, version, order: (major ?? 0) * 1000 + (minor ?? 0) }, text: 1, error: 0, concepts, identifiers: 0, phrase: false, titlePhrase: false, ...extra };
}

describe('rankCandidates (dialect-free ranking)', () => {
  const stats = { conceptKeys: [5, 50], keyCount: 100, identifierCount: 0 };

  it('prefers the row with all concepts over one that only has the common one', () => {
    const ranked = rankCandidates(stats, [candidate(1, 'common', '1.0', [0, ALL], { text: 3 }), candidate(2, 'both', '1.0', [IN_PROSE | IN_PROSE_AS_TYPED, IN_PROSE | IN_PROSE_AS_TYPED])]);
    expect(ranked.map((s) => s.meta.key)).toEqual(['both', 'common']);
  });

  it('credits a synonym-only match less than the word as typed', () => {
    const ranked = rankCandidates(stats, [candidate(1, 'synonym', '1.0', [IN_PROSE, 0]), candidate(2, 'typed', '1.0', [IN_PROSE | IN_PROSE_AS_TYPED, 0])]);
    expect(ranked[0]?.meta.key).toBe('typed');
  });

  it('shows each key once, in its newest version, with its best score; keeps an older version that quotes the error', () => {
    const ranked = rankCandidates(stats, [
      candidate(1, 'k', '1.0', [ALL, ALL]),
      candidate(2, 'k', '1.4', [0, IN_PROSE]),
      candidate(3, 'e', '1.0', [0, 0], { error: 0.9 }),
      candidate(4, 'e', '1.5', [0, 0]),
    ]);
    expect(ranked.map((s) => `${s.meta.key}@${s.meta.version}`)).toEqual(['k@1.4', 'e@1.0']);
    expect(ranked[0]?.score).toBeGreaterThan(1.3);
  });

  it('breaks a near-tie between guidelines towards the newer docs, but not a clear difference', () => {
    const tie = rankCandidates(stats, [candidate(1, 'old', '0.8', [ALL, 0], { text: 1.01 }), candidate(2, 'new', '1.25', [ALL, 0])]);
    expect(tie.map((s) => s.meta.key)).toEqual(['new', 'old']);
    const clear = rankCandidates(stats, [candidate(1, 'old', '0.8', [ALL, ALL]), candidate(2, 'new', '1.25', [ALL, 0])]);
    expect(clear.map((s) => s.meta.key)).toEqual(['old', 'new']);
  });

  it('puts a subsection nearly as good as its enclosing section just above it, not one clearly worse', () => {
    const section = candidate(1, 'section', '1.25', [ALL, IN_PROSE | IN_PROSE_AS_TYPED], { text: 1.1 });
    const near = candidate(2, 'near', '1.25', [ALL, IN_PROSE | IN_PROSE_AS_TYPED]);
    const far = candidate(3, 'far', '1.25', [ALL, 0]);
    const alone = rankCandidates(stats, [section, { ...far, meta: { ...far.meta, parent: 1 } }]);
    expect(alone.map((s) => s.meta.key)).toEqual(['section', 'far']);
    const ranked = rankCandidates(stats, [section, { ...near, meta: { ...near.meta, parent: 1 } }]);
    expect(ranked.map((s) => s.meta.key)).toEqual(['near', 'section']);
  });

  it('moves a section whose subsection holds its evidence below the next distinct answer', () => {
    const section = candidate(1, 'section', '1.25', [ALL, IN_PROSE | IN_PROSE_AS_TYPED], { text: 1.1 });
    const near = candidate(2, 'near', '1.25', [ALL, IN_PROSE | IN_PROSE_AS_TYPED], { meta: { key: 'near', version: '1.25', order: 1025, parent: 1 } });
    const other = candidate(3, 'other', '1.25', [ALL, 0]);
    expect(rankCandidates(stats, [section, other]).map((s) => s.meta.key)).toEqual(['section', 'other']);
    expect(rankCandidates(stats, [section, near, other]).map((s) => s.meta.key)).toEqual(['near', 'other', 'section']);
  });

  it('filters by version and keeps every row of it', () => {
    const ranked = rankCandidates(stats, [candidate(1, 'a', '1.0', [ALL, 0]), candidate(2, 'a', '1.4', [ALL, 0]), candidate(3, 'b', '1.0', [0, ALL])], '1.0');
    expect(ranked.map((s) => s.id)).toEqual([1, 3]);
  });
});

describe('planSearch', () => {
  it('has a concept per word with its synonyms, the half-typed word as a prefix, identifiers and the phrase', () => {
    const plan = planSearch(parseQuery('mtls proxy_http_version destina'));
    expect(plan?.concepts.map((c) => [c.label, c.prefix, c.synonyms.length > 0])).toEqual([
      ['mtls', false, true],
      ['proxy', false, false],
      ['http', false, false],
      ['version', false, true],
      ['destina', true, false],
    ]);
    expect(plan?.identifiers).toEqual(['proxy_http_version']);
    expect(plan?.identifierPhrases).toEqual([['proxy', 'http', 'version']]);
    expect(plan?.phrase).toEqual(['mtls', 'proxy', 'http', 'version', 'destina']);
  });

  it('looks a synonym member of several typed words up as one phrase concept', () => {
    const plan = planSearch(parseQuery('the control plane drops my destination rule'));
    expect(plan?.concepts.map((c) => [c.label, c.synonyms.map((s) => s.join(' '))])).toEqual([
      ['control plane', ['pilot', 'istiod', 'istio pilot']],
      ['drops', []],
      ['destination rule', ['dr', 'destinationrule']],
    ]);
  });

  it('adds the word the index has for two words typed in a row (host network: hostNetwork) to both', () => {
    const vocab = { documentFrequency: (w: string) => (w === 'hostnetwork' ? 24 : 0), wordsOfLength: () => [], hasWordStartingWith: () => false };
    const plan = planSearch(parseQuery('pods on the host network '), vocab);
    expect(plan?.concepts.map((c) => [c.label, c.synonyms.map((s) => s.join(' '))])).toEqual([
      ['pods', []],
      ['host', ['hostnetwork']],
      ['network', ['hostnetwork']],
    ]);
  });

  it('looks a word the index lacks up also as the two words it joins (routerule: route rule, http1: http 1)', () => {
    const df: Record<string, number> = { route: 292, rule: 230, http: 483, check: 40, out: 300, nginx: 30, routing: 80 };
    const vocab = { documentFrequency: (w: string) => df[w] ?? 0, wordsOfLength: () => [], hasWordStartingWith: () => false };
    const concepts = (q: string) => planSearch(parseQuery(q), vocab)?.concepts.map((c) => [c.label, c.synonyms.map((s) => s.join(' '))]);
    expect(concepts('503s with routerule changes ')).toContainEqual(['routerule', ['route rule']]);
    expect(concepts('nginx speaks http1 ')).toContainEqual(['http1', ['http 1']]);
    // A known word is not split, nor a word into a part of 3 letters ("checkout": check out).
    expect(concepts('routing checkout ')).toEqual([
      ['routing', []],
      ['checkout', []],
    ]);
  });

  it('lets number words find their digits, not digits their words', () => {
    const plan = planSearch(parseQuery('two rules instead of 1 '));
    expect(plan?.concepts.map((c) => [c.label, c.synonyms.map((s) => s.join(' '))])).toEqual([
      ['two', ['2']],
      ['rules', []],
      ['instead', []],
      ['1', []],
    ]);
  });

  it('is null for a query without words', () => {
    expect(planSearch(parseQuery('  ... '))).toBeNull();
  });
});
