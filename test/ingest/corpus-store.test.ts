// The whole archive into one database (skipped when ../shared is absent).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CORPUS_DIR, describeIfPresent } from '../support/shared.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import type { IngestSummary } from '../../src/services/ingest.ts';

const V10_SLUGS = [
  'multiple-virtual-services-and-destination-rules-for-the-same-host',
  '503-errors-after-setting-destination-rule',
  '503-errors-while-reconfiguring-service-routes',
  'route-rules-have-no-effect-on-ingress-gateway-requests',
  'route-rules-have-no-effect-on-my-application',
  'envoy-wont-connect-to-my-http10-service',
  'headless-tcp-services-losing-connection',
  'configuring-multiple-tls-hosts-in-a-gateway',
];

describeIfPresent(CORPUS_DIR, 'ingest of the whole Istio archive', () => {
  let t: TestApp;
  let first: IngestSummary;
  const manifest = () =>
    readFileSync(path.join(CORPUS_DIR, 'MANIFEST.tsv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split('\t'));

  beforeAll(async () => {
    t = await startTestApp({ seed: false });
    first = await t.ctx.ingest.ingest([CORPUS_DIR]);
    console.log(`[corpus] first ingest: ${first.totals.pages.new} pages, ${first.totals.entries.new} entries, ${first.totals.snippets} snippets in ${first.durationMs} ms`);
  }, 300_000);
  afterAll(async () => t?.close());

  it('ingests every page of MANIFEST.tsv with at least one entry', async () => {
    const rows = manifest();
    expect(first.problems.filter((p) => p.kind === 'failed')).toEqual([]);
    expect(first.totals.pages.new).toBe(rows.length);
    const versions = await t.ctx.kb.versions();
    const pages = new Map(versions.map((v) => [v.name, v.pageCount]));
    for (const v of versions) expect(v.entryCount).toBeGreaterThanOrEqual(v.pageCount);
    const expected = new Map<string, number>();
    for (const [version] of rows) expected.set(version!.slice(1), (expected.get(version!.slice(1)) ?? 0) + 1);
    expect(Object.fromEntries(pages)).toEqual(Object.fromEntries(expected));
  });

  it('has versions 0.8 and 1.0 to 1.25, newest first', async () => {
    const names = (await t.ctx.kb.versions()).map((v) => v.name);
    const wanted = ['0.8', ...Array.from({ length: 26 }, (_, i) => `1.${i}`)];
    expect([...names].sort()).toEqual([...wanted].sort());
    expect(names[0]).toBe('1.25');
    expect(names.at(-1)).toBe('0.8');
  });

  it('has the 8 sections of the v1.0 guidelines page as entries with the right slugs', async () => {
    for (const slug of V10_SLUGS) {
      const entry = await t.ctx.kb.entry(slug, '1.0');
      expect(entry, slug).not.toBeNull();
      expect(entry?.slug).toBe(slug);
      expect(entry?.pageUrl).toBe('https://istio.io/v1.0/help/ops/traffic-management/deploy-guidelines/');
    }
  });

  it('gives a renamed guideline one key across versions', async () => {
    const history = await t.ctx.kb.history('503-errors-while-reconfiguring-service-routes');
    expect(history?.key).toBe('503-errors-while-reconfiguring-service-routes');
    const titles = new Map(history?.items.map((i) => [i.version, i.title]));
    expect(titles.get('1.0')).toBe('503 errors while reconfiguring service routes');
    expect(titles.get('1.25')).toBe('Avoid 503 errors while reconfiguring service routes');
    const http10 = await t.ctx.kb.history('envoy-won-t-connect-to-my-http-1-0-service');
    expect(http10?.key).toBe('envoy-wont-connect-to-my-http-1-0-service');
    expect(http10?.items.map((i) => i.version)).toEqual(expect.arrayContaining(['1.0', '1.1', '1.14', '1.15', '1.25']));
  });

  it('reports everything unchanged on a second ingest', async () => {
    const again = await t.ctx.ingest.ingest([CORPUS_DIR]);
    console.log(`[corpus] re-ingest: ${again.totals.pages.unchanged} pages unchanged in ${again.durationMs} ms`);
    expect(again.totals.pages).toEqual({ new: 0, changed: 0, unchanged: first.totals.pages.new, removed: 0 });
    expect(again.totals.entries.new + again.totals.entries.changed + again.totals.entries.removed).toBe(0);
  }, 120_000);
});
