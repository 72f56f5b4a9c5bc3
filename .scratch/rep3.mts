import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { loadQueries } from '../eval/queries.ts';
const url = process.env.SQLITE ? 'file:/tmp/istio-kb-eval/kb.db' : readFileSync('.scratch/pgurl','utf8').replace(/\/postgres$/, '/kbdbg');
const child = spawn(process.execPath, ['--import','tsx','src/main.ts'], { env: { ...process.env, DATABASE_URL: url, PORT: '0', LOG_LEVEL: 'info', RATE_LIMIT_MAX: '0', NODE_ENV: 'production' }, stdio: ['ignore','pipe','inherit'] });
let out = '';
const base: string = await new Promise(r => { const f = (d: Buffer) => { out += d; const m = /listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out); if (m) { child.stdout!.off('data', f); child.stdout!.resume(); r(m[1]!); } }; child.stdout!.on('data', f); });
const requests = loadQueries().filter(q => q.version === null).slice(0, 40).map(q => ({ method: 'GET' as const, path: `/api/v1/search?q=${encodeURIComponent(q.q)}&limit=5` }));
for (const d of [2, 3, 3]) {
  const r = await autocannon({ url: base, connections: 10, duration: d, requests });
  console.log(d, r.requests.average, 'p99', r.latency.p99, 'err', r.errors, r.non2xx);
}
child.kill('SIGKILL');
