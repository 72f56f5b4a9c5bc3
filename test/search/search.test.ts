import { rmSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startTestApp, type TestApp } from '../support/app.ts';
import { writeSyntheticKb } from './synthetic-kb.ts';

let t: TestApp;
let dir: string;
beforeAll(async () => {
  dir = writeSyntheticKb();
  t = await startTestApp({ sources: [dir] });
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

async function search(q: string, extra: Record<string, string | number> = {}) {
  const res = await t.http.get('/api/v1/search').query({ q, ...extra });
  expect(res.status).toBe(200);
  return res.body as { total: number; hits: { key: string; version: string; snippet: string; score: number }[]; didYouMean: string | null; nextCursor: string | null };
}

describe('ranking on a small synthetic knowledge base', () => {
  it.each([
    ['503 after I created a destination rule', 'dr-503'],
    ['VS ignored for ingressgateway traffic', 'ingress'],
    ['upstream connect error or disconnect/reset before headers. reset reason: connection termination', 'authz'],
    ['RBAC: access denied', 'authz'],
    ['2024-01-01T10:00:00.123Z info model skipping server on gateway shop-gw port https.443.HTTPS: non unique port name for HTTPS port', 'port-name'],
    ['ISTIO_MUTUAL', 'dr-503'],
    ['proxy_http_version', 'http10'],
    ['sidecar.istio.io/inject', 'injection'],
    ['port https.443.HTTPS', 'port-name'],
    ['tcpd', 'tcpdump'],
    ['503 after DR with mTLS', 'dr-503'],
  ])('%j finds the right guideline first', async (q, expected) => {
    const keys: Record<string, string> = {
      'dr-503': '503-errors-after-setting-destination-rule',
      ingress: 'route-rules-have-no-effect-on-ingress-gateway-requests',
      authz: 'authorization-too-restrictive',
      'port-name': 'gateway-port-name-conflict',
      http10: 'envoy-wont-connect-to-my-http-1-0-service',
      injection: 'the-result-of-sidecar-injection-was-not-what-i-expected',
      tcpdump: 'limitations-for-using-tcpdump-in-pods',
    };
    const body = await search(q);
    expect(body.hits[0]?.key).toBe(keys[expected]);
  });

  it('ranks the title match above a body that only repeats the words', async () => {
    const body = await search('destination rule 503');
    expect(body.hits.map((h) => h.key).slice(0, 2)).toEqual(['503-errors-after-setting-destination-rule', 'subsets-in-destination-rules']);
  });

  it('shows each key once, in its newest matching version, without a version', async () => {
    const body = await search('rule', { limit: 50 });
    const keys = body.hits.map((h) => h.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(body.hits.find((h) => h.key === '503-errors-after-setting-destination-rule')?.version).toBe('1.1');
    expect(body.hits.find((h) => h.key === 'limitations-for-using-tcpdump-in-pods')?.version).toBeUndefined();
    expect((await search('tcpdump')).hits[0]).toMatchObject({ key: 'limitations-for-using-tcpdump-in-pods', version: '1.0' });
  });

  it('filters by version', async () => {
    const body = await search('tcpdump', { version: '1.1' });
    expect(body.hits.some((h) => h.key === 'limitations-for-using-tcpdump-in-pods')).toBe(false);
    const older = await search('503 destination rule', { version: '1.0' });
    expect(older.hits.every((h) => h.version === '1.0')).toBe(true);
  });

  it('pages through one ranking with the cursor', async () => {
    const first = await search('rule', { limit: 1 });
    const second = await search('rule', { limit: 1, cursor: first.nextCursor ?? '' });
    expect(second.hits[0]?.key).not.toBe(first.hits[0]?.key);
  });
});

describe('did you mean', () => {
  it('corrects a word the index does not know and says so (REST)', async () => {
    const body = await search('destnation rule tls');
    expect(body.didYouMean).toBe('destination rule tls');
    expect(body.hits[0]?.key).toBe('503-errors-after-setting-destination-rule');
    expect((await search('destination rule tls')).didYouMean).toBeNull();
  });

  it('is a field of SearchConnection (GraphQL)', async () => {
    const { body } = await gql(t, '{ search(query: "sidcar injecton", first: 1) { didYouMean edges { node { key } } } }');
    expect(body.errors).toBeUndefined();
    expect(body.data?.['search']).toEqual({
      didYouMean: 'sidecar injection',
      edges: [{ node: { key: 'the-result-of-sidecar-injection-was-not-what-i-expected' } }],
    });
  });
});

describe('passages', () => {
  it('returns citable chunks over REST', async () => {
    const res = await t.http.get('/api/v1/passages').query({ q: 'upstream connect error or disconnect/reset before headers', limit: 3 });
    expect(res.status).toBe(200);
    const first = res.body.passages[0];
    expect(first).toMatchObject({
      key: 'authorization-too-restrictive',
      version: '1.1',
      title: 'Authorization is too restrictive',
      url: expect.stringMatching(/#authorization-is-too-restrictive$/),
      kind: expect.stringMatching(/^(ERROR|SYMPTOM|CAUSE|FIX|PARAGRAPH)$/),
      id: expect.stringMatching(/^authorization-too-restrictive@1\.1\/[a-z]+\/\d+$/),
    });
    expect(first.snippet).toContain('<mark>');
    expect(first.text.length).toBeGreaterThan(0);
    expect(res.body.passages.length).toBeLessThanOrEqual(3);
  });

  it('is a GraphQL query with the same fields', async () => {
    const { body } = await gql(t, '{ passages(query: "ISTIO_MUTUAL tls mode", first: 2) { id key version title url kind text score snippet } }');
    expect(body.errors).toBeUndefined();
    const list = body.data?.['passages'] as { key: string; kind: string }[];
    expect(list.length).toBeGreaterThan(0);
    expect(list[0]?.key).toBe('503-errors-after-setting-destination-rule');
  });

  it.each([
    ['upstream connect error or disconnect/reset before headers', 5],
    ['ISTIO_MUTUAL tls mode', 1],
    ['503 after I created a destination rule', 2],
    ['sidecar injection', 10],
    ['zzzz nothing matches', 3],
  ] as const)('answers %j with searchWithPassages (first %i) as search and passages do apart', async (query, first) => {
    for (const version of [null, '1.1']) {
      const both = await t.ctx.kb.searchWithPassages({ query, version, first });
      const page = await t.ctx.kb.search({ query, version, first });
      const { passages, didYouMean } = await t.ctx.kb.passages({ query, version, first });
      const view = (p: typeof page) => ({ ...p, items: p.items.map(({ cursor, node }) => ({ cursor, ...node, highlights: node.highlights })) });
      const { passages: together, ...rest } = both;
      expect(view(rest)).toEqual(view(page));
      expect(together).toEqual(passages);
      expect(both.didYouMean).toBe(didYouMean);
    }
  });

  it('validates input like search', async () => {
    expect((await t.http.get('/api/v1/passages').query({ q: 'x', limit: -1 })).status).toBe(400);
    expect((await t.http.get('/api/v1/passages').query({ q: 'x', version: '9.9' })).status).toBe(400);
    expect((await t.http.get('/api/v1/passages').query({ q: 'a'.repeat(5000) })).status).toBe(400);
  });

  it('keeps passage ids when the same content is ingested into another store with other row ids', async () => {
    const q = 'upstream connect error or disconnect/reset before headers';
    const before = (await t.ctx.kb.passages({ query: q, first: 5 })).passages.map((p) => p.id);
    const onlyNewer = writeSyntheticKb(['1.1']);
    const other = await startTestApp({ sources: [onlyNewer] });
    try {
      const tcpdump = async () => (await other.ctx.kb.search({ query: 'tcpdump', first: 5 })).items.some((i) => i.node.key === 'limitations-for-using-tcpdump-in-pods');
      expect(await tcpdump()).toBe(false);
      await other.ctx.ingest.ingest([dir]);
      // The answer cache and the vocabulary follow the database: the new guideline is found at once.
      expect(await tcpdump()).toBe(true);
      const rowsHere = (await t.ctx.kb.search({ query: q, first: 1 })).items[0]?.node.rowId;
      const rowsThere = (await other.ctx.kb.search({ query: q, first: 1 })).items[0]?.node.rowId;
      expect(rowsThere).not.toBe(rowsHere);
      const after = (await other.ctx.kb.passages({ query: q, first: 5 })).passages.map((p) => p.id);
      expect(after).toEqual(before);
    } finally {
      await other.close();
      rmSync(onlyNewer, { recursive: true, force: true });
    }
  });
});

describe('any user text is safe', () => {
  const FTS_BITS = ['"', '*', ':', '-', '^', '(', ')', 'AND', 'OR', 'NOT', 'NEAR', '{', '}', '+', '\\', "'", '\u0000', '…', 'ǅ', '🙂', '\n'];

  it('never throws for weird strings (property loop over the service)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.constantFrom(...FTS_BITS), fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 6 })), { maxLength: 20 }), async (parts) => {
        const query = parts.join(fc.sample(fc.constantFrom(' ', ''), 1)[0] ?? ' ');
        const page = await t.ctx.kb.search({ query, first: 5 });
        expect(Array.isArray(page.items)).toBe(true);
        const passages = await t.ctx.kb.passages({ query, first: 3 });
        expect(Array.isArray(passages.passages)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it.each(['"unbalanced', 'NEAR(a b', '*', 'col:umn', '-503', 'a OR', '{title}: x', '""""', '\u0000', 'ISTIO_MUTUAL"*'])('REST answers %j with 200', async (q) => {
    expect((await t.http.get('/api/v1/search').query({ q })).status).toBe(200);
    expect((await t.http.get('/api/v1/passages').query({ q })).status).toBe(200);
  });
});
