// History and compare of one guideline across versions, and HTTP caching of GET answers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startTestApp, type TestApp } from '../support/app.ts';
import { guidelinePage, writePages } from '../support/pages.ts';

const title = 'Traffic Management Best Practices';
const section = (fix: string, extra = '') => ({
  id: 'set-default-routes-for-services',
  title: 'Set default routes for services',
  body: `<p>Requests fail with 503 when no default route exists.</p><p>${fix}</p>${extra}`,
});

let t: TestApp;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'istio-kb-pages-'));
  writePages(dir, {
    '1.3': guidelinePage('1.3', title, [section('Add a default route to every virtual service.')]),
    '1.4': guidelinePage('1.4', title, [section('Add a default route to every virtual service.')]),
    '1.5': guidelinePage('1.5', title, [section('Add a default route to every virtual service, see release-1.5 notes.', '<p>Make sure the route has no match.</p>')]),
  });
  t = await startTestApp({ sources: [dir] });
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('history', () => {
  it('lists every version oldest first and whether the content changed', async () => {
    const res = await t.http.get('/api/v1/entries/set-default-routes-for-services/history');
    expect(res.status).toBe(200);
    expect(res.body.key).toBe('set-default-routes-for-services');
    expect(res.body.versions.map((v: { version: string; changed: boolean }) => [v.version, v.changed])).toEqual([
      ['1.3', true],
      ['1.4', false],
      ['1.5', true],
    ]);
  });

  it('is in GraphQL too, and Entry.versions lists newest first', async () => {
    const { body } = await gql(t, '{ history(slug: "set-default-routes-for-services") { key versions { version changed url entry { versions } } } }');
    expect(body.errors).toBeUndefined();
    const h = body.data?.['history'];
    expect(h.versions).toHaveLength(3);
    expect(h.versions[0].entry.versions).toEqual(['1.5', '1.4', '1.3']);
    expect(h.versions[0].url).toBe('https://istio.io/v1.3/docs/ops/best-practices/traffic-management/#set-default-routes-for-services');
  });

  it('answers 404 for an unknown guideline', async () => {
    expect((await t.http.get('/api/v1/entries/nope/history')).status).toBe(404);
  });
});

describe('compare', () => {
  it('reports added and changed items, ignoring version noise', async () => {
    const res = await t.http.get('/api/v1/entries/set-default-routes-for-services/compare').query({ from: '1.3', to: '1.5' });
    expect(res.status).toBe(200);
    const all = [...res.body.fixes.added, ...res.body.causes.added, ...res.body.symptoms.added].join(' ');
    expect(all + JSON.stringify(res.body)).toContain('Make sure the route has no match');
    const same = await t.http.get('/api/v1/entries/set-default-routes-for-services/compare').query({ from: '1.3', to: '1.4' });
    for (const field of ['symptoms', 'causes', 'fixes', 'errorMessages', 'snippets']) {
      expect(same.body[field]).toEqual({ added: [], removed: [], changed: [] });
    }
  });

  it('validates versions: unknown -> 400 listing known versions, patch versions resolve', async () => {
    const bad = await t.http.get('/api/v1/entries/set-default-routes-for-services/compare').query({ from: '1.0', to: '1.5' });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toContain('Known versions: 1.5, 1.4, 1.3');
    const patch = await t.http.get('/api/v1/entries/set-default-routes-for-services/compare').query({ from: '1.3.2', to: 'latest' });
    expect(patch.status).toBe(200);
    expect(patch.body.to.version).toBe('1.5');
    const missing = await t.http.get('/api/v1/entries/set-default-routes-for-services/compare').query({ from: '1.3' });
    expect(missing.status).toBe(400);
  });

  it('is in GraphQL too', async () => {
    const { body } = await gql(t, '{ compare(slug: "set-default-routes-for-services", from: "1.4", to: "1.5") { key from { version } to { version } fixes { added removed changed { from to } } } }');
    expect(body.errors).toBeUndefined();
    expect(body.data?.['compare']).toMatchObject({ key: 'set-default-routes-for-services', from: { version: '1.4' }, to: { version: '1.5' } });
  });
});

describe('HTTP caching', () => {
  it('sends ETag and Cache-Control, and 304 for If-None-Match', async () => {
    for (const url of ['/api/v1/versions', '/api/v1/entries/set-default-routes-for-services?version=1.4']) {
      const first = await t.http.get(url);
      expect(first.status).toBe(200);
      expect(first.headers['etag']).toMatch(/^"[\w-]+"$/);
      expect(first.headers['cache-control']).toContain('max-age=');
      const again = await t.http.get(url).set('if-none-match', first.headers['etag'] as string);
      expect(again.status).toBe(304);
      const stale = await t.http.get(url).set('if-none-match', '"other"');
      expect(stale.status).toBe(200);
    }
  });
});
