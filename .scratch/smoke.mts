import { startPostgres } from '../test/support/postgres-server.ts';
import { createAppContext } from '../src/app.ts';
import { loadConfig } from '../src/config/index.ts';
const s = await startPostgres();
try {
  const ctx = await createAppContext(loadConfig({ DATABASE_URL: s.url, NODE_ENV: 'test' }));
  let t = Date.now();
  console.log(await ctx.seedIfEmpty().then(r => r && r.totals));
  console.log('seed ms', Date.now() - t, 'gen', ctx.kb.generation());
  console.log(await ctx.kb.versions());
  const e = await ctx.kb.entry('503-errors-after-setting-destination-rule');
  console.log(e?.title, e?.snippets.length);
  t = Date.now();
  const arch = await ctx.ingest.ingest(['../shared/corpus/istio-archive']);
  console.log('archive ms', Date.now() - t, arch.totals);
  await new Promise(r => setTimeout(r, 600));
  console.log('gen', ctx.kb.generation());
  const ctx2 = await createAppContext(loadConfig({ DATABASE_URL: s.url, NODE_ENV: 'test' }));
  await ctx2.ingest.ingest(['../shared/corpus/istio-archive']).then(r => console.log('re-ingest', r.totals.pages));
  await ctx.close(); await ctx2.close();
} finally { s.stop(); }
