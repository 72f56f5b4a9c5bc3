// A start brings the start-up sources' pages up to this build's parser: an ingest skips pages whose
// bytes and parser it has seen, so without this an upgraded server would keep an older parser's
// fields for good, without a sign.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { comparedToCurrent, PARSER_VERSION, parserRevision } from '../../ingest/parser-version.ts';
import { describeStartIngest, SAMPLE_PAGE, SHIPPED_ARCHIVE, SHIPPED_ARCHIVE_NAME, sameSource } from '../../src/services/ingest.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { execSql, querySql } from '../support/provider.ts';

const KEY = '503-errors-after-setting-destination-rule';
const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/html/era-b-v1.0.html');

describe('which parser yielded stored pages, compared with this build', () => {
  it.each([
    [PARSER_VERSION, 'same'],
    ['parser-6', 'older'],
    [undefined, 'older'], // runs recorded before parser versions were
    ['parser-99', 'newer'],
    ['something-else', 'newer'], // not ours to overwrite
  ] as const)('%s is %s', (stored, expected) => {
    expect(comparedToCurrent(stored)).toBe(expected);
  });

  it('reads revision numbers, not text order', () => {
    expect(parserRevision('parser-10')).toBe(10);
    expect(comparedToCurrent('parser-9', 'parser-10')).toBe('older');
    expect(comparedToCurrent('parser-10', 'parser-9')).toBe('newer');
  });
});

describe('a recorded source is a start-up source', () => {
  it.each([
    [SHIPPED_ARCHIVE, SHIPPED_ARCHIVE, true],
    // what runs record now, wherever the package is installed
    [SHIPPED_ARCHIVE_NAME, SHIPPED_ARCHIVE, true],
    [`${SHIPPED_ARCHIVE_NAME}#v1.4/`, `${SHIPPED_ARCHIVE}#v1.4/`, true],
    // a run recorded before the archive had a name, by another installation's path
    ['/opt/old-release/archive/istio-archive.json.br', SHIPPED_ARCHIVE, true],
    ['/opt/old-release/istio-archive.json.br', SHIPPED_ARCHIVE, false],
    // part of the archive is not the archive
    [`${SHIPPED_ARCHIVE}#v1.4/`, SHIPPED_ARCHIVE, false],
    [`${SHIPPED_ARCHIVE_NAME}#v1.4/`, SHIPPED_ARCHIVE, false],
    ['/srv/pages', '/srv/pages/', true],
    ['/srv/pages', '/srv/other', false],
    ['/srv/istio-archive.json.br', '/srv/pages', false],
    ['https://istio.io/v1.4/docs/ops/', 'https://istio.io/v1.4/docs/ops/', true],
    ['https://istio.io/v1.4/docs/ops/', path.resolve('https://istio.io/v1.4/docs/ops/'), false],
  ])('%s for %s: %s', (recorded, wanted, expected) => {
    expect(sameSource(recorded, wanted)).toBe(expected);
  });
});

describe('a start with a knowledge base an older parser filled', () => {
  let t: TestApp;
  const sql = (statement: string) => execSql(t.ctx.config.databaseUrl, statement);
  /** What an older parser left: other fields, other hashes, a run that recorded it. */
  const asIfParsedBy = async (parser: string | null) => {
    await sql(`UPDATE "Entry" SET "fixes" = '[]'`);
    await sql(`UPDATE "Page" SET "rawHash" = 'older', "contentHash" = 'older'`);
    await sql(`UPDATE "IngestRun" SET "summary" = '${parser === null ? '{}' : JSON.stringify({ parser })}'`);
  };

  beforeAll(async () => {
    t = await startTestApp({ seed: false, env: { INGEST_ON_START: SAMPLE_PAGE } });
  });
  afterAll(async () => t.close());

  it('fills an empty knowledge base and records the parser', async () => {
    const done = await t.ctx.ingestAtStart();
    expect(done).toMatchObject({ kind: 'seeded', summary: { parser: PARSER_VERSION, totals: { entries: { new: 8 } } } });
    expect(await t.ctx.ingestAtStart()).toEqual({ kind: 'current' });
  });

  it('parses the start-up sources again when an older parser did, and writes what changed', async () => {
    await asIfParsedBy('parser-6');
    expect((await t.ctx.kb.entry(KEY))?.fixes ?? []).toEqual([]);
    const done = await t.ctx.ingestAtStart();
    expect(done).toMatchObject({ kind: 'reparsed', parsedBy: 'parser-6', summary: { parser: PARSER_VERSION, totals: { entries: { changed: 8 } } } });
    expect((await t.ctx.kb.entry(KEY))?.fixes.length).toBeGreaterThan(0);
    expect(await t.ctx.ingestAtStart()).toEqual({ kind: 'current' });
  });

  it('parses them again when the run did not record its parser (before parsers were recorded)', async () => {
    await asIfParsedBy(null);
    expect(await t.ctx.ingestAtStart()).toMatchObject({ kind: 'reparsed', summary: { totals: { entries: { changed: 8 } } } });
    expect((await t.ctx.kb.entry(KEY))?.fixes.length).toBeGreaterThan(0);
  });

  it('leaves pages a newer build parsed as they are (an older replica restarting in a rolling upgrade)', async () => {
    await sql(`UPDATE "IngestRun" SET "summary" = '${JSON.stringify({ parser: 'parser-99' })}'`);
    expect(await t.ctx.ingestAtStart()).toEqual({ kind: 'newer', parsedBy: 'parser-99' });
    expect(await t.ctx.ingestAtStart()).toEqual({ kind: 'newer', parsedBy: 'parser-99' });
  });

  it('records the shipped archive by its name, so a knowledge base survives an install elsewhere', async () => {
    const page = `${SHIPPED_ARCHIVE_NAME}#v1.0/help/ops/traffic-management/deploy-guidelines/index.html`;
    const runs = await querySql(t.ctx.config.databaseUrl, `SELECT "sources" FROM "IngestRun"`);
    expect(runs.map((r) => JSON.parse(String(r['sources'])))).toContainEqual([page]);
    // What an earlier build installed in another directory recorded: its own paths.
    const elsewhere = page.replace(SHIPPED_ARCHIVE_NAME, '/opt/old-release/archive/istio-archive.json.br');
    await sql(`UPDATE "Page" SET "source" = '${elsewhere}'`);
    await sql(`UPDATE "IngestRun" SET "sources" = '${JSON.stringify([elsewhere])}'`);
    const again = await t.ctx.ingest.ingest([SAMPLE_PAGE]);
    // Its raw hashes were keyed by the old path: parsed again once, nothing to write but the names.
    expect(again.totals).toMatchObject({ pages: { unchanged: 1, changed: 0, new: 0 }, entries: { unchanged: 8, changed: 0 } });
    const pages = await querySql(t.ctx.config.databaseUrl, `SELECT "source" FROM "Page"`);
    expect(pages.map((p) => p['source'])).toEqual([page]);
    // From now on the page is skipped before parsing, whichever directory the package is in.
    const then = await t.ctx.ingest.ingest([SAMPLE_PAGE]);
    expect(then.totals.pages).toMatchObject({ unchanged: 1, changed: 0, new: 0 });
    expect(await t.ctx.ingestAtStart()).toEqual({ kind: 'current' });
  });

  it('leaves a knowledge base filled from other sources only to istio-kb ingest', async () => {
    await asIfParsedBy('parser-1');
    await sql(`UPDATE "IngestRun" SET "sources" = '["/srv/own-pages"]'`);
    expect(await t.ctx.ingestAtStart()).toEqual({ kind: 'current' });
    expect((await t.ctx.kb.entry(KEY))?.fixes).toEqual([]);
  });
});

describe('a start whose start-up source is gone', () => {
  it('keeps serving the older entries when parsing again fails', async () => {
    const pages = mkdtempSync(path.join(tmpdir(), 'istio-kb-pages-'));
    const page = path.join(pages, 'v1.0', 'docs', 'ops', 'deploy', 'index.html');
    mkdirSync(path.dirname(page), { recursive: true });
    copyFileSync(FIXTURE, page);
    const t = await startTestApp({ seed: false, env: { INGEST_ON_START: pages } });
    try {
      expect(await t.ctx.ingestAtStart()).toMatchObject({ kind: 'seeded' });
      const entries = (await t.ctx.kb.versions())[0]?.entryCount;
      expect(entries).toBeGreaterThan(0);
      await execSql(t.ctx.config.databaseUrl, `UPDATE "IngestRun" SET "summary" = '{"parser":"parser-6"}'`);
      rmSync(pages, { recursive: true, force: true });
      expect(await t.ctx.ingestAtStart()).toMatchObject({ kind: 'failed', parsedBy: 'parser-6' });
      expect((await t.ctx.kb.versions())[0]?.entryCount).toBe(entries);
    } finally {
      await t.close();
      rmSync(pages, { recursive: true, force: true });
    }
  });
});

describe('what a start logs about it', () => {
  it('says nothing when the pages are current, and names both parsers otherwise', () => {
    expect(describeStartIngest({ kind: 'current' })).toBeNull();
    expect(describeStartIngest({ kind: 'newer', parsedBy: 'parser-99' })).toMatchObject({ level: 'warn', message: expect.stringContaining(`parser-99, newer than this build's ${PARSER_VERSION}`) });
    const failed = describeStartIngest({ kind: 'failed', parsedBy: 'parser-6', error: new Error('gone') });
    expect(failed).toMatchObject({ level: 'error', fields: { err: expect.any(Error) }, message: expect.stringContaining('serving the older entries') });
  });
});
