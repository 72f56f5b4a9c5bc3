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

describe('GraphQL: an operation asking search and passages of one question', () => {
  const HITS = 'totalCount didYouMean pageInfo { hasNextPage endCursor } edges { cursor score highlights node { key version } }';
  const CITED = 'id key version kind score snippet';
  /** Counts the knowledge base's rankings of a question while `run` runs. */
  async function counted<T>(run: () => Promise<T>): Promise<{ value: T; calls: string[] }> {
    const kb = t.ctx.kb;
    const calls: string[] = [];
    const methods = ['search', 'passages', 'searchWithPassages'] as const;
    const saved = methods.map((m) => [m, kb[m]] as const);
    for (const [m, f] of saved) (kb as unknown as Record<string, unknown>)[m] = (...args: unknown[]) => (calls.push(m), (f as (...a: unknown[]) => unknown).apply(kb, args));
    try {
      return { value: await run(), calls };
    } finally {
      for (const [m, f] of saved) (kb as unknown as Record<string, unknown>)[m] = f;
    }
  }

  it.each([
    ['upstream connect error or disconnect/reset before headers', null, 5, 5],
    ['route rules', '1.0', 1, 3],
    ['sidecar injection', null, 10, null],
    ['mutual tls between sidecars', null, null, 8],
    ['zzzz nothing matches', null, 2, 2],
  ] as const)('ranks %j once (version %s, first %s and %s), with the answers of the fields apart', async (q, version, hits, cited) => {
    const vars = { q, v: version, h: hits, c: cited };
    const both = await counted(() =>
      gql(t, `query($q: String!, $v: String, $h: Int, $c: Int) { search(query: $q, version: $v, first: $h) { ${HITS} } passages(query: $q, version: $v, first: $c) { ${CITED} } }`, vars),
    );
    expect(both.value.body.errors).toBeUndefined();
    expect(both.calls).toEqual(['searchWithPassages']);
    const search = await gql(t, `query($q: String!, $v: String, $h: Int) { search(query: $q, version: $v, first: $h) { ${HITS} } }`, vars);
    const passages = await gql(t, `query($q: String!, $v: String, $c: Int) { passages(query: $q, version: $v, first: $c) { ${CITED} } }`, vars);
    expect(both.value.body.data?.['search']).toEqual(search.body.data?.['search']);
    expect(both.value.body.data?.['passages']).toEqual(passages.body.data?.['passages']);
  });

  it('ranks other questions, and later pages, as asked', async () => {
    const { value, calls } = await counted(() =>
      gql(t, '{ search(query: "route rules", first: 1, after: null) { totalCount } other: passages(query: "sidecar injection") { id } }'),
    );
    expect(value.body.errors).toBeUndefined();
    expect(calls.sort()).toEqual(['passages', 'search']);
  });

  it('reports the bad field alone, as the fields apart do', async () => {
    // Both fields are non-null: an error in one nulls the data (GraphQL's rule); it is the bad field's own.
    for (const [operation, path] of [
      ['{ search(query: "route rules", first: 101) { totalCount } passages(query: "route rules", first: 2) { id } }', 'search'],
      ['{ search(query: "route rules", first: 2) { totalCount } passages(query: "route rules", first: -1) { id } }', 'passages'],
    ] as const) {
      const { body } = await gql(t, operation);
      expect(body.errors).toHaveLength(1);
      expect(body.errors?.[0]).toMatchObject({ path: [path], extensions: { code: 'BAD_USER_INPUT' } });
    }
  });
});
