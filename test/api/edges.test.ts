// Edges a client meets on the HTTP surface, each answered truthfully: refused diagnose inputs (empty,
// no Kubernetes object, unknown version or rule id), case-insensitive severities, 405 with Allow,
// 415 naming the accepted types, and a rate limit that is off by default (keyed by client when on).
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startTestApp, type TestApp } from '../support/app.ts';

const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  ports: [{name: web, port: 80}]\n';

function expectProblem(res: Response, status: number, code: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, code, detail: expect.any(String) });
}

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

const yaml = (body: string, query: Record<string, string> = {}) => t.http.post('/api/v1/diagnose').query(query).set('content-type', 'application/yaml').send(body);

describe('diagnose input that would judge nothing is refused on every transport', () => {
  it.each([
    ['', 'empty'],
    ['\n  \n# only a comment\n---\n', 'hold only comments: there is nothing to diagnose'],
    ['foo: bar\n', 'No Kubernetes object'],
    ['just a sentence\n', 'No Kubernetes object'],
  ])('%j -> 400 (REST) and BAD_USER_INPUT (GraphQL)', async (manifests, message) => {
    const res = await yaml(manifests);
    expectProblem(res, 400, 'BAD_USER_INPUT');
    expect(res.body.detail).toContain(message);
    const json = await t.http.post('/api/v1/diagnose').send({ manifests });
    expectProblem(json, 400, 'BAD_USER_INPUT');
    const g = await gql(t, 'query($m: String!) { diagnose(manifests: $m) { resourceCount } }', { m: manifests });
    expect(g.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(g.body.errors?.[0]?.message).toContain(message);
  });

  it('accepts an empty List (a real, empty answer from the cluster)', async () => {
    const res = await yaml('apiVersion: v1\nkind: List\nitems: []\n');
    expect(res.status).toBe(200);
    expect(res.body.resourceCount).toBe(0);
  });

  it.each(['2.0', '0.5', '0.9', '0.26'])('refuses the unknown Istio version %s, listing the known ones', async (version) => {
    const res = await yaml(SERVICE, { version });
    expectProblem(res, 400, 'BAD_USER_INPUT');
    expect(res.body.detail).toContain(`"${version}"`);
    expect(res.body.detail).toContain('0.8, 1.0–1.25');
    expect(res.body.details.knownVersions).toContain('1.25');
    const g = await gql(t, `{ diagnose(manifests: ${JSON.stringify(SERVICE)}, version: "${version}") { version } }`);
    expect(g.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const rules = await t.http.get('/api/v1/rules').query({ version });
    expectProblem(rules, 400, 'BAD_USER_INPUT');
  });

  it('judges a 1.x release newer than the rules know by the newest known, and says so in a note', async () => {
    for (const given of ['1.26', '1.28.3', 'v1.31.0']) {
      const res = await yaml(SERVICE, { version: given });
      expect(res.status, given).toBe(200);
      expect(res.body.version, given).toBe('1.25');
      expect(res.body.notes[0], given).toMatch(/^Istio 1\.\d+ is newer than the newest version the rules know \(1\.25\): judged by 1\.25's semantics/);
    }
    const g = await gql(t, `{ diagnose(manifests: ${JSON.stringify(SERVICE)}, version: "1.28") { version notes } }`);
    expect(g.body.errors).toBeUndefined();
    expect(g.body.data?.diagnose).toMatchObject({ version: '1.25', notes: [expect.stringContaining('Istio 1.28 is newer')] });
    const rules = await t.http.get('/api/v1/rules').query({ version: '1.28' });
    expect(rules.status).toBe(200);
    // The answer of one newer version is not served for another from the result cache.
    const other = await yaml(SERVICE, { version: '1.27' });
    expect(other.body.notes[0]).toContain('Istio 1.27 is newer');
  });

  it('resolves a newer patch of a known minor to it, and says which version was applied', async () => {
    for (const [given, applied] of [['1.25.9', '1.25'], ['v1.4.2', '1.4'], ['0.8.0', '0.8'], ['latest', '1.25']] as const) {
      const res = await yaml(SERVICE, { version: given });
      expect(res.status, given).toBe(200);
      expect(res.body.version, given).toBe(applied);
    }
  });

  it('refuses an unknown rule id in ignore (a typo would disable nothing), suggesting the nearest', async () => {
    const res = await yaml(SERVICE, { ignore: 'service-port-nme' });
    expectProblem(res, 400, 'BAD_USER_INPUT');
    expect(res.body.detail).toContain('did you mean "service-port-name"');
    const body = await t.http.post('/api/v1/diagnose').send({ manifests: SERVICE, ignore: ['no-such-rule'] });
    expectProblem(body, 400, 'BAD_USER_INPUT');
    expect(body.body.details.unknownRuleIds).toEqual(['no-such-rule']);
    const g = await gql(t, `{ diagnose(manifests: ${JSON.stringify(SERVICE)}, ignore: ["no-such-rule"]) { version } }`);
    expect(g.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const ok = await yaml(SERVICE, { ignore: 'service-port-name' });
    expect(ok.status).toBe(200);
    expect(ok.body.suppressedCount).toBe(1);
  });

  it('reads severities case-insensitively', async () => {
    for (const minSeverity of ['error', 'Error', 'ERROR']) {
      const q = await yaml(SERVICE, { minSeverity });
      expect(q.status, minSeverity).toBe(200);
      expect(q.body.findings).toEqual([]);
      const b = await t.http.post('/api/v1/diagnose').send({ manifests: SERVICE, minSeverity: minSeverity.toLowerCase() });
      expect(b.status).toBe(200);
    }
    expectProblem(await yaml(SERVICE, { minSeverity: 'loud' }), 400, 'BAD_USER_INPUT');
  });
});

describe('methods and media types', () => {
  it('answers a known path with the wrong method 405 with Allow', async () => {
    const get = await t.http.get('/api/v1/diagnose');
    expectProblem(get, 405, 'METHOD_NOT_ALLOWED');
    expect(get.headers['allow']).toBe('POST');
    expect(get.body.detail).toContain('POST');
    const post = await t.http.post('/api/v1/versions').send({});
    expectProblem(post, 405, 'METHOD_NOT_ALLOWED');
    expect(post.headers['allow']).toBe('GET, HEAD');
    const entry = await t.http.delete('/api/v1/entries/503-errors-after-setting-destination-rule');
    expect(entry.status).toBe(405);
    expect(entry.headers['allow']).toContain('GET');
    expectProblem(await t.http.get('/api/v1/nothing-here'), 404, 'NOT_FOUND');
  });

  it('lists the accepted media types in a 415', async () => {
    const res = await t.http.post('/api/v1/diagnose').set('content-type', 'application/xml').send('<a/>');
    expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(res.body.acceptedTypes).toEqual(['application/json', 'application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml', 'text/plain']);
    expect(res.body.detail).toContain('application/xml');
    expect(res.body.detail).toContain('application/yaml');
    expect(res.headers['accept-post']).toContain('application/json');
  });
});

describe('rate limit', () => {
  it('is off by default: one backend sending many requests is never throttled', async () => {
    const answers = await Promise.all(Array.from({ length: 50 }, () => yaml(SERVICE)));
    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 200));
    expect(answers[0]?.headers['x-ratelimit-limit']).toBeUndefined();
  });

  it('keyed by a client header when RATE_LIMIT_KEY=header:<name>: one user does not throttle another', async () => {
    const keyed = await startTestApp({ env: { RATE_LIMIT_MAX: '2', RATE_LIMIT_KEY: 'header:x-client-id' } });
    try {
      const as = (id: string) => keyed.http.get('/api/v1/versions').set('x-client-id', id);
      expect((await as('alice')).status).toBe(200);
      expect((await as('alice')).status).toBe(200);
      expectProblem(await as('alice'), 429, 'RATE_LIMITED');
      expect((await as('bob')).status).toBe(200);
    } finally {
      await keyed.close();
    }
  });

  it('uses the forwarded client address only when TRUST_PROXY says so', async () => {
    const proxied = await startTestApp({ env: { RATE_LIMIT_MAX: '1', TRUST_PROXY: '1' } });
    const direct = await startTestApp({ env: { RATE_LIMIT_MAX: '1' } });
    try {
      const via = (app: TestApp, ip: string) => app.http.get('/api/v1/versions').set('x-forwarded-for', ip);
      expect((await via(proxied, '203.0.113.1')).status).toBe(200);
      expect((await via(proxied, '203.0.113.2')).status).toBe(200);
      expect((await via(direct, '203.0.113.1')).status).toBe(200);
      expect((await via(direct, '203.0.113.2')).status).toBe(429);
    } finally {
      await proxied.close();
      await direct.close();
    }
  });
});
