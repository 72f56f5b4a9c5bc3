import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { createAppContext } from '../src/app.ts';
import { loadConfig } from '../src/config/index.ts';
import { buildServer } from '../src/server.ts';
import { loadQueries } from '../eval/queries.ts';
const url = readFileSync('.scratch/pgurl','utf8').replace(/\/postgres$/, '/kbdbg');
const ctx = await createAppContext(loadConfig({ DATABASE_URL: url, NODE_ENV: 'production', LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '0' }));
const orig = ctx.kb.search.bind(ctx.kb);
let n = 0, total = 0; const gens = new Set<string>();
(ctx.kb as any).search = async (i: any) => { const t = performance.now(); const r = await orig(i); total += performance.now() - t; n++; gens.add(ctx.kb.generation()); return r; };
const app = await buildServer(ctx, { logger: false });
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.server.address() as any).port}`;
const requests = loadQueries().filter(q => q.version === null).slice(0, 40).map(q => ({ method: 'GET' as const, path: `/api/v1/search?q=${encodeURIComponent(q.q)}&limit=5` }));
for (const d of [2, 3]) {
  n = 0; total = 0;
  const r = await autocannon({ url: base, connections: 10, duration: d, requests });
  console.log(d, r.requests.average, 'p99', r.latency.p99, 'kb.search calls', n, 'avg ms', (total / n).toFixed(1), 'gens', [...gens]);
}
await app.close(); await ctx.close();
