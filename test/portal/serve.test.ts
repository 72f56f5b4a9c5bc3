// The portal as the server serves it: pages, hashed assets and their caching, the Content-Security-
// Policy, a missing build, and the small API additions the portal uses (versions' dates, SARIF).
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppContext } from '../../src/app.ts';
import { loadConfig } from '../../src/config/index.ts';
import { DEFAULT_PORTAL_DIR } from '../../src/portal/serve.ts';
import { buildServer } from '../../src/server.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { ensurePortalBuilt, FIXTURE_PAGES, REPO_ROOT, tempDir } from './harness.ts';

let t: TestApp;
beforeAll(async () => {
  ensurePortalBuilt();
  t = await startTestApp({ sources: [FIXTURE_PAGES] });
});
afterAll(async () => {
  await t?.close();
});

const assetsOf = (html: string) => [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1] ?? '');

describe('portal pages', () => {
  it('serves index.html at / and at every portal route, revalidated by ETag', async () => {
    for (const url of ['/', '/search?q=503', '/entries/envoy-is-crashing-under-load?version=0.8', '/entries/x/compare?from=0.8&to=1.8', '/diagnose', '/rules', '/versions']) {
      const res = await t.http.get(url);
      expect(res.status, url).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.text).toContain('<div id="app">');
    }
    const first = await t.http.get('/');
    expect((await t.http.get('/').set('if-none-match', first.headers['etag'] ?? '')).status).toBe(304);
  });

  it('has no inline script and a strict Content-Security-Policy without upgrade-insecure-requests', async () => {
    const res = await t.http.get('/');
    expect(res.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const csp = res.headers['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toMatch(/style-src 'self'(;|$)/);
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('upgrade-insecure-requests');
    // Other HTML pages keep their own policy, also without the upgrade (plain HTTP in a cluster).
    const graphiql = await t.http.get('/graphiql');
    expect(graphiql.status).toBe(200);
    expect(graphiql.headers['content-security-policy']).toContain("script-src 'self'");
    expect(graphiql.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
  });

  it('sends the assets with hashed names, a year of caching and precompressed bodies', async () => {
    const html = (await t.http.get('/')).text;
    const assets = assetsOf(html);
    expect(assets.some((a) => /\/assets\/app\.\w{10}\.js$/.test(a))).toBe(true);
    expect(assets.some((a) => /\/assets\/app\.\w{10}\.css$/.test(a))).toBe(true);
    expect(assets.some((a) => /\/assets\/favicon\.\w{10}\.svg$/.test(a))).toBe(true);
    for (const a of assets) {
      const res = await t.http.get(a).set('accept-encoding', 'identity');
      expect(res.status, a).toBe(200);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(res.headers['content-encoding']).toBeUndefined();
    }
    const js = assets.find((a) => a.endsWith('.js')) ?? '';
    const br = await t.http.get(js).set('accept-encoding', 'gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(br.headers['vary']).toBe('accept-encoding');
    const gz = await t.http.get(js).set('accept-encoding', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
  });

  it('answers an unknown asset with a 404 problem', async () => {
    const res = await t.http.get('/assets/app.0000000000.js');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('links GraphiQL only when the server serves it', async () => {
    expect((await t.http.get('/')).text).toContain('istio-kb:graphiql');
    const prod = await startTestApp({ sources: [FIXTURE_PAGES], env: { GRAPHIQL: 'false' } });
    try {
      expect((await prod.http.get('/')).text).not.toContain('istio-kb:graphiql');
    } finally {
      await prod.close();
    }
  });
});

describe('without a build', () => {
  it('answers 503 with a page naming the command, keeps the API up, and picks the build up without a restart', async () => {
    const tmp = tempDir('istio-kb-portal-');
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: `file:${path.join(tmp.dir, 'kb.db')}`, LOG_LEVEL: 'silent' });
    const ctx = await createAppContext(config);
    const portalDir = path.join(tmp.dir, 'portal');
    const app = await buildServer(ctx, { logger: false, portalDir });
    await app.ready();
    try {
      const http = supertest(app.server);
      const res = await http.get('/');
      expect(res.status).toBe(503);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.text).toContain('npm run build:portal');
      expect((await http.get('/diagnose')).status).toBe(503);
      expect((await http.get('/healthz')).status).toBe(200);
      expect((await http.get('/api/v1/versions')).status).toBe(200);

      cpSync(DEFAULT_PORTAL_DIR, portalDir, { recursive: true });
      const later = await http.get('/');
      expect(later.status).toBe(200);
      const js = assetsOf(later.text).find((a) => a.endsWith('.js')) ?? '';
      expect((await http.get(js)).status).toBe(200);
    } finally {
      await app.close();
      await ctx.close();
      tmp.remove();
    }
  });
});

describe('API additions for the portal', () => {
  it('lists each version with its page count and when it last changed', async () => {
    const res = await t.http.get('/api/v1/versions');
    expect(res.status).toBe(200);
    for (const v of res.body.versions as { pageCount: number; updatedAt: string | null }[]) {
      expect(v.pageCount).toBeGreaterThan(0);
      expect(Number.isNaN(Date.parse(v.updatedAt ?? ''))).toBe(false);
    }
  });

  it('answers diagnose as SARIF 2.1.0 when asked with Accept: application/sarif+json', async () => {
    const manifests = readFileSync(path.join(REPO_ROOT, 'samples/manifests/broken-bookinfo.yaml'), 'utf8');
    const json = await t.http.post('/api/v1/diagnose').send({ manifests });
    const sarif = await t.http.post('/api/v1/diagnose').set('accept', 'application/sarif+json').send({ manifests });
    expect(sarif.status).toBe(200);
    expect(sarif.headers['content-type']).toBe('application/sarif+json; charset=utf-8');
    const doc = JSON.parse(sarif.text) as { version: string; runs: { results: { ruleId: string }[] }[] };
    expect(doc.version).toBe('2.1.0');
    expect(doc.runs[0]?.results.map((r) => r.ruleId)).toEqual((json.body.findings as { ruleId: string }[]).map((f) => f.ruleId));
  });
});

describe('npm run screenshots', () => {
  it('loads its modules outside vitest (the harness must not reach a module that needs vitest state)', () => {
    // scripts/screenshots.ts runs under tsx alone; a helper that imported vitest broke it unnoticed.
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', "await import('./test/portal/harness.ts'); console.log('loaded')"], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(out.trim()).toBe('loaded');
  }, 60_000);
});
