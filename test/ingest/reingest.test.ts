// Ingesting a page again stores what it now says: the content hash ignores only what cannot
// change the parsed entries, so a page whose YAML indentation was restored replaces the lossy copy,
// and the per-version summary (snippets, unparseable snippets) is the same on every run.
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { IngestSummary } from '../../src/services/ingest.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { CORPUS_DIR, SHARED_DIR, describeIfPresent } from '../support/shared.ts';

const SEED = path.join(SHARED_DIR, 'seed/000_94a80e86b1fb7fc1.txt');
const CLEAN = path.join(CORPUS_DIR, 'v1.0/help/ops/traffic-management/deploy-guidelines/index.html');
const SLUG = 'multiple-virtual-services-and-destination-rules-for-the-same-host';

const perVersion = (s: IngestSummary) => Object.fromEntries(s.versions.map((v) => [v.version, { snippets: v.snippets, parseFailures: v.parseFailures }]));

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ seed: false });
});
afterAll(async () => t?.close());

/** What the database holds, per version: the truth the summaries must agree with. */
function stored(): Record<string, { snippets: number; parseFailures: number }> {
  const db = new Database(t.ctx.config.databaseFile, { readonly: true });
  try {
    const rows = db
      .prepare(
        `SELECT v.name AS version, COUNT(s.id) AS snippets, COALESCE(SUM(s.parseError IS NOT NULL), 0) AS parseFailures
         FROM "DocVersion" v JOIN "Entry" e ON e.versionId = v.id LEFT JOIN "Snippet" s ON s.entryId = e.id GROUP BY v.name`,
      )
      .all() as { version: string; snippets: number; parseFailures: number }[];
    return Object.fromEntries(rows.map((r) => [r.version, { snippets: r.snippets, parseFailures: r.parseFailures }]));
  } finally {
    db.close();
  }
}

const present = existsSync(SEED) && existsSync(CLEAN);
describeIfPresent(present ? SHARED_DIR : path.join(SHARED_DIR, 'seed (or the v1.0 guidelines page) is missing'), 'the lossy seed page, then the clean one', () => {
  it('replaces the flattened YAML with the indented YAML, and counts what is stored', async () => {
    const lossy = await t.ctx.ingest.ingest([SEED]);
    expect(lossy.totals.parseFailures).toBeGreaterThan(0);
    const before = await t.ctx.kb.entry(SLUG, '1.0');
    expect(before?.snippets.some((s) => s.parseError?.startsWith('YAML'))).toBe(true);

    const clean = await t.ctx.ingest.ingest([CLEAN]);
    expect(clean.totals.pages).toMatchObject({ changed: 1, unchanged: 0 });
    expect(clean.totals.entries.changed).toBeGreaterThan(0);
    expect(clean.totals.parseFailures).toBe(0);

    const after = await t.ctx.kb.entry(SLUG, '1.0');
    const yaml = after?.snippets.find((s) => s.code.includes('kind: VirtualService'));
    expect(yaml?.parseError).toBeNull();
    expect(yaml?.kinds).toEqual(['VirtualService']);
    expect(yaml?.code).toMatch(/\nmetadata:\n {2}name: myapp\n/); // indented again
    expect(parseAllDocuments(yaml?.code ?? '', { logLevel: 'error' })[0]?.toJS()).toMatchObject({ kind: 'VirtualService', metadata: { name: 'myapp' }, spec: { hosts: ['myapp.com'] } });
    expect(after?.snippets.every((s) => s.parseError === null)).toBe(true);
    expect(stored()['1.0']).toEqual(perVersion(clean)['1.0']);

    // The next run skips the unchanged file and still reports what is stored, not the old copy.
    const again = await t.ctx.ingest.ingest([CLEAN]);
    expect(again.totals.pages).toMatchObject({ unchanged: 1 });
    expect(perVersion(again)).toEqual(perVersion(clean));
  });
});

describeIfPresent(CORPUS_DIR, 'two runs over the same pages', () => {
  it('report the same snippets and unparseable snippets per version as the database holds', async () => {
    const sources = ['v0.8', 'v1.0', 'v1.1', 'v1.4'].map((v) => path.join(CORPUS_DIR, v));
    const first = await t.ctx.ingest.ingest(sources);
    const second = await t.ctx.ingest.ingest(sources);
    expect(perVersion(second)).toEqual(perVersion(first));
    const db = stored();
    for (const [version, counts] of Object.entries(perVersion(second))) expect(db[version], version).toEqual(counts);
  });
});
