// Property: whatever text a user pastes into search (unicode, FTS5 syntax soup, very long strings),
// REST and GraphQL answer without a 5xx, within a time bound, and every error carries a code.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { searchText } from './arbitraries.ts';
import { CASE_TIMEOUT_MS, expectCodedGraphQL, expectCodedRest, runs, within } from './support.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { RATE_LIMIT_MAX: '0' } });
});
afterAll(async () => t?.close());

const SEARCH = `query Search($q: String!, $v: String, $first: Int, $after: String) {
  search(query: $q, version: $v, first: $first, after: $after) {
    totalCount edges { cursor score highlights node { key slug title } } pageInfo { hasNextPage endCursor }
  }
}`;

describe('search text fuzz', () => {
  it('REST GET /api/v1/search?q=', async () => {
    await fc.assert(
      fc.asyncProperty(searchText, fc.option(fc.constantFrom('1.0', 'latest', '9.9', 'v1.0', ''), { nil: undefined }), async (q, version) => {
        const query: Record<string, string> = { q, ...(version === undefined ? {} : { version }) };
        const res = await within(t.http.get('/api/v1/search').query(query).timeout(CASE_TIMEOUT_MS), CASE_TIMEOUT_MS, 'REST search');
        expectCodedRest(res, `q=${JSON.stringify(q).slice(0, 200)}`);
      }),
      runs(1000),
    );
  }, 60_000);

  it('GraphQL search(query:) with variables', async () => {
    await fc.assert(
      fc.asyncProperty(searchText, fc.option(fc.integer({ min: -5, max: 500 }), { nil: undefined }), async (q, first) => {
        const res = await within(
          t.http.post('/graphql').set('content-type', 'application/json').send({ query: SEARCH, variables: { q, ...(first === undefined ? {} : { first }) } }).timeout(CASE_TIMEOUT_MS),
          CASE_TIMEOUT_MS,
          'GraphQL search',
        );
        expectCodedGraphQL(res, `q=${JSON.stringify(q).slice(0, 200)}`);
      }),
      runs(600),
    );
  }, 60_000);

  it('follows cursors of soup queries to the end without errors', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('gateway', 'destination rule', '503', 'mtls OR tls', 'istio* NOT envoy', '"service port"'), async (q) => {
        let cursor: string | null = null;
        for (let page = 0; page < 20; page++) {
          const query: Record<string, string> = { q, limit: '3', ...(cursor ? { cursor } : {}) };
          const res = await within(t.http.get('/api/v1/search').query(query).timeout(CASE_TIMEOUT_MS), CASE_TIMEOUT_MS, 'REST search page');
          expectCodedRest(res, `q=${q} page ${page}`);
          cursor = (res.body as { nextCursor?: string | null }).nextCursor ?? null;
          if (!cursor) break;
        }
      }),
      runs(6),
    );
  }, 60_000);
});
