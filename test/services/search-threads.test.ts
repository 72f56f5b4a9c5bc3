// The SQLite search on worker threads (SEARCH_THREADS, src/services/search-threads.ts): the same answers
// as the main thread's search, byte for byte over REST and GraphQL; a new generation seen at once; a
// thread that dies replaced. SQLite only: PostgreSQL's search stays on the main thread.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DbGeneration } from '../../src/repositories/generation.ts';
import { openSqlite } from '../../src/db/sqlite.ts';
import { SearchThreads } from '../../src/services/search-threads.ts';
import { SAMPLE_PAGE } from '../../src/services/ingest.ts';
import { gql, startTestApp, type TestApp } from '../support/app.ts';
import { writeSyntheticKb } from '../search/synthetic-kb.ts';

const QUESTIONS = [
  '503 after I created a destination rule',
  'VS ignored for ingressgateway traffic',
  'upstream connect error or disconnect/reset before headers. reset reason: connection termination',
  'RBAC: access denied',
  'ISTIO_MUTUAL',
  'proxy_http_version',
  'tcpd',
  'destnation rule tls conflct',
  'sidecar.istio.io/inject',
  'nothing matches zzqx',
  '',
];
const SEARCH = 'query($q: String!, $v: String, $after: String) { search(query: $q, version: $v, first: 2, after: $after) { totalCount didYouMean pageInfo { hasNextPage endCursor } edges { cursor score highlights node { id key version title url symptoms causes fixes versions } } } }';

let dir: string;
let main: TestApp;
let threaded: TestApp;
beforeAll(async () => {
  dir = writeSyntheticKb();
  [main, threaded] = await Promise.all([
    startTestApp({ sources: [dir], env: { SEARCH_THREADS: '0' } }),
    startTestApp({ sources: [dir], env: { SEARCH_THREADS: '2' } }),
  ]);
});
afterAll(async () => {
  await Promise.all([main.close(), threaded.close()]);
  rmSync(dir, { recursive: true, force: true });
});

describe('search threads', () => {
  it('answer REST searches and passages with the same bytes as the main thread', async () => {
    for (const q of QUESTIONS) {
      for (const url of [`/api/v1/search?q=${encodeURIComponent(q)}`, `/api/v1/search?q=${encodeURIComponent(q)}&limit=1&version=1.0`, `/api/v1/passages?q=${encodeURIComponent(q)}`]) {
        const [a, b] = await Promise.all([main.http.get(url), threaded.http.get(url)]);
        expect(b.status, url).toBe(a.status);
        expect(b.text, url).toBe(a.text);
        expect(b.headers['etag'], url).toBe(a.headers['etag']);
      }
    }
  });

  it('answer GraphQL searches, their next pages and their entries as the main thread does', async () => {
    for (const q of QUESTIONS) {
      const [a, b] = await Promise.all([gql(main, SEARCH, { q }), gql(threaded, SEARCH, { q })]);
      expect(b, q).toEqual(a);
      const after = a.body.data?.['search']?.pageInfo?.endCursor as string | null;
      if (after) expect(await gql(threaded, SEARCH, { q, after }), q).toEqual(await gql(main, SEARCH, { q, after }));
    }
    const unknown = await gql(threaded, SEARCH, { q: 'tls', v: '9.9' });
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('see a new generation at once, as the main thread does', async () => {
    const q = 'multiple TLS hosts in a gateway';
    const found = async (t: TestApp) => (await t.ctx.kb.search({ query: q, first: 5 })).items.map((i) => `${i.node.key}@${i.node.version}`);
    const before = await found(threaded);
    await Promise.all([main.ctx.ingest.ingest([SAMPLE_PAGE]), threaded.ctx.ingest.ingest([SAMPLE_PAGE])]);
    // Asked right after the commit: the thread looks at the database again.
    const after = await found(threaded);
    expect(after).not.toEqual(before);
    expect(after).toEqual(await found(main));
    for (const q of ['multiple TLS hosts in a gateway', 'destination rule 503']) {
      const url = `/api/v1/search?q=${encodeURIComponent(q)}`;
      expect((await threaded.http.get(url)).text).toBe((await main.http.get(url)).text);
    }
  });
});

describe('SearchThreads', () => {
  it('replaces a thread that died, and starts none before the first question', async () => {
    const file = path.join(threaded.dir, 'kb.db');
    const db = openSqlite(file, { readonly: true });
    const pool = new SearchThreads(1, file, new DbGeneration(db));
    const internals = pool as unknown as { threads: { worker: { terminate(): Promise<number> } }[] };
    try {
      expect(internals.threads).toHaveLength(0);
      const first = await pool.search({ text: 'destination rule', limit: 3, offset: 0 });
      expect(first.hits.length).toBeGreaterThan(0);
      await internals.threads[0]?.worker.terminate();
      const again = await pool.search({ text: 'destination rule', limit: 3, offset: 0 });
      expect(again.hits.map((h) => [h.key, h.score, h.highlights])).toEqual(first.hits.map((h) => [h.key, h.score, h.highlights]));
    } finally {
      await pool.close();
      db.close();
    }
  });
});
