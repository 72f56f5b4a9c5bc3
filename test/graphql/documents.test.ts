// Apollo's document store (src/graphql/documents.ts): a parsed and validated operation is kept from its
// second sighting, so a stream of distinct inlined questions keeps none; the store is bounded. A new
// text of an operation shape Apollo validated before is parsed, not validated again; whatever makes a
// text invalid still does.
import { ApolloServer } from '@apollo/server';
import { parse, type ValidationRule } from 'graphql';
import { describe, expect, it } from 'vitest';
import { SecondSightingDocuments, shapeOf } from '../../src/graphql/documents.ts';
import { gql, startTestApp } from '../support/app.ts';

describe('SecondSightingDocuments', () => {
  it('keeps a document from its second sighting, up to its capacity, the ones read since they were kept last to go', async () => {
    const store = new SecondSightingDocuments(2);
    const doc = (n: number) => parse(`{ search(query: "q${n}") { totalCount } }`, { noLocation: true });
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

describe('the shape of an operation', () => {
  const shape = (text: string) => shapeOf(parse(text));

  it.each([
    ['the words of a question', '{ search(query: "gateway tls") { totalCount } }', '{ search(query: "sidecar injection") { totalCount } }', true],
    ['spaces, commas and comments', '{ search(query: "a") { totalCount } }', '# asked by a bot\n{search(query:"b"),{totalCount}}', true],
    ['a number (an Int has a range)', '{ search(query: "a", first: 5) { totalCount } }', '{ search(query: "a", first: 6) { totalCount } }', false],
    ['a string for a number', '{ search(query: "a", first: 5) { totalCount } }', '{ search(query: "a", first: "5") { totalCount } }', false],
    ['equal strings against different ones', '{ a: search(query: "x") { totalCount } a: search(query: "x") { totalCount } }', '{ a: search(query: "x") { totalCount } a: search(query: "y") { totalCount } }', false],
    ['strings equal by value, however escaped', '{ a: search(query: "A") { totalCount } a: search(query: "\\u0041") { totalCount } }', '{ a: search(query: "b") { totalCount } a: search(query: "b") { totalCount } }', true],
    ['a block string against a quoted one', '{ search(query: "a") { totalCount } }', '{ search(query: """a""") { totalCount } }', false],
  ])('%s: same shape %s', (_what, a, b, same) => {
    expect(shape(a) === shape(b)).toBe(same);
  });
});

describe('an operation of a validated shape', () => {
  /** A server whose validation counts the documents it validates. */
  const echo = { Query: { echo: (_: unknown, { text }: { text: string }) => text } };
  async function counting(typeDefs: string, resolvers: typeof echo) {
    let validated = 0;
    const count: ValidationRule = () => {
      validated++;
      return {};
    };
    const documents = new SecondSightingDocuments(500);
    const server = new ApolloServer({ typeDefs, resolvers, validationRules: [count], documentStore: documents, plugins: [documents.plugin()] });
    await server.start();
    const ask = async (query: string) => {
      const { body } = await server.executeOperation({ query });
      if (body.kind !== 'single') throw new Error('incremental answer');
      return body.singleResult;
    };
    return { ask, validated: () => validated, stop: () => server.stop() };
  }

  it('is parsed and answered without being validated again', async () => {
    const s = await counting('type Query { echo(text: String!, times: Int): String }', echo);
    try {
      for (const text of ['one', 'two', 'three', 'four']) expect((await s.ask(`{ echo(text: ${JSON.stringify(text)}) }`)).data).toEqual({ echo: text });
      expect(s.validated()).toBe(1);
      // Another shape is validated, and what makes it invalid is still found.
      expect((await s.ask('{ a: echo(text: "x") a: echo(text: "x") }')).data).toEqual({ a: 'x' });
      expect((await s.ask('{ a: echo(text: "x") a: echo(text: "y") }')).errors?.[0]?.extensions?.['code']).toBe('GRAPHQL_VALIDATION_FAILED');
      expect((await s.ask('{ echo(text: "x", times: "2") }')).errors?.[0]?.extensions?.['code']).toBe('GRAPHQL_VALIDATION_FAILED');
      expect((await s.ask('{ echo(text: "x", times: 99999999999) }')).errors?.[0]?.extensions?.['code']).toBe('GRAPHQL_VALIDATION_FAILED');
      expect((await s.ask('{ echo(text: "x" }')).errors?.[0]?.extensions?.['code']).toBe('GRAPHQL_PARSE_FAILED');
      expect(s.validated()).toBe(5);
      // An invalid shape is never taken as validated.
      expect((await s.ask('{ a: echo(text: "p") a: echo(text: "q") }')).errors?.[0]?.extensions?.['code']).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(s.validated()).toBe(6);
      // A shape longer than any a client sends is not remembered (a text need not be valid to wait for validation).
      const long = 'a'.repeat(20_000);
      for (const text of ['p', 'q']) expect((await s.ask(`{ ${long}: echo(text: "${text}") }`)).data).toEqual({ [long]: text });
      expect(s.validated()).toBe(8);
    } finally {
      await s.stop();
    }
  });

  it('is validated every time when the schema has a scalar of its own (its literals may be refused by content)', async () => {
    const s = await counting('scalar Word type Query { echo(text: Word!): String }', echo);
    try {
      for (const text of ['one', 'two', 'three']) await s.ask(`{ echo(text: ${JSON.stringify(text)}) }`);
      expect(s.validated()).toBe(3);
    } finally {
      await s.stop();
    }
  });
});
