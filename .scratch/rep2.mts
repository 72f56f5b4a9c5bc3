import { readFileSync } from 'node:fs';
import { createAppContext } from '../src/app.ts';
import { loadConfig } from '../src/config/index.ts';
import { buildServer } from '../src/server.ts';
const url = readFileSync('.scratch/pgurl','utf8').replace(/\/postgres$/, '/kbdbg');
const ctx = await createAppContext(loadConfig({ DATABASE_URL: url, NODE_ENV: 'production', LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '0' }));
for (let i = 0; i < 5; i++) { const t = performance.now(); await ctx.kb.search({ query: 'mtls' }); console.log('kb.search', (performance.now()-t).toFixed(2), ctx.kb.generation()); }
for (let i = 0; i < 3; i++) { const t = performance.now(); await ctx.kb.versions(); console.log('versions', (performance.now()-t).toFixed(2)); }
const app = await buildServer(ctx, { logger: false });
for (let i = 0; i < 5; i++) { const t = performance.now(); const r = await app.inject({ url: '/api/v1/search?q=mtls&limit=5' }); console.log('inject', r.statusCode, (performance.now()-t).toFixed(2)); }
await app.close(); await ctx.close();
