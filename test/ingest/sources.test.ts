import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectRedirectStub, isHttpUrl, isRedirectStub, listHtmlFiles, readSource } from '../../ingest/sources.ts';
import { BadUserInputError } from '../../src/errors.ts';
import { fixture } from './helpers.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ingest-sources-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('listHtmlFiles', () => {
  mkdirSync(path.join(dir, 'v1.0/b'), { recursive: true });
  mkdirSync(path.join(dir, 'v1.0/a'), { recursive: true });
  writeFileSync(path.join(dir, 'v1.0/b/index.html'), '<html></html>');
  writeFileSync(path.join(dir, 'v1.0/a/index.html'), '<html></html>');
  writeFileSync(path.join(dir, 'v1.0/a/page.html'), '<html></html>');
  writeFileSync(path.join(dir, 'v1.0/a/notes.txt'), 'x');
  symlinkSync(path.join(dir, 'v1.0'), path.join(dir, 'v1.0/a/loop'));

  it('walks folders recursively, sorted, ignoring non-HTML files and symlink loops', async () => {
    const files = await listHtmlFiles([path.join(dir, 'v1.0')]);
    expect(files.map((f) => path.relative(dir, f))).toEqual(['v1.0/a/index.html', 'v1.0/a/page.html', 'v1.0/b/index.html']);
  });

  it('keeps files as given and rejects missing paths', async () => {
    const file = path.join(dir, 'v1.0/a/notes.txt');
    expect(await listHtmlFiles([file])).toEqual([file]);
    await expect(listHtmlFiles([path.join(dir, 'missing')])).rejects.toBeInstanceOf(BadUserInputError);
  });

  it('reads files and refuses folders', async () => {
    expect(await readSource(path.join(dir, 'v1.0/a/index.html'))).toBe('<html></html>');
    await expect(readSource(dir)).rejects.toBeInstanceOf(BadUserInputError);
  });
});

describe('isHttpUrl', () => {
  it('accepts only http(s) URLs', () => {
    expect(isHttpUrl('https://istio.io/v1.0/')).toBe(true);
    expect(isHttpUrl('HTTP://example.com')).toBe(true);
    expect(isHttpUrl('file:///etc/passwd')).toBe(false);
    expect(isHttpUrl('/work/shared/x.html')).toBe(false);
    expect(isHttpUrl('https://')).toBe(false);
  });
});

describe('redirect stubs', () => {
  const stub = '<!DOCTYPE html><html><head><title>Redirecting…</title><link rel="canonical" href="/v1.2/docs/ops/x/"><meta name="robots" content="noindex"><meta charset="utf-8"><meta http-equiv="refresh" content="0; url=/v1.2/docs/ops/x/"></head></html>';

  it('recognises Hugo alias stubs and names the target', () => {
    expect(isRedirectStub(stub)).toBe(true);
    expect(detectRedirectStub(stub)).toEqual({ reason: 'Hugo redirect stub (<title>Redirecting…</title>) to /v1.2/docs/ops/x/', target: '/v1.2/docs/ops/x/' });
  });

  it('does not flag real pages', () => {
    expect(isRedirectStub(fixture('era-c-v1.5.html'))).toBe(false);
    expect(detectRedirectStub('<html><body><p>Redirecting traffic is explained below.</p></body></html>')).toBeNull();
  });
});
