// Apollo's document store (src/graphql/documents.ts): a parsed and validated operation is kept from its
// second sighting, so a stream of distinct inlined questions keeps none; the store is bounded.
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { SecondSightingDocuments } from '../../src/graphql/documents.ts';
import { gql, startTestApp } from '../support/app.ts';

describe('SecondSightingDocuments', () => {
  it('keeps a document from its second sighting, up to its capacity, the ones read since they were kept last to go', async () => {
    const store = new SecondSightingDocuments(2);
    const doc = (n: number) => parse(`{ search(query: "q${n}") { totalCount } }`);
    await store.set('a', doc(1));
    expect(await store.get('a')).toBeUndefined();
    await store.set('a', doc(1));
    expect(await store.get('a')).toEqual(doc(1));
    for (const k of ['b', 'c']) {
      await store.set(k, doc(2));
      await store.set(k, doc(2));
    }
    // Over capacity at c: b, kept but never read, goes before a, which was read.
    expect(await store.get('b')).toBeUndefined();
    for (const _ of [1, 2]) await store.set('d', doc(3));
    // a, not read again since, goes now.
    expect([await store.get('a'), await store.get('c'), await store.get('d')]).toEqual([undefined, doc(2), doc(3)]);
    expect(await store.delete('c')).toBe(true);
    expect(await store.get('c')).toBeUndefined();
  });

  it('answers inlined and variable questions alike, asked once or again', async () => {
    const t = await startTestApp();
    try {
      const byVariable = 'query($q: String!) { search(query: $q, first: 3) { totalCount edges { node { key } } } }';
      const answers = [];
      for (const q of ['gateway tls', 'gateway tls', 'gateway tls', 'sidecar injection']) {
        const inline = await gql(t, `{ search(query: ${JSON.stringify(q)}, first: 3) { totalCount edges { node { key } } } }`);
        const variable = await gql(t, byVariable, { q });
        expect(inline.status).toBe(200);
        expect(inline.body).toEqual(variable.body);
        answers.push(inline.body);
      }
      expect(answers[1]).toEqual(answers[0]);
      expect(answers[2]).toEqual(answers[0]);
    } finally {
      await t.close();
    }
  });
});
