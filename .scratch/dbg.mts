import { startPostgres } from '../test/support/postgres-server.ts';
import { createAppContext } from '../src/app.ts';
import { loadConfig } from '../src/config/index.ts';
import { openEvalContext } from '../eval/harness.ts';
import { tmpdir } from 'node:os'; import path from 'node:path';
import { writeFileSync, existsSync, readFileSync } from 'node:fs';
// keep a PG server running across invocations: store URL in file
const qs = process.argv.slice(2);
const reps = Number(process.env.REPS ?? 1);
let url: string;
const f = '.scratch/pgurl';
let s: any = null;
if (existsSync(f)) url = readFileSync(f, 'utf8'); else { s = await startPostgres(); url = s.url; }
import pgm from 'pg';
if (process.env.FRESH) { const c = new pgm.Client({ connectionString: url }); await c.connect(); await c.query('DROP DATABASE IF EXISTS kbdbg'); await c.query('CREATE DATABASE kbdbg'); await c.end(); }
const dburl = url.replace(/\/postgres$/, '/kbdbg');
const pg = await createAppContext(loadConfig({ DATABASE_URL: dburl, NODE_ENV: 'test', LOG_LEVEL: 'silent' }));
if (!(await pg.isReady())) await pg.ingest.ingest(['../shared/corpus/istio-archive']);
const sq = await openEvalContext(path.join(tmpdir(), 'istio-kb-eval', 'kb.db'), '../shared/corpus/istio-archive');
for (const q of qs) {
  for (const [name, ctx] of [['sqlite', sq], ['pg', pg]] as const) {
    for (let i = 1; i < reps; i++) await ctx.kb.search({ query: q + ' '.repeat(i), first: 4 });
    const t = Date.now();
    const page = await ctx.kb.search({ query: q, first: 4 });
    console.log(name, Date.now() - t, 'ms', page.didYouMean ?? '', page.items.map((i: any) => `${i.node.key}@${i.node.version}=${i.node.score}`).join('  '));
    console.log('   ', page.items[0]?.node.highlights[0]?.slice(0, 160));
  }
}
await pg.close(); await sq.close();
if (s) s.stop();
