// The shipped archive (archive/istio-archive.json.br): the 207 pages of ../shared/corpus, each
// trimmed to its article, must parse to exactly the entries of the original page; its provenance is
// recorded; a bundle source can name one page or a folder of it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bundlePages, readBundle, sha256, trimPage } from '../../ingest/bundle.ts';
import { parsePage } from '../../ingest/parse-page.ts';
import { collectPages } from '../../ingest/pipeline.ts';
import { SHIPPED_ARCHIVE_NAME } from '../../ingest/shipped-archive.ts';
import { SAMPLE_PAGE, SHIPPED_ARCHIVE } from '../support/archive.ts';
import { CORPUS_DIR, describeIfPresent } from '../support/shared.ts';

const bundle = readBundle(SHIPPED_ARCHIVE);

describe('shipped archive bundle', () => {
  it('holds 207 pages of v0.8 and v1.0-v1.25 with their provenance', () => {
    expect(bundle.pages).toHaveLength(207);
    const versions = new Set(bundle.pages.map((p) => p.path.split('/')[0]));
    expect(versions.size).toBe(27);
    expect(versions).toContain('v0.8');
    expect(versions).toContain('v1.25');
    expect(bundle.source.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(bundle.source.repository).toContain('istio.io');
    expect(bundle.source.licence).toContain('Apache-2.0');
  });

  it('selects pages by path prefix, and refuses a selector that matches nothing', () => {
    expect(bundlePages(SAMPLE_PAGE).pages).toHaveLength(1);
    expect(bundlePages(`${SHIPPED_ARCHIVE}#v1.0/`).pages).toHaveLength(15);
    expect(() => bundlePages(`${SHIPPED_ARCHIVE}#v9.9/`)).toThrow(/No page/);
  });

  it('is ingested by the pipeline, one source per page, and skipped when unchanged', async () => {
    const first = await collectPages([`${SHIPPED_ARCHIVE}#v1.1/`]);
    expect(first.pages).toHaveLength(14);
    expect(first.problems).toEqual([]);
    // Recorded by the package's name, not the path of this installation (see ingest/shipped-archive.ts).
    expect(first.pages[0]?.source).toMatch(/^istio-kb:archive\/istio-archive\.json\.br#v1\.1\//);
    const known = new Map(first.pages.map((p) => [p.source, p.rawHash]));
    const again = await collectPages([`${SHIPPED_ARCHIVE}#v1.1/`], { knownRawHashes: known });
    expect(again.pages).toHaveLength(0);
    expect(again.notModified).toHaveLength(14);
    // The name is a source as well, the same pages.
    const named = await collectPages([`${SHIPPED_ARCHIVE_NAME}#v1.1/`], { knownRawHashes: known });
    expect(named.notModified).toHaveLength(14);
  });

  it('refuses a missing file or one that is not a bundle with a clear error', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'istio-kb-bundle-'));
    try {
      const garbage = path.join(dir, 'pages.json.br');
      writeFileSync(garbage, 'not brotli at all');
      expect(() => readBundle(garbage)).toThrow(/is not an archive bundle/);
      writeFileSync(garbage, brotliCompressSync(JSON.stringify({ format: 'something-else', pages: [] })));
      expect(() => readBundle(garbage)).toThrow(/is not an archive bundle of format/);
      expect(() => readBundle(path.join(dir, 'missing.json.br'))).toThrow(/Source not found/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describeIfPresent(CORPUS_DIR, 'shipped archive against the original pages (../shared/corpus)', () => {
  const manifest = readFileSync(path.join(CORPUS_DIR, 'MANIFEST.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t'));

  it('has exactly the pages of MANIFEST.tsv, with their sha256', () => {
    expect(bundle.pages.map((p) => [p.path, p.sha256]).sort()).toEqual(manifest.map((c) => [`${c[0]}/${c[1]}`, c[4]]).sort());
    expect(new Set(manifest.map((c) => c[3]))).toEqual(new Set([bundle.source.commit]));
  });

  it('every trimmed page parses to the same page and entries as its original', () => {
    for (const page of bundle.pages) {
      const file = path.join(CORPUS_DIR, page.path);
      const original = readFileSync(file);
      expect(sha256(original), page.path).toBe(page.sha256);
      const fromOriginal = parsePage(original.toString('utf8'), file);
      const fromBundle = parsePage(page.html, `/${page.path}`);
      expect(fromBundle, page.path).toEqual(fromOriginal);
    }
  }, 180_000);

  it('is reproducible: trimming the original again gives the shipped page', () => {
    for (const page of bundle.pages.filter((_, i) => i % 20 === 0)) {
      expect(trimPage(readFileSync(path.join(CORPUS_DIR, page.path), 'utf8'), page.path), page.path).toBe(page.html);
    }
  });
});
