// PostgreSQL specifics of the store: migrations by several replicas at once, the ingest lock across
// connections, the generation that replicas' caches follow, readiness without the database.
import { readdirSync } from 'node:fs';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createAppContext, WARM_READY_CAP_MS } from '../../src/app.ts';
import { loadConfig } from '../../src/config/index.ts';
import { migratePostgres, PG_MIGRATIONS_DIR } from '../../src/db/postgres/migrate.ts';
import { SAMPLE_PAGE } from '../../src/services/ingest.ts';
import { createTestDatabase, describeIfPostgres } from '../support/postgres.ts';

const config = (url: string) => loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, LOG_LEVEL: 'silent' });

describeIfPostgres('PostgreSQL store', () => {
  it('applies the migrations once when several replicas start at the same time', async () => {
    const url = await createTestDatabase('migrate');
    const clients = await Promise.all(
      [1, 2, 3].map(async () => {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        return c;
      }),
    );
    try {
      const all = readdirSync(PG_MIGRATIONS_DIR).length;
      const applied = await Promise.all(clients.map((c) => migratePostgres(c)));
      // One replica applies every migration, the others wait for it and find none pending.
      expect(applied.map((a) => a.length).sort()).toEqual([0, 0, all]);
      const { rows } = await clients[0]!.query('SELECT count(*)::int AS n FROM "_prisma_migrations"');
      expect(rows[0].n).toBe(all);
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
  });

  it('refuses a second ingest from another process while one holds the lock, naming the holder', async () => {
    const url = await createTestDatabase('lock');
    const a = await createAppContext(config(url));
    const b = await createAppContext(config(url));
    try {
      const { acquirePgIngestLock } = await import('../../src/db/postgres/ingest-lock.ts');
      const release = await acquirePgIngestLock(url);
      await expect(b.ingest.ingest([SAMPLE_PAGE])).rejects.toMatchObject({
        code: 'CONFLICT',
        message: expect.stringMatching(/Another ingest is running on this knowledge base \(istio-kb ingest pid \d+ on .+ since /),
      });
      await release();
      expect((await b.ingest.ingest([SAMPLE_PAGE])).totals.entries.new).toBe(8);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("moves another process's generation within a second of an ingest's commit, and its caches with it", async () => {
    const url = await createTestDatabase('generation');
    const writer = await createAppContext(config(url));
    const reader = await createAppContext(config(url));
    try {
      const before = reader.kb.generation();
      expect((await reader.kb.search({ query: 'destination rule 503' })).items).toHaveLength(0);
      await writer.ingest.ingest([SAMPLE_PAGE]);
      const committed = Date.now();
      while (reader.kb.generation() === before && Date.now() - committed < 3000) await new Promise((r) => setTimeout(r, 10));
      expect(reader.kb.generation()).not.toBe(before);
      expect(Date.now() - committed).toBeLessThan(1500);
      expect((await reader.kb.search({ query: 'destination rule 503' })).items.length).toBeGreaterThan(0);
      expect((await reader.kb.versions()).map((v) => v.name)).toEqual(['1.0']);
    } finally {
      await writer.close();
      await reader.close();
    }
  });

  it('is not ready while a starting server warms its search, and a later generation does not take it out', async () => {
    const url = await createTestDatabase('warm-ready');
    const ctx = await createAppContext(config(url));
    try {
      await ctx.seedIfEmpty();
      ctx.warmSearch();
      expect(await ctx.isReady()).toBe(false);
      // Ready when the warm-up ends, at the latest after the cap: on a busy 2-core CI machine the
      // warm-up of the whole archive has taken longer than 10 s.
      const started = Date.now();
      while (!(await ctx.isReady()) && Date.now() - started < WARM_READY_CAP_MS + 5_000) await new Promise((r) => setTimeout(r, 20));
      expect(await ctx.isReady()).toBe(true);
      await ctx.ingest.ingest([SAMPLE_PAGE]);
      expect(await ctx.isReady()).toBe(true);
    } finally {
      await ctx.close();
    }
  }, WARM_READY_CAP_MS * 4);

  it('is not ready when the database cannot be reached, and says why at start-up', async () => {
    const url = await createTestDatabase('ready');
    const ctx = await createAppContext(config(url));
    await ctx.seedIfEmpty();
    expect(await ctx.isReady()).toBe(true);
    await ctx.close();
    const unreachable = url.replace(/:\d+\//, ':1/');
    await expect(createAppContext(config(unreachable))).rejects.toThrow(/Cannot connect to the knowledge base postgresql:\/\/postgres@127\.0\.0\.1:1\//);
  });

  it('starts without a warning whatever the character type: the search folds and splits text itself', async () => {
    const plain = await createAppContext(config(await createTestDatabase('ctype')));
    const c = await createAppContext(config(await createTestDatabase('ctype', { ctype: 'C' })));
    try {
      expect(plain.warnings).toEqual([]);
      expect(c.warnings).toEqual([]);
    } finally {
      await plain.close();
      await c.close();
    }
  });

  it.each(['LATIN1', 'SQL_ASCII'])('refuses a %s database before migrating it, saying how to create a UTF8 one', async (encoding) => {
    const url = await createTestDatabase('encoding', { encoding, ctype: 'C' });
    const error = await createAppContext(config(url)).then(() => null, (e: unknown) => e as Error);
    expect(error?.message).toMatch(/^Cannot use the knowledge base postgresql:\/\/postgres@127\.0\.0\.1:\d+\/encoding_\w+: /);
    expect(error?.message).toContain(`the database's encoding is ${encoding}, and the knowledge base needs UTF8. Create the database with CREATE DATABASE ... ENCODING 'UTF8'`);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'");
      expect(rows[0]?.n).toBe(0);
    } finally {
      await client.end();
    }
  });
});
