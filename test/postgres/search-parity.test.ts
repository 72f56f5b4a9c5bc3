// The PostgreSQL search feeds the shared ranking the statistics SQLite's FTS5 gives it (the same
// candidates, bm25 per part, concept and title bits), so the same knowledge base answers every
// question with the same hits in the same order and with the same scores on both stores: not only
// the judged set's metrics (test/search/corpus.test.ts), every score of every hit.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAppContext } from '../../src/app.ts';
import { loadConfig } from '../../src/config/index.ts';
import { openStore, type Store } from '../../src/repositories/store.ts';
import { loadQueries } from '../../eval/queries.ts';
import { createTestDatabase, describeIfPostgres } from '../support/postgres.ts';

const FIXTURES = path.resolve('test/fixtures/html');
const config = (url: string) => loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, LOG_LEVEL: 'silent' });

/** The questions of the judged set and variants that exercise prefixes, typos and versions. */
function questions(): { text: string; version?: string }[] {
  const judged = loadQueries().map((q) => q.q);
  return [
    ...judged.map((text) => ({ text })),
    ...judged.slice(0, 40).map((text) => ({ text: text.slice(0, Math.max(3, text.length - 3)) })),
    { text: 'mutual tls', version: '1.5' },
    { text: 'sidecar injection', version: '1.14' },
    { text: 'envoy configration dump' },
    // Typos one and two edits away, short words among them (corrections from pg_trgm candidates on PostgreSQL).
    { text: 'sidecra injetcion' },
    { text: 'destinaton rule subest' },
    { text: 'authorizaton polcy denied' },
    { text: 'certifcate rotaton' },
    { text: 'ISTIO_MUTUAL destination rule' },
  ];
}

describeIfPostgres('the same answers from SQLite and PostgreSQL', () => {
  let dir: string;
  const stores: Store[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'istio-kb-parity-'));
    for (const url of [`file:${path.join(dir, 'kb.db')}`, await createTestDatabase('parity')]) {
      const ctx = await createAppContext(config(url));
      try {
        await ctx.ingest.ingest([FIXTURES]);
      } finally {
        await ctx.close();
      }
      stores.push(await openStore(config(url)));
    }
  });
  afterAll(async () => {
    for (const s of stores) await s.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('ranks every question alike, score for score', async () => {
    const [sqlite, postgres] = stores as [Store, Store];
    let hits = 0;
    for (const q of questions()) {
      const params = { text: q.text, ...(q.version ? { version: q.version } : {}), limit: 20, offset: 0 };
      const answer = async (s: Store) => {
        const page = await s.search.search(params);
        return { total: page.total, didYouMean: page.didYouMean, hits: page.hits.map((h) => `${h.key}@${h.version} ${h.score}`) };
      };
      const a = await answer(sqlite);
      hits += a.hits.length;
      expect({ q: q.text, ...(await answer(postgres)) }).toEqual({ q: q.text, ...a });
    }
    expect(hits).toBeGreaterThan(500);
  });
});
