import pgm from 'pg';
import { readFileSync } from 'node:fs';
const url = readFileSync('.scratch/pgurl','utf8').replace(/\/postgres$/, '/kbdbg');
const c = new pgm.Client({ connectionString: url }); await c.connect();
async function t(label: string, sql: string, params: any[] = []) {
  let best = 1e9; for (let i=0;i<5;i++){ const s=performance.now(); await c.query(sql, params); best=Math.min(best, performance.now()-s);} console.log(label, best.toFixed(1));
}
if (process.env.FIX) { for (const i of ['prose','code','terms','terms_code']) await c.query(`ALTER INDEX "Entry_search_${i}_idx" SET (fastupdate = off)`); await c.query('VACUUM ANALYZE "Entry"'); }
for (const off of [false, true]) {
await c.query(`SET enable_seqscan = ${off ? 'off' : 'on'}`);
console.log('seqscan off', off);
await t('phrase', `SELECT array_agg(e."id") FROM "Entry" e WHERE e."search_prose" @@ $1::tsquery OR e."search_code" @@ $1::tsquery`, [`'destin' <-> 'rule'`]);
await t('phrase2', `SELECT array_agg(e."id") FROM "Entry" e WHERE e."search_prose" @@ $1::tsquery OR e."search_code" @@ $1::tsquery`, [`'upstream' <-> 'connect' <-> 'error'`]);
await t('ident', `SELECT array_agg(e."id") FROM "Entry" e WHERE e."search_terms" @@ $1::tsquery OR e."search_terms_code" @@ $1::tsquery`, [`'istio_mutual'`]);
}
await c.end();
