import { startPostgres } from '../test/support/postgres-server.ts';
import { createAppContext } from '../src/app.ts';
import { loadConfig } from '../src/config/index.ts';
import { loadQueries } from '../eval/queries.ts';
import { computeMetrics, firstRelevantRank } from '../eval/metrics.ts';
import { openEvalContext } from '../eval/harness.ts';
import { mkdtempSync } from 'node:fs'; import { tmpdir } from 'node:os'; import path from 'node:path';
const s = await startPostgres();
const queries = loadQueries();
async function run(ctx: any) {
  const out: any[] = [];
  for (const q of queries) {
    const page = await ctx.kb.search({ query: q.q, version: q.version, first: 10 });
    const top = page.items.map((i: any) => ({ key: i.node.key, version: i.node.version }));
    out.push({ q, rank: firstRelevantRank(top, { keys: q.keys, version: q.version }), n: top.length, top });
  }
  return out;
}
try {
  const pg = await createAppContext(loadConfig({ DATABASE_URL: s.url, NODE_ENV: 'test', LOG_LEVEL: 'silent' }));
  let t = Date.now();
  await pg.ingest.ingest(['../shared/corpus/istio-archive']);
  console.log('pg ingest', Date.now() - t);
  const dir = mkdtempSync(path.join(tmpdir(), 'evalsq-'));
  t = Date.now();
  const sq = await openEvalContext(path.join(dir, 'kb.db'), '../shared/corpus/istio-archive');
  console.log('sqlite ingest', Date.now() - t);
  t = Date.now(); const a = await run(sq); console.log('sqlite eval ms', Date.now() - t);
  t = Date.now(); const b = await run(pg); console.log('pg eval ms', Date.now() - t);
  console.log('sqlite', computeMetrics(a.map(o => ({ rank: o.rank, hitCount: o.n }))));
  console.log('pg    ', computeMetrics(b.map(o => ({ rank: o.rank, hitCount: o.n }))));
  for (let i = 0; i < a.length; i++) if (a[i].rank !== b[i].rank) console.log(`[${a[i].q.id}] sqlite ${a[i].rank} pg ${b[i].rank} "${a[i].q.q.slice(0,70)}" got ${b[i].top.slice(0,2).map((x:any)=>x.key).join(', ')}`);
  await pg.close(); await sq.close();
} finally { s.stop(); }
