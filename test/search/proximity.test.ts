import { describe, expect, it } from 'vitest';
import type { EntryRecord } from '../../src/repositories/types.ts';
import { planSearch } from '../../src/search/plan.ts';
import { inTitleOrder, proximityConcepts, together } from '../../src/search/proximity.ts';
import { parseQuery } from '../../src/search/query.ts';

const entry = (paragraphs: string[]): EntryRecord => ({ paragraphs }) as unknown as EntryRecord;

describe('together (concepts one paragraph holds)', () => {
  const plan = planSearch(parseQuery('sidecar missing in labeled namespace '));
  const concepts = plan ? proximityConcepts(plan) : [];
  const weights = concepts.map(() => 1);

  it('scores the paragraph with most of the concepts, not the section as a whole', () => {
    const scattered = entry(['The sidecar is injected.', 'Pods can be missing.', 'A namespace can be labeled.']);
    const close = entry(['Unrelated text.', 'The sidecar is missing when the namespace is not labeled.']);
    expect(together(close, concepts, weights)).toBe(1);
    expect(together(scattered, concepts, weights)).toBe(0.5);
  });

  it('counts synonyms (envoy for sidecar) and light inflections (labels, namespaces)', () => {
    expect(together(entry(['Envoy missing from pods in namespaces with labels']), concepts, weights)).toBe(1);
  });

  it('weights concepts and reads long sections in groups of neighbouring paragraphs', () => {
    expect(together(entry(['sidecar']), concepts, [3, 1, 0, 0])).toBe(0.75);
    const long = entry([...Array.from({ length: 63 }, () => 'filler'), 'sidecar missing']);
    expect(together(long, concepts, weights)).toBe(0.5);
    expect(together(entry([]), concepts, weights)).toBe(0);
  });
});

describe('inTitleOrder (concept pairs the title holds in the query order)', () => {
  const plan = planSearch(parseQuery('policies reach the proxies '));
  const concepts = plan ? proximityConcepts(plan) : [];
  const weights = concepts.map(() => 1);
  const titled = (title: string): EntryRecord => ({ title, paragraphs: [] }) as unknown as EntryRecord;

  it('credits the title that says the words in the order asked, not the sibling that reverses them', () => {
    expect(inTitleOrder(titled('Ensure Pilot distributes policies to proxies correctly'), concepts, weights)).toBeCloseTo(1 / 3);
    expect(inTitleOrder(titled('Ensure proxies enforce policies correctly'), concepts, weights)).toBe(0);
  });

  it('reads alternatives of several words in a row and needs two concepts', () => {
    const gateway = planSearch(parseQuery('virtual service not bound to the gateway '));
    const c = gateway ? proximityConcepts(gateway) : [];
    const w = c.map(() => 1);
    expect(inTitleOrder(titled('Virtual services bound to an ingress gateway'), c, w)).toBe(1);
    expect(inTitleOrder(titled('Gateway to virtual service TLS mismatch'), c, w)).toBe(0);
    expect(inTitleOrder(titled('policies'), concepts.slice(0, 1), [1])).toBe(0);
  });
});
