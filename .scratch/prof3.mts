import pgm from 'pg';
import { readFileSync } from 'node:fs';
const url = readFileSync('.scratch/pgurl','utf8').replace(/\/postgres$/, '/kbdbg');
const c = new pgm.Client({ connectionString: url }); await c.connect();
async function t(label: string, sql: string, params: any[] = []) {
  let best = 1e9; for (let i=0;i<3;i++){ const s=performance.now(); await c.query(sql, params); best=Math.min(best, performance.now()-s);} console.log(label, best.toFixed(1));
}
await c.query('SET enable_seqscan = off');
await t('phrase', `SELECT array_agg(e."id") FROM "Entry" e WHERE e."search_prose" @@ $1::tsquery OR e."search_code" @@ $1::tsquery`, [`'destin' <-> 'rule'`]);
await t('phrase2', `SELECT array_agg(e."id") FROM "Entry" e WHERE e."search_prose" @@ $1::tsquery OR e."search_code" @@ $1::tsquery`, [`'upstream' <-> 'connect' <-> 'error'`]);
await t('ident', `SELECT array_agg(e."id") FROM "Entry" e WHERE e."search_terms" @@ $1::tsquery OR e."search_terms_code" @@ $1::tsquery`, [`'istio_mutual'`]);
await t('lexemes', `SELECT w, coalesce((SELECT array_agg(u.lexeme ORDER BY u.positions[1]) FROM unnest(kb_tsvector(w)) u), '{}') AS lx FROM unnest($1::text[]) AS w`, [['destination','rules','applying']]);
const r = await c.query(`EXPLAIN ANALYZE SELECT array_agg(e."id") FROM "Entry" e WHERE e."search_prose" @@ $1::tsquery OR e."search_code" @@ $1::tsquery`, [`'destin' <-> 'rule'`]); console.log(r.rows.map((x:any)=>x['QUERY PLAN']).join('\n'));
await c.end();
