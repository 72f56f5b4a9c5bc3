// Ingest by http(s) URL against a local server (127.0.0.1 only): failures per page, retries,
// timeouts, conditional requests, the concurrency bound, and parity with ingest from files.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { delayMs, fetchHtml, parseRetryAfter } from '../../ingest/http.ts';
import { resolveHttpSettings } from '../../ingest/http-options.ts';
import { collectPages, type CollectOptions, type Progress } from '../../ingest/pipeline.ts';
import { mapConcurrent } from '../../ingest/pool.ts';
import { BadUserInputError } from '../../src/errors.ts';
import { CORPUS_DIR, describeIfPresent } from '../support/shared.ts';
import { ETAG, LAST_MODIFIED, closedPort, startTestServer, type TestServer } from './http-server.ts';

// Short enough that the whole file runs in a few seconds.
const FAST: CollectOptions = { timeoutMs: 2_000, retries: 3, backoffMs: 5, maxDelayMs: 50 };

let server: TestServer;
let url: (p: string) => string;
beforeAll(async () => {
  server = await startTestServer(CORPUS_DIR);
  url = (p) => `${server.base}${p}`;
});
afterAll(async () => server?.close());

describe('collectPages with http(s) URLs', () => {
  it('ingests the good URLs of a mixed list and reports the failing one', async () => {
    const progress: Progress[] = [];
    const result = await collectPages([url('/page/one'), url('/missing'), url('/page/two'), url('/stub')], {
      ...FAST,
      onProgress: (p) => progress.push(p),
    });
    expect(result.pages.map((p) => [p.source, p.page.version, p.page.entries[0]?.slug])).toEqual([
      [url('/page/one'), '1.9', 'one'],
      [url('/page/two'), '1.9', 'two'],
    ]);
    expect(result.problems).toEqual([
      { source: url('/missing'), kind: 'failed', reason: 'HTTP 404 Not Found' },
      { source: url('/stub'), kind: 'skipped', reason: 'redirect stub (no content)' },
    ]);
    expect(result.notModified).toEqual([]);
    expect(server.requests.get('/missing')).toHaveLength(1); // a 404 is not retried
    expect(progress.map((p) => p.done).sort()).toEqual([1, 2, 3, 4]);
    expect(progress.every((p) => p.total === 4)).toBe(true);
    expect(progress.filter((p) => p.version === '1.9')).toHaveLength(2);
  });

  it('retries 5xx with backoff until it succeeds', async () => {
    const { pages, problems } = await collectPages([url('/flaky')], FAST);
    expect(problems).toEqual([]);
    expect(pages[0]?.page.entries[0]?.slug).toBe('recovered');
    expect(server.requests.get('/flaky')).toHaveLength(3);
  });

  it('gives up after the configured retries with the last reason', async () => {
    const { problems } = await collectPages([url('/always-503')], { ...FAST, retries: 2 });
    expect(problems).toEqual([{ source: url('/always-503'), kind: 'failed', reason: '2 retries failed: HTTP 503 Service Unavailable' }]);
    expect(server.requests.get('/always-503')).toHaveLength(3);
  });

  it('honours Retry-After on 429, capped by maxDelayMs', async () => {
    const { pages } = await collectPages([url('/rate-limited')], { ...FAST, maxDelayMs: 300 });
    expect(pages[0]?.page.entries[0]?.slug).toBe('after-wait');
    const [first, second] = server.requests.get('/rate-limited') ?? [];
    const gap = (second?.at ?? 0) - (first?.at ?? 0);
    expect(gap).toBeGreaterThanOrEqual(250); // Retry-After: 1 s, capped at 300 ms (backoff alone is ≤ 5 ms)
    expect(gap).toBeLessThan(900);
  });

  it('times out slow responses, before and during the body', async () => {
    const started = Date.now();
    const { problems } = await collectPages([url('/slow'), url('/slow-body')], { ...FAST, timeoutMs: 100, retries: 1 });
    expect(problems).toEqual([
      { source: url('/slow'), kind: 'failed', reason: '1 retry failed: timed out after 0.1 s' },
      { source: url('/slow-body'), kind: 'failed', reason: '1 retry failed: timed out after 0.1 s' },
    ]);
    expect(Date.now() - started).toBeLessThan(2_000);
    const single = await collectPages([url('/slow')], { ...FAST, timeoutMs: 100, retries: 0 });
    expect(single.problems[0]?.reason).toBe('timed out after 0.1 s');
  });

  it('names the network error when nothing listens', async () => {
    const dead = `http://127.0.0.1:${await closedPort()}/x`;
    const { problems } = await collectPages([dead, url('/page/alive')], FAST);
    expect(problems).toEqual([{ source: dead, kind: 'failed', reason: '3 retries failed: ECONNREFUSED' }]);
  });

  it.each(['ENOTFOUND', 'EAI_AGAIN'])('does not retry a DNS failure (%s): one attempt, a reason naming the host', async (code) => {
    // fetch is replaced so that no name is looked up for real (tests talk to loopback only).
    let calls = 0;
    const failing = async () => {
      calls += 1;
      throw new TypeError('fetch failed', { cause: Object.assign(new Error(`getaddrinfo ${code} istio.example`), { code }) });
    };
    vi.stubGlobal('fetch', failing);
    try {
      const { problems } = await collectPages(['https://istio.example/v1.4/docs/'], { ...FAST, retries: 3 });
      expect(calls).toBe(1);
      expect(problems).toEqual([{ source: 'https://istio.example/v1.4/docs/', kind: 'failed', reason: `DNS lookup of istio.example failed (${code}): check the host name and the network` }]);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('sends stored validators and reports a 304 as not modified', async () => {
    const first = await collectPages([url('/validators')], FAST);
    expect(first.pages[0]).toMatchObject({ etag: ETAG, lastModified: LAST_MODIFIED });
    expect(server.requests.get('/validators')?.[0]?.headers['if-none-match']).toBeUndefined();

    const asked: string[] = [];
    const conditional = async (u: string) => {
      asked.push(u);
      return u.endsWith('/validators') ? { etag: ETAG, lastModified: null } : null;
    };
    const again = await collectPages([url('/validators'), url('/page/fresh')], { ...FAST, conditional });
    expect(again.notModified).toEqual([{ source: url('/validators') }]);
    expect(again.pages.map((p) => p.source)).toEqual([url('/page/fresh')]);
    expect(again.problems).toEqual([]);
    expect(asked.sort()).toEqual([url('/page/fresh'), url('/validators')].sort());
    expect(server.requests.get('/validators')?.[1]?.headers['if-none-match']).toBe(ETAG);

    const byDate = await collectPages([url('/validators')], { ...FAST, conditional: async () => ({ etag: null, lastModified: LAST_MODIFIED }) });
    expect(byDate.notModified).toHaveLength(1);
    expect(server.requests.get('/validators')?.[2]?.headers['if-modified-since']).toBe(LAST_MODIFIED);

    const broken = await collectPages([url('/validators')], { ...FAST, conditional: async () => Promise.reject(new Error('db locked')) });
    expect(broken.problems[0]?.reason).toBe('could not read the stored validators: db locked');
  });

  it('accepts only HTML (or untyped) bodies within the size cap', async () => {
    const { pages, problems } = await collectPages(
      [url('/json'), url('/no-type'), url('/huge-chunked'), url('/huge-declared')],
      { ...FAST, maxBytes: 1024 * 1024 },
    );
    expect(pages.map((p) => p.page.entries[0]?.slug)).toEqual(['untyped']);
    expect(problems.map((p) => [p.source, p.reason])).toEqual([
      [url('/json'), 'unsupported content type application/json (expected text/html)'],
      [url('/huge-chunked'), 'response is larger than 1048576 bytes'],
      [url('/huge-declared'), 'response is larger than 1048576 bytes (Content-Length 2097152)'],
    ]);
    for (const route of ['/json', '/huge-chunked', '/huge-declared']) expect(server.requests.get(route)).toHaveLength(1);
  });

  it('follows redirects and falls back to the final URL for version and page URL', async () => {
    const { pages } = await collectPages([url('/redirect')], FAST);
    expect(pages[0]?.source).toBe(url('/redirect'));
    expect(pages[0]?.page.version).toBe('1.7');
    expect(pages[0]?.page.url).toBe(url('/v1.7/docs/moved/'));
    expect(pages[0]?.page.entries[0]?.url).toBe(url('/v1.7/docs/moved/#a'));
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    const urls = Array.from({ length: 12 }, (_, i) => url(`/pool/${i}`));
    const { pages } = await collectPages(urls, { ...FAST, concurrency: 3 });
    expect(pages.map((p) => p.source)).toEqual(urls); // input order, whatever the completion order
    expect(server.maxInFlight()).toBe(3);
  });

  it('rejects invalid options before fetching anything', async () => {
    await expect(collectPages([url('/page/never')], { concurrency: 0 })).rejects.toBeInstanceOf(BadUserInputError);
    await expect(collectPages([url('/page/never')], { timeoutMs: Number.NaN })).rejects.toBeInstanceOf(BadUserInputError);
    expect(server.requests.get('/page/never')).toBeUndefined();
  });
});

describeIfPresent(CORPUS_DIR, 'collectPages: the corpus by URL equals the corpus from files', () => {
  it('parses every v1.4 page identically', async () => {
    const relatives = readFileSync(path.join(CORPUS_DIR, 'MANIFEST.tsv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split('\t'))
      .filter(([version]) => version === 'v1.4')
      .map(([version = '', relative = '']) => `${version}/${relative}`);
    expect(relatives).toHaveLength(7);
    const [byUrl, byFile] = await Promise.all([
      collectPages(relatives.map((r) => url(`/corpus/${r}`)), FAST),
      collectPages(relatives.map((r) => path.join(CORPUS_DIR, r))),
    ]);
    expect(byUrl.problems).toEqual([]);
    expect(byUrl.pages.map((p) => p.page)).toEqual(byFile.pages.map((p) => p.page));
    expect(byUrl.pages.map((p) => p.page.url).every((u) => u.startsWith('https://istio.io/v1.4/'))).toBe(true);
  });

  it('mixes a folder and URLs in one run, with progress over all pages', async () => {
    const progress: Progress[] = [];
    const result = await collectPages([path.join(CORPUS_DIR, 'v0.8'), url('/corpus/v1.4/docs/ops/common-problems/injection/index.html'), url('/missing')], {
      ...FAST,
      onProgress: (p) => progress.push(p),
    });
    expect(result.pages.map((p) => p.page.version)).toEqual(['0.8', '0.8', '1.4']);
    expect(result.problems).toHaveLength(1);
    expect(progress.map((p) => p.total)).toEqual([4, 4, 4, 4]);
    expect(Math.max(...progress.map((p) => p.done))).toBe(4);
  });
});

describe('http helpers', () => {
  it('parses Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:27:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });

  it('backs off exponentially with jitter, capped, and prefers a capped Retry-After', () => {
    const settings = { backoffMs: 100, maxDelayMs: 1_000 };
    for (let i = 0; i < 50; i += 1) {
      expect(delayMs(0, null, settings)).toBeGreaterThanOrEqual(50);
      expect(delayMs(0, null, settings)).toBeLessThanOrEqual(100);
      expect(delayMs(2, null, settings)).toBeGreaterThanOrEqual(200);
      expect(delayMs(2, null, settings)).toBeLessThanOrEqual(400);
      expect(delayMs(10, null, settings)).toBeLessThanOrEqual(1_000);
    }
    expect(delayMs(0, 5_000, settings)).toBe(1_000);
    expect(delayMs(0, 20, settings)).toBe(20);
  });

  it('fetchHtml refuses URLs it must never fetch without echoing credentials', async () => {
    const result = await fetchHtml('http://user:pw@127.0.0.1:1/x', resolveHttpSettings({ ...FAST, retries: 3 }));
    expect(result).toEqual({ status: 'failed', url: 'http://user:pw@127.0.0.1:1/x', reason: 'URLs with credentials are not supported' });
    const bad = await fetchHtml('ftp://127.0.0.1/x', resolveHttpSettings(FAST));
    expect(bad.status === 'failed' && bad.reason).toBe('unsupported protocol ftp:');
  });

  it('mapConcurrent keeps order and the bound', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapConcurrent([5, 1, 4, 2, 3], 2, async (n) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, n * 3));
      running -= 1;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
    expect(await mapConcurrent([], 4, async () => 1)).toEqual([]);
  });
});
