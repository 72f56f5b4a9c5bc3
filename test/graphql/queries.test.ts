import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

const ENTRY_FIELDS = 'id slug key version title url symptoms causes fixes errorMessages versions snippets { language code kinds parseError } rules { id title severity }';

describe('GraphQL', () => {
  it('versions', async () => {
    const { status, body } = await gql(t, '{ versions { name isLatest entryCount } }');
    expect(status).toBe(200);
    expect(body.data?.['versions']).toEqual([{ name: '1.0', isLatest: true, entryCount: 8 }]);
  });

  it('search returns a connection, best first, with highlights', async () => {
    const { body } = await gql(
      t,
      `query($q: String!) { search(query: $q, first: 2) { totalCount pageInfo { hasNextPage endCursor } edges { cursor score highlights node { ${ENTRY_FIELDS} } } } }`,
      { q: 'non unique port name for HTTPS port' },
    );
    expect(body.errors).toBeUndefined();
    const search = body.data?.['search'];
    expect(search.edges[0].node.slug).toBe('configuring-multiple-tls-hosts-in-a-gateway');
    expect(search.edges[0].highlights[0]).toContain('<mark>');
    expect(search.edges.length).toBeLessThanOrEqual(2);
    expect(search.totalCount).toBeGreaterThanOrEqual(search.edges.length);
  });

  it('search pages with after', async () => {
    const first = await gql(t, '{ search(query: "route rules", first: 1) { pageInfo { hasNextPage endCursor } edges { node { slug } } } }');
    const page = first.body.data?.['search'];
    expect(page.pageInfo.hasNextPage).toBe(true);
    const next = await gql(t, 'query($a: String) { search(query: "route rules", first: 1, after: $a) { edges { node { slug } } } }', { a: page.pageInfo.endCursor });
    expect(next.body.data?.['search'].edges[0].node.slug).not.toBe(page.edges[0].node.slug);
  });

  it('search treats FTS syntax as text', async () => {
    const { body } = await gql(t, '{ search(query: "\\"NEAR( * : - AND") { totalCount } }');
    expect(body.errors).toBeUndefined();
  });

  it('entry by slug and by key, with and without version', async () => {
    const bySlug = await gql(t, `{ entry(slug: "headless-tcp-services-losing-connection") { ${ENTRY_FIELDS} } }`);
    expect(bySlug.body.data?.['entry']).toMatchObject({ slug: 'headless-tcp-services-losing-connection', version: '1.0', versions: ['1.0'] });
    const byKey = await gql(t, '{ entry(slug: "envoy-wont-connect-to-my-http-1-0-service", version: "1.0") { slug key } }');
    expect(byKey.body.data?.['entry']).toEqual({ slug: 'envoy-wont-connect-to-my-http10-service', key: 'envoy-wont-connect-to-my-http-1-0-service' });
  });

  it('entry answers null with a NOT_FOUND error when absent (as REST answers 404) and BAD_USER_INPUT for an unknown version', async () => {
    const missing = await gql(t, '{ entry(slug: "nope") { slug } }');
    expect(missing.body.data?.['entry']).toBeNull();
    expect(missing.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(missing.body.errors?.[0]?.message).toBe('No entry "nope".');
    const rest = await t.http.get('/api/v1/entries/nope');
    expect(rest.status).toBe(404);
    expect(rest.body.detail).toBe(missing.body.errors?.[0]?.message);
    for (const query of ['{ history(slug: "nope") { key } }', '{ compare(slug: "nope", from: "1.0", to: "1.0") { key } }', '{ rule(id: "nope") { id } }']) {
      const r = await gql(t, query);
      expect(r.body.errors?.[0]?.extensions?.code, query).toBe('NOT_FOUND');
    }
    const badVersion = await gql(t, '{ entry(slug: "nope", version: "3.1") { slug } }');
    expect(badVersion.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(badVersion.body.errors?.[0]?.message).toContain('1.0');
  });

  it('entries lists a version in page order, paged', async () => {
    const { body } = await gql(t, '{ entries(first: 3) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { slug } } } }');
    const entries = body.data?.['entries'];
    expect(entries.totalCount).toBe(8);
    expect(entries.edges.map((e: { node: { slug: string } }) => e.node.slug)).toEqual([
      'multiple-virtual-services-and-destination-rules-for-the-same-host',
      '503-errors-after-setting-destination-rule',
      '503-errors-while-reconfiguring-service-routes',
    ]);
    expect(entries.pageInfo.hasNextPage).toBe(true);
    const rest = await gql(t, 'query($a: String) { entries(first: 50, after: $a) { edges { node { slug } } pageInfo { hasNextPage } } }', { a: entries.pageInfo.endCursor });
    expect(rest.body.data?.['entries'].edges).toHaveLength(5);
    expect(rest.body.data?.['entries'].pageInfo.hasNextPage).toBe(false);
  });

  it.each([
    ['{ search(query: "x", first: -1) { totalCount } }', 'BAD_USER_INPUT'],
    ['{ search(query: "x", first: 101) { totalCount } }', 'BAD_USER_INPUT'],
    ['{ search(query: "x", first: 100000) { totalCount } }', 'GRAPHQL_VALIDATION_FAILED'],
    ['{ search(query: "x", after: "bogus") { totalCount } }', 'BAD_USER_INPUT'],
    ['{ entries(version: "banana") { totalCount } }', 'BAD_USER_INPUT'],
    ['{ nope }', 'GRAPHQL_VALIDATION_FAILED'],
    ['{ search { totalCount } }', 'GRAPHQL_VALIDATION_FAILED'],
    ['{ search(query: ', 'GRAPHQL_PARSE_FAILED'],
  ])('%s -> %s (4xx or errors, never a 500)', async (query, code) => {
    const { status, body } = await gql(t, query);
    expect(status).toBeLessThan(500);
    expect(body.errors?.[0]?.extensions?.code).toBe(code);
    expect(JSON.stringify(body)).not.toContain('stacktrace');
  });

  it('rejects variables of the wrong type with 400', async () => {
    const { status, body } = await gql(t, 'query($q: String!) { search(query: $q) { totalCount } }', { q: 42 });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('rejects a non-JSON body with 400, not 500', async () => {
    const res = await t.http.post('/graphql').set('content-type', 'application/json').send('{"query": ');
    expect(res.status).toBe(400);
  });

  it('blocks GET requests without a preflight header (CSRF prevention)', async () => {
    const res = await t.http.get('/graphql').query({ query: '{ versions { name } }' });
    expect(res.status).toBe(400);
  });
});

describe('GraphQL errors as `npm start` gives them (NODE_ENV development by default)', () => {
  // Apollo adds the server's stack to every error in development; a client's mistake must not carry
  // it (it shows the server's file paths and says nothing about the query).
  let dev: TestApp;
  beforeAll(async () => {
    dev = await startTestApp({ env: { NODE_ENV: 'development' } });
  });
  afterAll(async () => {
    await dev.close();
  });

  it.each([
    ['{ search(query: "x", first: -1) { totalCount } }', 'BAD_USER_INPUT'],
    ['{ nope }', 'GRAPHQL_VALIDATION_FAILED'],
    ['{ search(query: ', 'GRAPHQL_PARSE_FAILED'],
  ])('%s -> %s without a stack trace', async (query, code) => {
    const { status, body } = await gql(dev, query);
    expect(status).toBeLessThan(500);
    expect(body.errors?.[0]?.extensions?.code).toBe(code);
    expect(JSON.stringify(body)).not.toContain('stacktrace');
  });
});

describe('GraphQL response cache', () => {
  // The response cache answers a hit with an `age` header; an answer is kept from its second asking.
  const ask = (q: string) => t.http.post('/graphql').set('content-type', 'application/json').send({ query: 'query($q: String!) { search(query: $q, first: 1) { totalCount } }', variables: { q } });

  it('keeps an answer only from its second asking', async () => {
    const q = 'sidecar injection missing on a pod';
    const first = await ask(q);
    const second = await ask(q);
    const third = await ask(q);
    expect(first.headers['age']).toBeUndefined();
    expect(second.headers['age']).toBeUndefined();
    expect(third.headers['age']).toBeDefined();
    expect(third.body).toEqual(first.body);
    expect(second.body).toEqual(first.body);
    // Another question asked once is not answered from the cache on its first repeat either.
    expect((await ask('mtls permissive mode')).headers['age']).toBeUndefined();
  });
});
