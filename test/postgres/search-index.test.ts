// The PostgreSQL search reads the database's index per question (src/repositories/postgres/search*.ts):
// its candidate statements must be ones the GIN indexes answer, its typo candidates must hold every
// vocabulary word a correction can pick (the trigram limit is derived from the edits, not pg_trgm's
// default), a question asked again must cost no statement, and an ingest committing in the middle of a
// question must not give an answer mixed from two knowledge bases.
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppContext } from '../../src/app.ts';
import { loadConfig } from '../../src/config/index.ts';
import { createPgPool, type PgPool } from '../../src/db/postgres/pool.ts';
import { PgGeneration } from '../../src/repositories/postgres/generation.ts';
import { PgSearchRepository } from '../../src/repositories/postgres/search.ts';
import { IDENTIFIERS_SQL, PARTS_SQL, WORDS_SQL } from '../../src/repositories/postgres/search-sql.ts';
import { editDistance } from '../../src/search/edit-distance.ts';
import { maxEdits } from '../../src/search/typo.ts';
import { createTestDatabase, describeIfPostgres } from '../support/postgres.ts';
import { prng } from '../support/prng.ts';

const FIXTURES = path.resolve('test/fixtures/html');

/** `word` with one random edit: a substitution, insertion, deletion or adjacent transposition. */
function edit(word: string, random: () => number): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const at = Math.floor(random() * word.length);
  const letter = letters[Math.floor(random() * letters.length)] ?? 'x';
  switch (Math.floor(random() * 4)) {
    case 0:
      return word.slice(0, at) + letter + word.slice(at + 1);
    case 1:
      return word.slice(0, at) + letter + word.slice(at);
    case 2:
      return word.slice(0, at) + word.slice(at + 1);
    default:
      return at + 1 < word.length ? word.slice(0, at) + (word[at + 1] ?? '') + (word[at] ?? '') + word.slice(at + 2) : word;
  }
}

describeIfPostgres('the PostgreSQL search on the database index', () => {
  let url: string;
  let client: pg.Client;

  beforeAll(async () => {
    url = await createTestDatabase('gin');
    const ctx = await createAppContext(loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, LOG_LEVEL: 'silent' }));
    try {
      await ctx.ingest.ingest([FIXTURES]);
    } finally {
      await ctx.close();
    }
    client = new pg.Client({ connectionString: url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
  });

  /** The plan of a statement with these parameters, with sequential scans discouraged (the fixture tables are small). */
  async function plan(sql: string, params: unknown[]): Promise<string> {
    await client.query('SET enable_seqscan = off');
    try {
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    } finally {
      await client.query('RESET enable_seqscan');
    }
  }

  it('finds the candidates of parts and identifiers through the GIN indexes', async () => {
    const parts = await plan(PARTS_SQL, [['sidecar injection', 'mtls', 'envo'], [false, false, true]]);
    expect(parts).toMatch(/Bitmap Index Scan on "Entry_search_prose_idx"[^\n]*\n\s+Index Cond: \(search_prose @@/);
    expect(parts).toMatch(/Bitmap Index Scan on "Entry_search_code_idx"[^\n]*\n\s+Index Cond: \(search_code @@/);
    expect(parts).not.toMatch(/Seq Scan on "Entry"/);
    const identifiers = await plan(IDENTIFIERS_SQL, [['istio_mutual', 'sidecar.istio.io/inject']]);
    expect(identifiers).toMatch(/Bitmap Index Scan on "Entry_search_terms_idx"/);
    expect(identifiers).toMatch(/Bitmap Index Scan on "Entry_search_terms_code_idx"/);
    expect(identifiers).not.toMatch(/Seq Scan on "Entry"/);
  });

  it('finds typo candidates through the trigram index', async () => {
    // The lookup runs inside kb_typo_candidates: auto_explain shows the plans of nested statements.
    const loaded = await client.query(`LOAD 'auto_explain'`).then(
      () => true,
      () => false,
    );
    if (!loaded) {
      console.warn('[skip] the trigram plan check: auto_explain cannot be loaded on this server');
      return;
    }
    const notices: string[] = [];
    const listener = (n: { message?: string }) => notices.push(n.message ?? '');
    client.on('notice', listener);
    try {
      await client.query(`SET auto_explain.log_min_duration = 0; SET auto_explain.log_nested_statements = on; SET auto_explain.log_level = notice`);
      await plan(WORDS_SQL, [['gatewya', 'certficates'], [1, 2], [false, true]]);
      await client.query('SET enable_seqscan = off');
      await client.query(`SELECT * FROM kb_typo_candidates('certficates', 2)`);
    } finally {
      await client.query('RESET enable_seqscan; RESET auto_explain.log_min_duration');
      client.off('notice', listener);
    }
    const nested = notices.filter((n) => n.includes('kb_typo_words') && n.includes('%'));
    expect(nested.join('\n')).toMatch(/Bitmap Index Scan on kb_typo_words_trgm_idx/);
  });

  it('offers every vocabulary word a typo is within reach of, two edits and short words included', async () => {
    const { rows: vocab } = await client.query<{ word: string }>(`SELECT "word" FROM "kb_typo_words"`);
    const words = vocab.map((r) => r.word);
    expect(words.length).toBeGreaterThan(300);
    const random = prng(13);
    const typos = new Set<string>();
    for (const w of words.filter((x) => /^[a-z]{5,}$/.test(x)).slice(0, 400)) {
      const once = edit(w, random);
      typos.add(once);
      typos.add(edit(once, random));
    }
    const asked = [...typos].filter((t) => maxEdits(t) > 0 && !words.includes(t));
    const { rows } = await client.query<{ w: string; near: string[] }>(
      `SELECT q.w, coalesce((SELECT array_agg(c."word") FROM kb_typo_candidates(q.w, q.edits) c), '{}') AS near
       FROM unnest($1::text[], $2::int[]) AS q(w, edits)`,
      [asked, asked.map(maxEdits)],
    );
    const offered = new Map(rows.map((r) => [r.w, new Set(r.near)]));
    const missed: string[] = [];
    const pairs: [string, string][] = [];
    for (const t of asked) {
      const max = maxEdits(t);
      for (const w of words) {
        if (editDistance(t, w, max) > max) continue;
        pairs.push([t, w]);
        if (!offered.get(t)?.has(w)) missed.push(`${t} -> ${w}`);
      }
    }
    expect(missed).toEqual([]);
    // The case a plain trigram lookup (pg_trgm's default limit, 0.3) misses is among them.
    const { rows: low } = await client.query<{ n: number; short: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE char_length(a) <= 9)::int AS short
       FROM unnest($1::text[], $2::text[]) AS p(a, b) WHERE similarity(a, b) < 0.3`,
      [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
    );
    expect(low[0]?.n).toBeGreaterThan(20);
    expect(low[0]?.short).toBeGreaterThan(5);
  });

  describe('statements per question', () => {
    let pool: PgPool;
    let generation: PgGeneration;
    const statements: string[] = [];
    let beforeStatement: ((sql: string) => Promise<void>) | null = null;

    beforeAll(async () => {
      pool = createPgPool(url, { applicationName: 'search-index test' });
      const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<unknown>;
      (pool as unknown as { query: (...args: unknown[]) => Promise<unknown> }).query = async (...args: unknown[]) => {
        const first = args[0];
        const sql = typeof first === 'object' && first !== null && 'text' in first ? String(first.text) : String(first);
        statements.push(sql);
        await beforeStatement?.(sql);
        return query(...args);
      };
      generation = await PgGeneration.start(url, pool, 'search-index test');
    });
    afterAll(async () => {
      await generation?.close();
      await pool?.end();
    });

    const kinds = () => ({
      parts: statements.filter((s) => s.includes('kb_part_query')).length,
      words: statements.filter((s) => s.includes('kb_typo_candidates')).length,
      identifiers: statements.filter((s) => s.includes('kb_term_query')).length,
      entries: statements.filter((s) => s.includes('"Snippet"')).length,
    });
    const searchStatements = () => statements.filter((s) => /kb_part_query|kb_typo_candidates|kb_term_query|"Snippet"/.test(s));

    it('costs no statement for a question asked again, and one per kind for what is new', async () => {
      const repo = new PgSearchRepository(pool, generation, { warm: false });
      const first = await repo.search({ text: 'mutual tls between sidecars', limit: 5, offset: 0 });
      expect(first.hits.length).toBeGreaterThan(0);
      expect(kinds().parts).toBeGreaterThan(0);
      statements.length = 0;
      // Asked a second time: computed again (answers are kept from the second asking), from the caches.
      const again = await repo.search({ text: 'mutual tls between sidecars', limit: 5, offset: 0 });
      expect(searchStatements()).toEqual([]);
      expect(again.hits.map((h) => h.key)).toEqual(first.hits.map((h) => h.key));
      // New words and an identifier: their facts, parts and rows in one round trip (a statement of
      // each kind at once), then the entries not read yet.
      statements.length = 0;
      const more = await repo.search({ text: 'mutual tls between sidecars ISTIO_MUTUAL gateway', limit: 5, offset: 0 });
      expect(more.hits.length).toBeGreaterThan(0);
      expect(kinds()).toEqual({ parts: 1, words: 1, identifiers: 1, entries: 1 });
    });

    it("looks up nothing for a chat's courtesies and preamble: the parser does not read them", async () => {
      const repo = new PgSearchRepository(pool, generation, { warm: false });
      const bare = await repo.search({ text: 'sidecar not injected in namespace', limit: 5, offset: 0 });
      statements.length = 0;
      // "hi", "pls", "thx" and the preamble are words of no guideline: looked up, each would cost typo
      // candidates (and the pairs they form with their neighbours, frequencies).
      const wrapped = await repo.search({ text: 'hi, can you help me: sidecar not injected in namespace pls thx', limit: 5, offset: 0 });
      expect(searchStatements()).toEqual([]);
      expect(wrapped.hits.map((h) => h.key)).toEqual(bare.hits.map((h) => h.key));
    });

    it('starts a question again on the new knowledge base when an ingest commits under it', async () => {
      const repo = new PgSearchRepository(pool, generation, { warm: false });
      // Parts of the first question stay cached for the generation; the second adds a new part.
      await repo.search({ text: 'injection', limit: 5, offset: 0 });
      const params = { text: 'sidecar injection', limit: 5, offset: 0 };
      const was = generation.current();
      const { rows } = await client.query<{ id: number }>(`SELECT "id" FROM "Entry" WHERE "search_prose" @@ (SELECT query FROM kb_part_query('sidecar', false)) ORDER BY "id" LIMIT 1`);
      const changed = rows[0]?.id;
      expect(changed).toBeDefined();
      // Right before the question's first statement of parts, an "ingest" commits: one entry gains
      // the cached words, and the generation moves.
      let bumped = false;
      beforeStatement = async (sql) => {
        if (bumped || !sql.includes('kb_part_query')) return;
        bumped = true;
        await client.query('BEGIN');
        await client.query(`UPDATE "Entry" SET "title" = "title" || ' injection injection injection' WHERE "id" = $1`, [changed]);
        await client.query(`UPDATE "kb_generation" SET "generation" = "generation" + 1 WHERE "id" = 1`);
        await client.query('COMMIT');
      };
      let page;
      try {
        page = await repo.search(params);
      } finally {
        beforeStatement = null;
      }
      expect(bumped).toBe(true);
      expect(BigInt(generation.current())).toBe(BigInt(was) + 1n);
      // Wholly the new knowledge base: what a replica that never saw the old one answers.
      const fresh = await new PgSearchRepository(pool, generation, { warm: false }).search(params);
      const show = (p: typeof fresh) => p.hits.map((h) => `${h.key}@${h.version} ${h.score}`);
      expect(show(page)).toEqual(show(fresh));
      expect(fresh.hits.some((h) => h.rowId === changed)).toBe(true);
    });
  });
});
