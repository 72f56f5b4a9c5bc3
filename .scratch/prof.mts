import pgm from 'pg';
import { readFileSync } from 'node:fs';
const url = readFileSync('.scratch/pgurl','utf8').replace(/\/postgres$/, '/kbdbg');
const c = new pgm.Client({ connectionString: url }); await c.connect();
const orig = c.query.bind(c);
const q = `'503' | 'after' | 'appli' | 'destin' | 'rule' | ('destin' <-> 'rule')`;
for (const sql of [
 `SELECT count(*) FROM "Entry" e WHERE e.search_prose @@ $1::tsquery OR e.search_code @@ $1::tsquery`,
 `SELECT e.id, (SELECT coalesce(json_agg(json_build_array(u.lexeme, u.weights)), '[]') FROM unnest(e."search_prose") u WHERE u.lexeme = ANY('{503,after,appli,destin,rule}')) FROM "Entry" e WHERE e.search_prose @@ $1::tsquery OR e.search_code @@ $1::tsquery`,
 `SELECT e.id, e.search_prose @@ $1::tsquery, ts_filter(e.search_prose, '{a}') @@ $1::tsquery FROM "Entry" e WHERE e.search_prose @@ $1::tsquery OR e.search_code @@ $1::tsquery`,
]) {
  for (let i=0;i<2;i++){ const t=performance.now(); const r = await c.query(sql,[q]); console.log((performance.now()-t).toFixed(1),'ms', r.rowCount); }
  const r = await c.query('EXPLAIN ANALYZE ' + sql, [q]); console.log(r.rows.map((x:any)=>x['QUERY PLAN']).slice(0,8).join('\n'));
}
await c.end();
