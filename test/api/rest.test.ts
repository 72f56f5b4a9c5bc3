import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

describe('health', () => {
  it('answers /healthz and /readyz once the sample is ingested', async () => {
    expect((await t.http.get('/healthz')).status).toBe(200);
    const ready = await t.http.get('/readyz');
    expect(ready.status).toBe(200);
  });

  it('is not ready on an empty knowledge base', async () => {
    const empty = await startTestApp({ seed: false });
    try {
      expect((await empty.http.get('/readyz')).status).toBe(503);
      expect((await empty.http.get('/healthz')).status).toBe(200);
    } finally {
      await empty.close();
    }
  });
});

describe('GET /api/v1/versions', () => {
  it('lists versions newest first with entry and page counts and when they were ingested and last changed', async () => {
    const res = await t.http.get('/api/v1/versions');
    expect(res.status).toBe(200);
    const iso = expect.stringMatching(/^\d{4}-\d\d-\d\dT/);
    expect(res.body).toEqual({ versions: [{ name: '1.0', isLatest: true, entryCount: 8, pageCount: 1, ingestedAt: iso, updatedAt: iso }] });
  });
});

describe('GET /api/v1/search', () => {
  it('finds the guideline for a 503 after a destination rule, title match first', async () => {
    const res = await t.http.get('/api/v1/search').query({ q: '503 after setting a destination rule' });
    expect(res.status).toBe(200);
    expect(res.body.total).toBeGreaterThan(0);
    const first = res.body.hits[0];
    expect(first).toMatchObject({ slug: '503-errors-after-setting-destination-rule', version: '1.0' });
    expect(first.url).toBe('https://istio.io/v1.0/help/ops/traffic-management/deploy-guidelines/#503-errors-after-setting-destination-rule');
    expect(typeof first.score).toBe('number');
    expect(first.snippet).toContain('<mark>');
  });

  it('filters by version and honours limit', async () => {
    const res = await t.http.get('/api/v1/search').query({ q: 'gateway', version: '1.0', limit: 1 });
    expect(res.status).toBe(200);
    expect(res.body.hits).toHaveLength(1);
    expect(res.body.nextCursor).toEqual(expect.any(String));
    const next = await t.http.get('/api/v1/search').query({ q: 'gateway', version: '1.0', limit: 1, cursor: res.body.nextCursor });
    expect(next.status).toBe(200);
    expect(next.body.hits[0]?.slug).not.toBe(res.body.hits[0].slug);
  });

  it.each([
    ['"unbalanced quote'],
    ['*'],
    ['host:port'],
    ['-503'],
    ['AND'],
    ['OR NOT'],
    ['(((('],
    ['NEAR(a b)'],
    [''],
    ['   '],
    ['^$%&'],
    ['destination rule AND'],
  ])('treats %j as plain text (200, never an FTS error)', async (q) => {
    const res = await t.http.get('/api/v1/search').query({ q });
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body.hits)).toBe(true);
  });

  it.each([
    [{}, 'missing q'],
    [{ q: 'x', limit: 'ten' }, 'non-numeric limit'],
    [{ q: 'x', limit: '-1' }, 'negative limit'],
    [{ q: 'x', limit: '100000' }, 'limit above the cap'],
    [{ q: 'x', cursor: 'garbage' }, 'foreign cursor'],
    [{ q: 'x', version: '9.9' }, 'unknown version'],
    [{ q: 'x', version: 'banana' }, 'malformed version'],
  ] as [Record<string, string>, string][])('answers %j with a 400 problem document (%s)', async (query) => {
    const res = await t.http.get('/api/v1/search').query(query);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, code: 'BAD_USER_INPUT', title: expect.any(String), detail: expect.any(String) });
  });

  it('lists the known versions when the version is unknown', async () => {
    const res = await t.http.get('/api/v1/search').query({ q: 'x', version: '1.7' });
    expect(res.body.detail).toContain('1.0');
  });

  it('rejects an over-long query with 400', async () => {
    const res = await t.http.get('/api/v1/search').query({ q: 'a'.repeat(5000) });
    expect(res.status).toBe(400);
  });
});

describe('GET /api/v1/entries/{slug}', () => {
  it('returns the entry with the GraphQL Entry fields', async () => {
    const res = await t.http.get('/api/v1/entries/configuring-multiple-tls-hosts-in-a-gateway');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      slug: 'configuring-multiple-tls-hosts-in-a-gateway',
      key: 'configuring-multiple-tls-hosts-in-a-gateway',
      version: '1.0',
      title: 'Configuring multiple TLS hosts in a gateway',
      versions: ['1.0'],
    });
    for (const field of ['id', 'url', 'symptoms', 'causes', 'fixes', 'snippets', 'errorMessages', 'rules']) expect(res.body).toHaveProperty(field);
    expect(res.body.errorMessages.join('\n')).toContain('non unique port name for HTTPS port');
  });

  it('accepts a version, including a patch version', async () => {
    const res = await t.http.get('/api/v1/entries/503-errors-after-setting-destination-rule').query({ version: '1.0.6' });
    expect(res.status).toBe(200);
    expect(res.body.version).toBe('1.0');
    const latest = await t.http.get('/api/v1/entries/503-errors-after-setting-destination-rule').query({ version: 'latest' });
    expect(latest.status).toBe(200);
  });

  it('answers 404 with a problem document for an unknown slug', async () => {
    const res = await t.http.get('/api/v1/entries/no-such-guideline');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 404, code: 'NOT_FOUND', instance: '/api/v1/entries/no-such-guideline' });
  });

  it('answers 400 for an unknown version', async () => {
    const res = await t.http.get('/api/v1/entries/503-errors-after-setting-destination-rule').query({ version: '2.0' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('BAD_USER_INPUT');
  });
});

describe('unknown routes', () => {
  it('answers 404 problem documents', async () => {
    const res = await t.http.get('/api/v1/nope');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });
});
