// Limits and protective headers of the HTTP surface: body and diagnose caps, GraphQL depth /
// alias / cost / token / batching limits, query-length and page-size caps, rate limit, CORS,
// helmet, request ids, masked internals in production, and unsupported content types. Every
// refusal is checked for its code (REST problem document or GraphQL extensions.code).
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startTestApp, type TestApp } from '../support/app.ts';

const SERVICE = (name: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}}\nspec: {ports: [{port: 80, name: http}]}\n`;

function expectProblem(res: Response, status: number, code: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, code, type: expect.stringMatching(/^https:\/\//), title: expect.any(String), detail: expect.any(String) });
  expect(res.body.requestId).toBe(res.headers['x-request-id']);
}

function gqlCodes(body: { errors?: { extensions?: { code?: string } }[] }): (string | undefined)[] {
  return (body.errors ?? []).map((e) => e.extensions?.code);
}

let t: TestApp;
let small: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { RATE_LIMIT_MAX: '0' } });
  small = await startTestApp({ env: { RATE_LIMIT_MAX: '0', BODY_LIMIT_BYTES: '4096', DIAGNOSE_MAX_BYTES: '2048', DIAGNOSE_MAX_RESOURCES: '2', PAGE_MAX_SIZE: '5', SEARCH_MAX_QUERY_LENGTH: '40' } });
});
afterAll(async () => {
  await t?.close();
  await small?.close();
});

describe('request body and diagnose input limits', () => {
  it('refuses a REST body over the default 1 MB with a 413 problem document', async () => {
    const res = await t.http.post('/api/v1/diagnose').set('content-type', 'application/yaml').send(`a: ${'x'.repeat(1024 * 1024 + 10)}`);
    expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('refuses a body over BODY_LIMIT_BYTES on REST (problem) and GraphQL (coded error)', async () => {
    expectProblem(await small.http.post('/api/v1/diagnose').set('content-type', 'application/json').send({ manifests: 'x'.repeat(5000) }), 413, 'PAYLOAD_TOO_LARGE');
    const res = await small.http.post('/graphql').set('content-type', 'application/json').send({ query: '{ versions { name } }', variables: { pad: 'x'.repeat(5000) } });
    expect(res.status).toBe(413);
    expect(gqlCodes(res.body)).toEqual(['PAYLOAD_TOO_LARGE']);
  });

  it('refuses diagnose input over DIAGNOSE_MAX_BYTES with PAYLOAD_TOO_LARGE (REST 413, GraphQL code)', async () => {
    const big = `${SERVICE('a')}# ${'x'.repeat(2100)}\n`;
    const res = await small.http.post('/api/v1/diagnose').set('content-type', 'application/yaml').send(big);
    expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
    expect(res.body.details).toMatchObject({ limit: 2048 });
    const g = await gql(small, 'query($m: String!) { diagnose(manifests: $m) { resourceCount } }', { m: big });
    expect(gqlCodes(g.body)).toEqual(['PAYLOAD_TOO_LARGE']);
  });

  it('counts manifests and previous together against the byte cap', async () => {
    const half = `${SERVICE('a')}# ${'x'.repeat(1100)}\n`;
    const res = await small.http.post('/api/v1/diagnose').set('content-type', 'application/json').send({ manifests: half, previous: half });
    expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('refuses more resources than DIAGNOSE_MAX_RESOURCES, also inside a kind: List', async () => {
    expectProblem(await small.http.post('/api/v1/diagnose').set('content-type', 'application/yaml').send([SERVICE('a'), SERVICE('b'), SERVICE('c')].join('---\n')), 413, 'PAYLOAD_TOO_LARGE');
    const list = `apiVersion: v1\nkind: List\nitems:\n${['a', 'b', 'c'].map((n) => `- {apiVersion: v1, kind: Service, metadata: {name: ${n}}}`).join('\n')}\n`;
    expectProblem(await small.http.post('/api/v1/diagnose').set('content-type', 'application/yaml').send(list), 413, 'PAYLOAD_TOO_LARGE');
    const ok = await small.http.post('/api/v1/diagnose').set('content-type', 'application/yaml').send([SERVICE('a'), SERVICE('b')].join('---\n'));
    expect(ok.status).toBe(200);
    expect(ok.body.resourceCount).toBe(2);
  });

  it('turns an alias bomb and deep nesting into parse errors, not a hang or a 5xx', async () => {
    const lol = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) lol.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const bomb = await t.http.post('/api/v1/diagnose').set('content-type', 'application/yaml').send(`${lol.join('\n')}\n---\n${SERVICE('ok')}`);
    expect(bomb.status).toBe(200);
    expect(bomb.body.parseErrors.length).toBeGreaterThan(0);
    expect(bomb.body.resourceCount).toBe(1);
    const deep = await t.http.post('/api/v1/diagnose').set('content-type', 'application/yaml').send(`a: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`);
    expect(deep.status).toBe(200);
    expect(deep.body.parseErrors.length).toBeGreaterThan(0);
  });

  it('answers an unsupported content type on diagnose with a 415 problem document', async () => {
    expectProblem(await t.http.post('/api/v1/diagnose').set('content-type', 'application/xml').send('<a/>'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectProblem(await t.http.post('/api/v1/diagnose').set('content-type', 'application/x-www-form-urlencoded').send('manifests=a'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectProblem(await t.http.post('/api/v1/diagnose').set('content-type', 'multipart/form-data; boundary=x').send('--x--'), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers malformed JSON with a 400 problem document', async () => {
    expectProblem(await t.http.post('/api/v1/diagnose').set('content-type', 'application/json').send('{"manifests": '), 400, 'BAD_USER_INPUT');
  });
});

describe('search and paging caps', () => {
  it('refuses a search query over SEARCH_MAX_QUERY_LENGTH (REST and GraphQL)', async () => {
    expectProblem(await small.http.get('/api/v1/search').query({ q: 'a'.repeat(41) }), 400, 'BAD_USER_INPUT');
    expect((await small.http.get('/api/v1/search').query({ q: 'a'.repeat(40), limit: 5 })).status).toBe(200);
    const g = await gql(small, 'query($q: String!) { search(query: $q, first: 5) { totalCount } }', { q: 'a'.repeat(41) });
    expect(gqlCodes(g.body)).toEqual(['BAD_USER_INPUT']);
    expectProblem(await t.http.get('/api/v1/search').query({ q: 'gateway '.repeat(63) }), 400, 'BAD_USER_INPUT');
  });

  it('caps limit / first at PAGE_MAX_SIZE (REST and GraphQL)', async () => {
    expectProblem(await small.http.get('/api/v1/search').query({ q: 'gateway', limit: 6 }), 400, 'BAD_USER_INPUT');
    expectProblem(await small.http.get('/api/v1/entries').query({ limit: 6 }), 400, 'BAD_USER_INPUT');
    expect((await small.http.get('/api/v1/entries').query({ limit: 5 })).status).toBe(200);
    expect(gqlCodes((await gql(small, '{ search(query: "gateway", first: 6) { totalCount } }')).body)).toEqual(['BAD_USER_INPUT']);
    expect(gqlCodes((await gql(small, '{ entries(first: 6) { totalCount } }')).body)).toEqual(['BAD_USER_INPUT']);
    expectProblem(await t.http.get('/api/v1/entries').query({ limit: 101 }), 400, 'BAD_USER_INPUT');
    expect((await t.http.get('/api/v1/entries').query({ limit: 100 })).status).toBe(200);
  });

  it('answers an over-long URL, an undecodable path and an over-long slug with problem documents', async () => {
    const long = await t.http.get('/api/v1/search').query({ q: 'é'.repeat(4000) });
    expect(long.status).toBe(431);
    expect(long.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(long.body).toMatchObject({ status: 431, code: 'PAYLOAD_TOO_LARGE' });
    expectProblem(await t.http.get('/api/v1/entries/%ZZ'), 400, 'BAD_USER_INPUT');
    // Real heading ids can be longer than Fastify's default 100-character parameter limit.
    expectProblem(await t.http.get(`/api/v1/entries/${'x'.repeat(250)}`), 404, 'NOT_FOUND');
    expectProblem(await t.http.get(`/api/v1/entries/${'x'.repeat(400)}`), 414, 'BAD_USER_INPUT');
  });
});

describe('GraphQL limits', () => {
  const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: versions { name }`).join(' ')} }`;

  it('allows 15 aliases and refuses 16 with GRAPHQL_VALIDATION_FAILED', async () => {
    const ok = await gql(t, aliases(15));
    expect(ok.status).toBe(200);
    expect(ok.body.errors).toBeUndefined();
    const refused = await gql(t, aliases(16));
    expect(refused.status).toBe(400);
    expect(gqlCodes(refused.body)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(refused.body.errors?.[0]?.message).toMatch(/alias/i);
  });

  it('refuses a query deeper than the max depth', async () => {
    const res = await gql(t, '{ entries { edges { node { rules { entry { rules { entry { rules { entry { rules { entry { rules { entry { key } } } } } } } } } } } } } }');
    expect(res.status).toBe(400);
    expect(gqlCodes(res.body)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(res.body.errors?.[0]?.message).toMatch(/depth/i);
  });

  it('refuses a query over the cost limit', async () => {
    const res = await gql(t, '{ search(query: "a", first: 100) { edges { node { rules { entry { versions snippets { code } rules { id entry { key } } } } } } } }');
    expect(res.status).toBe(400);
    expect(gqlCodes(res.body)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(res.body.errors?.[0]?.message).toMatch(/cost/i);
  });

  it('refuses a document over the token limit as a parse failure', async () => {
    const res = await gql(t, `{ versions { ${'name '.repeat(2500)} } }`);
    expect(res.status).toBe(400);
    expect(gqlCodes(res.body)).toEqual(['GRAPHQL_PARSE_FAILED']);
  });

  it('refuses batched requests', async () => {
    const res = await t.http.post('/graphql').set('content-type', 'application/json').send([{ query: '{ versions { name } }' }, { query: '{ versions { name } }' }]);
    expect(res.status).toBe(400);
    expect(gqlCodes(res.body)).toEqual(['BAD_REQUEST']);
  });

  it('blocks CSRF-able GET requests without a preflight header', async () => {
    const res = await t.http.get('/graphql').query({ query: '{ versions { name } }' });
    expect(res.status).toBe(400);
    expect(gqlCodes(res.body)).toEqual(['BAD_REQUEST']);
    const ok = await t.http.get('/graphql').set('apollo-require-preflight', 'true').query({ query: '{ versions { name } }' });
    expect(ok.status).toBe(200);
  });
});

describe('rate limit', () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await startTestApp({ env: { RATE_LIMIT_MAX: '5', RATE_LIMIT_WINDOW_MS: '60000' } });
  });
  afterAll(async () => limited?.close());

  it('answers the 6th request in a window with a 429 problem document and rate-limit headers', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await limited.http.get('/api/v1/versions');
      expect(res.status).toBe(200);
      expect(res.headers['x-ratelimit-limit']).toBe('5');
      expect(res.headers['x-ratelimit-remaining']).toBe(String(4 - i));
    }
    const res = await limited.http.get('/api/v1/search').query({ q: 'gateway' });
    expectProblem(res, 429, 'RATE_LIMITED');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.headers['x-ratelimit-limit']).toBe('5');
    expect(res.headers['x-ratelimit-remaining']).toBe('0');
    expect(res.headers['x-ratelimit-reset']).toEqual(expect.any(String));
  });

  it('gives GraphQL clients a coded error, and never limits health probes', async () => {
    const res = await limited.http.post('/graphql').set('content-type', 'application/json').send({ query: '{ versions { name } }' });
    expect(res.status).toBe(429);
    expect(gqlCodes(res.body)).toEqual(['RATE_LIMITED']);
    for (let i = 0; i < 10; i++) expect((await limited.http.get('/healthz')).status).toBe(200);
  });
});

describe('CORS', () => {
  it('is off by default: no Access-Control headers, even for a preflight', async () => {
    const res = await t.http.get('/api/v1/versions').set('origin', 'https://portal.example');
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const pre = await t.http.options('/graphql').set('origin', 'https://portal.example').set('access-control-request-method', 'POST');
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('echoes an allowed origin from CORS_ORIGINS and ignores others', async () => {
    const cors = await startTestApp({ env: { RATE_LIMIT_MAX: '0', CORS_ORIGINS: 'https://portal.example' } });
    try {
      const ok = await cors.http.get('/api/v1/versions').set('origin', 'https://portal.example');
      expect(ok.headers['access-control-allow-origin']).toBe('https://portal.example');
      expect(ok.headers['access-control-expose-headers']).toMatch(/x-request-id/);
      const pre = await cors.http
        .options('/graphql')
        .set('origin', 'https://portal.example')
        .set('access-control-request-method', 'POST')
        .set('access-control-request-headers', 'content-type');
      expect(pre.status).toBeLessThan(300);
      expect(pre.headers['access-control-allow-origin']).toBe('https://portal.example');
      expect(pre.headers['access-control-allow-methods']).toMatch(/POST/);
      const other = await cors.http.get('/api/v1/versions').set('origin', 'https://evil.example');
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await cors.close();
    }
  });
});

describe('security headers and request ids', () => {
  it('sends the API security headers on REST, GraphQL and problem documents', async () => {
    const responses = [
      await t.http.get('/api/v1/versions'),
      await t.http.post('/graphql').set('content-type', 'application/json').send({ query: '{ versions { name } }' }),
      await t.http.get('/nope'),
    ];
    for (const res of responses) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers['strict-transport-security']).toMatch(/max-age=/);
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it("sends helmet's full set on HTML pages", async () => {
    const res = await t.http.get('/graphiql');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'.*script-src 'self'/);
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('returns a generated request id, echoes a sane client id and replaces an unsafe one', async () => {
    const generated = await t.http.get('/api/v1/versions');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await t.http.get('/api/v1/entries/no-such-entry').set('x-request-id', 'chatbot-42.a:b');
    expect(echoed.headers['x-request-id']).toBe('chatbot-42.a:b');
    expectProblem(echoed, 404, 'NOT_FOUND');
    expect(echoed.body.requestId).toBe('chatbot-42.a:b');
    const unsafe = await t.http.get('/api/v1/entries/no-such-entry').set('x-request-id', 'evil <script> id');
    expect(unsafe.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(unsafe.body.requestId).toBe(unsafe.headers['x-request-id']);
    const tooLong = await t.http.get('/api/v1/versions').set('x-request-id', 'a'.repeat(200));
    expect(tooLong.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('errors in production', () => {
  let prod: TestApp;
  beforeAll(async () => {
    prod = await startTestApp({ env: { RATE_LIMIT_MAX: '0', NODE_ENV: 'production' } });
  });
  afterAll(async () => prod?.close());

  const noStack = (body: unknown) => {
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/stacktrace/);
    expect(text).not.toMatch(/\bat \S+ \(|node_modules|\.ts:\d+/);
  };

  it('has no stack traces in GraphQL errors of any kind', async () => {
    for (const q of ['{ versions { name ', '{ nope }', '{ search(query: "a", first: 1000) { totalCount } }', 'query($q: String!) { search(query: $q) { totalCount } }']) {
      const res = await gql(prod, q, q.includes('$q') ? { q: 5 } : undefined);
      expect(res.body.errors?.length).toBeGreaterThan(0);
      for (const e of res.body.errors ?? []) expect(e.extensions?.code).toEqual(expect.any(String));
      noStack(res.body);
    }
  });

  it('masks an internal failure: INTERNAL_SERVER_ERROR without details (GraphQL) and a 500 problem (REST)', async () => {
    // A closed database makes every resolver fail unexpectedly.
    const broken = await startTestApp({ env: { RATE_LIMIT_MAX: '0', NODE_ENV: 'production' } });
    try {
      await broken.ctx.close();
      const g = await gql(broken, '{ search(query: "gateway") { totalCount } }');
      expect(gqlCodes(g.body)).toEqual(['INTERNAL_SERVER_ERROR']);
      expect(g.body.errors?.[0]?.message).toBe('Internal server error');
      noStack(g.body);
      const r = await broken.http.get('/api/v1/search').query({ q: 'gateway' });
      expectProblem(r, 500, 'INTERNAL_SERVER_ERROR');
      noStack(r.body);
    } finally {
      await broken.close();
    }
  });
});
