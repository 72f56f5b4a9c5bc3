// The OpenAPI document is generated from the zod schemas that validate the requests: it documents
// every REST route, its parameters match what the routes accept, real answers match the documented
// response schemas, and the docs page works offline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import * as S from '../../src/rest/schemas.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: unknown;
}
interface Operation {
  summary?: string;
  tags?: string[];
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: Record<string, unknown> }> }>;
}
interface Document {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
}

let t: TestApp;
let doc: Document;
beforeAll(async () => {
  t = await startTestApp();
  const res = await t.http.get('/api/v1/openapi.json');
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  doc = res.body as Document;
});
afterAll(async () => t.close());

/** Full paths of the registered routes, from Fastify's route tree (`:param` as in Fastify). */
function registeredRoutes(app: TestApp['app']): Map<string, string[]> {
  const routes = new Map<string, string[]>();
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│ ]*)[├└]── (\S+) \(([^)]*)\)/.exec(line);
    if (!m) continue;
    const depth = (m[1] ?? '').length / 4;
    stack.length = depth;
    const full = (stack[depth - 1] ?? '') + (m[2] ?? '');
    stack[depth] = full;
    routes.set(full, (m[3] ?? '').split(', '));
  }
  return routes;
}

const toOpenApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');
const op = (path: string, method = 'get'): Operation => {
  const o = doc.paths[path]?.[method];
  if (!o) throw new Error(`${method.toUpperCase()} ${path} is not documented`);
  return o;
};

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with info, paths and components', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(Object.keys(doc.paths).length).toBeGreaterThanOrEqual(12);
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Problem', 'Entry', 'Rule', 'Diagnosis']));
    // Every $ref resolves.
    for (const [, id] of JSON.stringify(doc).matchAll(/"#\/components\/schemas\/([^"]+)"/g)) expect(doc.components.schemas).toHaveProperty(id ?? '');
  });

  it('documents every route registered under /api/v1 (and the probes), except the docs page itself', () => {
    const routes = registeredRoutes(t.app);
    const rest = [...routes].filter(([url]) => (url.startsWith('/api/v1/') && !url.startsWith('/api/v1/docs')) || ['/healthz', '/readyz', '/metrics'].includes(url));
    expect(rest.length).toBeGreaterThanOrEqual(13);
    for (const [url, methods] of rest) {
      for (const method of methods.filter((m) => m !== 'HEAD')) {
        const o = op(toOpenApiPath(url), method.toLowerCase());
        expect(o.summary, `${method} ${url}`).toEqual(expect.any(String));
        expect(o.tags?.length, `${method} ${url}`).toBeGreaterThan(0);
        expect(o.responses['200'], `${method} ${url}`).toBeDefined();
      }
    }
    // Nothing documented that is not a route, and no GraphQL or asset routes in the REST document.
    const documented = Object.keys(doc.paths);
    expect(documented.sort()).toEqual(rest.map(([url]) => toOpenApiPath(url)).sort());
  });

  it('documents query and path parameters, the 200 answer and problem documents for errors', () => {
    const entry = op('/api/v1/entries/{slug}');
    expect(entry.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'slug', in: 'path', required: true }), expect.objectContaining({ name: 'version', in: 'query', required: false })]),
    );
    expect(entry.responses['200']?.content?.['application/json']?.schema).toEqual({ $ref: '#/components/schemas/Entry' });
    expect(entry.responses['304']).toBeDefined();
    for (const status of ['400', '404', '429', '500']) {
      expect(entry.responses[status]?.content?.['application/problem+json']?.schema).toEqual({ $ref: '#/components/schemas/Problem' });
    }
    const compare = op('/api/v1/entries/{slug}/compare');
    expect(compare.parameters?.filter((p) => p.in === 'query' && p.required).map((p) => p.name).sort()).toEqual(['from', 'to']);
    expect(doc.components.schemas['Problem']).toMatchObject({ required: expect.arrayContaining(['type', 'title', 'status', 'detail', 'code']) });
  });

  it('documents the diagnose body both as YAML/plain text and as JSON with options', () => {
    const diagnose = op('/api/v1/diagnose', 'post');
    const content = diagnose.requestBody?.content ?? {};
    for (const type of ['application/yaml', 'text/yaml', 'text/plain']) expect(content[type]?.schema).toMatchObject({ type: 'string' });
    const ref = String(content['application/json']?.schema['$ref']);
    const json = doc.components.schemas[ref.replace('#/components/schemas/', '')] as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(json.properties).sort()).toEqual(Object.keys(S.DiagnoseJson.shape).sort());
    expect(json.required).toEqual(['manifests']);
    expect(diagnose.parameters?.map((p) => p.name).sort()).toEqual(Object.keys(S.DiagnoseQuery.shape).sort());
    for (const status of ['413', '415']) expect(diagnose.responses[status]).toBeDefined();
  });
});

describe('one source for documentation and validation', () => {
  it('documents exactly the search parameters the route accepts', async () => {
    const documented = op('/api/v1/search').parameters ?? [];
    expect(documented.map((p) => p.name).sort()).toEqual(Object.keys(S.SearchQuery.shape).sort());
    expect(documented.filter((p) => p.required).map((p) => p.name)).toEqual(['q']);
    // Every documented parameter is accepted...
    const first = await t.http.get('/api/v1/search').query({ q: 'gateway', version: '1.0', limit: 1 });
    expect(first.status).toBe(200);
    expect((await t.http.get('/api/v1/search').query({ q: 'gateway', version: '1.0', limit: 1, cursor: first.body.nextCursor })).status).toBe(200);
    // ...and the documented constraints are the ones enforced.
    const limit = documented.find((p) => p.name === 'limit');
    expect(limit?.schema).toMatchObject({ type: 'integer', minimum: 0 });
    const res = await t.http.get('/api/v1/search').query({ q: 'x', limit: '-1' });
    expect(res.status).toBe(400);
    expect(res.body.details.errors).toEqual([{ field: 'limit', message: expect.any(String) }]);
  });

  it.each([
    ['GET', '/api/v1/search', { limit: 'ten' }, undefined, ['q', 'limit'], 'query parameters'],
    ['GET', '/api/v1/entries/x/compare', { from: '1.0' }, undefined, ['to'], 'query parameters'],
    ['GET', '/api/v1/entries', { cursor: 'c'.repeat(201) }, undefined, ['cursor'], 'query parameters'],
    ['POST', '/api/v1/diagnose', { minSeverity: 'LOUD' }, { manifests: 'a: b' }, ['minSeverity'], 'query parameters'],
    ['POST', '/api/v1/diagnose', {}, { manifests: 5, ignore: 'x' }, ['manifests', 'ignore'], 'JSON body'],
  ] as const)('%s %s %j %j: a coded 400 problem naming %j', async (method, url, query, body, fields, part) => {
    const req = method === 'GET' ? t.http.get(url).query(query) : t.http.post(url).query(query).send(body);
    const res = await req;
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: expect.stringMatching(/^https:\/\//), title: 'Bad request', status: 400, code: 'BAD_USER_INPUT' });
    expect(res.body.detail).toContain(`Invalid ${part}`);
    for (const field of fields) expect(res.body.detail).toContain(`${field}:`);
    expect(res.body.details.errors.map((e: { field: string }) => e.field)).toEqual(fields);
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
  });

  it('real answers match the documented response schemas (no undocumented fields)', async () => {
    const conforms = (schema: z.ZodType, body: unknown) => {
      const parsed = schema.safeParse(body);
      expect(parsed.success, JSON.stringify(parsed.error?.issues.slice(0, 3))).toBe(true);
      // zod drops unknown keys: equality means the answer has no field the document lacks.
      expect(parsed.data).toEqual(body);
    };
    const get = async (url: string, query: Record<string, string | number> = {}) => {
      const res = await t.http.get(url).query(query);
      expect(res.status, url).toBe(200);
      return res.body as unknown;
    };
    conforms(S.VersionsAnswer, await get('/api/v1/versions'));
    conforms(S.SearchAnswer, await get('/api/v1/search', { q: '503 destination rule', limit: 3 }));
    conforms(S.PassagesAnswer, await get('/api/v1/passages', { q: 'non unique port name for HTTPS port' }));
    conforms(S.EntriesAnswer, await get('/api/v1/entries', { limit: 3 }));
    conforms(S.Entry, await get('/api/v1/entries/configuring-multiple-tls-hosts-in-a-gateway'));
    conforms(S.HistoryAnswer, await get('/api/v1/entries/configuring-multiple-tls-hosts-in-a-gateway/history'));
    conforms(S.CompareAnswer, await get('/api/v1/entries/configuring-multiple-tls-hosts-in-a-gateway/compare', { from: '1.0', to: '1.0' }));
    conforms(S.RulesAnswer, await get('/api/v1/rules'));
    conforms(S.HealthAnswer, await get('/healthz'));
    const manifests = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 80\n    name: web\n---\nkind: [broken\n';
    const diagnosis = await t.http.post('/api/v1/diagnose').set('content-type', 'application/yaml').send(manifests);
    expect(diagnosis.status).toBe(200);
    conforms(S.DiagnoseAnswer, diagnosis.body);
    const problem = await t.http.get('/api/v1/entries/no-such-entry');
    expect(problem.status).toBe(404);
    conforms(S.Problem, problem.body);
  });

  it('sends cached answers once encoded (a response schema does not re-serialize the JSON string)', async () => {
    const res = await t.http.get('/api/v1/versions');
    expect(typeof res.body).toBe('object');
    expect(res.text.startsWith('{"versions":')).toBe(true);
    expect((await t.http.get('/api/v1/versions').set('if-none-match', String(res.headers['etag']))).status).toBe(304);
  });
});

describe('the docs page', () => {
  it('is Swagger UI served from the package: every asset local, no inline script, the HTML CSP', async () => {
    const page = await t.http.get('/api/v1/docs');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const html = page.text;
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1] ?? '');
    expect(scripts.length).toBeGreaterThan(0);
    for (const attrs of scripts) expect(attrs).toMatch(/\bsrc="/);
    const assets = [...html.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(assets.length).toBeGreaterThanOrEqual(4);
    for (const asset of assets) {
      expect(asset, 'no external URL').not.toMatch(/^(?:[a-z]+:)?\/\//i);
      const url = new URL(asset, 'http://localhost/api/v1/docs');
      const res = await t.http.get(url.pathname);
      expect(res.status, url.pathname).toBe(200);
      expect(res.body.length ?? res.text.length, url.pathname).toBeGreaterThan(0);
    }
    // The initializer points at the local document and turns the online validator off.
    const init = (await t.http.get('/api/v1/docs/static/swagger-initializer.js')).text;
    expect(init).toContain("resolveUrl('./json')");
    expect(init).toMatch(/validatorUrl"?:\s*null/);
    const code = init.split('\n').filter((line) => !line.trim().startsWith('//')).join('\n');
    expect(code, 'no external URL in the initializer').not.toMatch(/https?:\/\//);
    const spec = await t.http.get('/api/v1/docs/json');
    expect(spec.body).toEqual(doc);
  });
});
