// Ingest into a real database: idempotent, in place, per-version summaries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_PAGE } from '../../src/services/ingest.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { execSql } from '../support/provider.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ seed: false });
});
afterAll(async () => t.close());

describe('ingest into the knowledge base', () => {
  it('stores the sample page as 8 entries of version 1.0', async () => {
    const summary = await t.ctx.ingest.ingest([SAMPLE_PAGE]);
    expect(summary.versions).toHaveLength(1);
    expect(summary.versions[0]).toMatchObject({ version: '1.0', pages: { new: 1 }, entries: { new: 8 } });
    expect(summary.totals.parseFailures).toBe(0); // the clean page's YAML is intact (unlike the lossy seed copy)
  });

  it('reports everything unchanged on a second run and keeps the rows', async () => {
    const before = await t.ctx.kb.entry('503-errors-after-setting-destination-rule');
    const summary = await t.ctx.ingest.ingest([SAMPLE_PAGE]);
    expect(summary.totals.pages).toEqual({ new: 0, changed: 0, unchanged: 1, removed: 0 });
    expect(summary.totals.entries).toEqual({ new: 0, changed: 0, unchanged: 8, removed: 0 });
    const after = await t.ctx.kb.entry('503-errors-after-setting-destination-rule');
    expect(after?.rowId).toBe(before?.rowId);
  });

  it('relinks keys written by an older version when pages are parsed again (upgrade)', async () => {
    await execSql(t.ctx.config.databaseUrl, `UPDATE "Entry" SET "key" = 'stale-' || "id"; UPDATE "Page" SET "rawHash" = NULL`);
    const summary = await t.ctx.ingest.ingest([SAMPLE_PAGE]);
    expect(summary.totals.entries.unchanged).toBe(8);
    expect((await t.ctx.kb.entry('503-errors-after-setting-destination-rule'))?.key).toBe('503-errors-after-setting-destination-rule');
  });

  it('refuses a source path that does not exist before writing anything', async () => {
    await expect(t.ctx.ingest.ingest([SAMPLE_PAGE, '/nonexistent/page.html'])).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((await t.ctx.kb.versions())[0]?.entryCount).toBe(8);
  });
});
