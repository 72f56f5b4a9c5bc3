import pgm from 'pg';
import { readFileSync } from 'node:fs';
const url = readFileSync('.scratch/pgurl','utf8').replace(/\/postgres$/, '/kbdbg');
const c = new pgm.Client({ connectionString: url }); await c.connect();
async function t(label: string, sql: string, params: any[] = []) {
  let best = 1e9; for (let i=0;i<3;i++){ const s=performance.now(); await c.query(sql, params); best=Math.min(best, performance.now()-s);} console.log(label, best.toFixed(1));
}
await t('noop', 'SELECT 1');
await t('begin/gen/commit', `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT 1; COMMIT`);
await t('phrase', `SELECT array_agg(e."id") FROM "Entry" e WHERE e."search_prose" @@ $1::tsquery OR e."search_code" @@ $1::tsquery`, [`'destin' <-> 'rule'`]);
await t('phrase prose only', `SELECT array_agg(e."id") FROM "Entry" e WHERE e."search_prose" @@ $1::tsquery`, [`'upstream' <-> 'connect' <-> 'error'`]);
await t('ident', `SELECT array_agg(e."id") FROM "Entry" e WHERE e."search_terms" @@ $1::tsquery OR e."search_terms_code" @@ $1::tsquery`, [`'istio_mutual'`]);
const ids = (await c.query('SELECT id FROM "Entry" ORDER BY id LIMIT 11')).rows.map((r:any)=>r.id);
await t('entries no headline', `SELECT e.*, v."name" FROM "Entry" e JOIN "DocVersion" v ON v."id" = e."versionId" WHERE e."id" = ANY($1::int[])`, [ids]);
await t('headline', `SELECT ts_headline('istio_kb', kb_lines(e."errorMessages") || E'\\n' || kb_lines(e."symptoms") || E'\\n' || kb_lines(e."paragraphs"), $2::text::tsquery, 'StartSel=<mark>, StopSel=</mark>, MaxWords=16, MinWords=8, MaxFragments=1') FROM "Entry" e WHERE e."id" = ANY($1::int[])`, [ids, `'destin' | 'rule'`]);
await t('lexemes', `SELECT w, coalesce((SELECT array_agg(u.lexeme ORDER BY u.positions[1]) FROM unnest(kb_tsvector(w)) u), '{}') AS lx FROM unnest($1::text[]) AS w`, [['destination','rules','applying']]);
const r = await c.query(`EXPLAIN ANALYZE SELECT array_agg(e."id") FROM "Entry" e WHERE e."search_prose" @@ $1::tsquery OR e."search_code" @@ $1::tsquery`, [`'destin' <-> 'rule'`]); console.log(r.rows.map((x:any)=>x['QUERY PLAN']).join('\n'));
await c.end();
