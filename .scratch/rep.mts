import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
const url = readFileSync('.scratch/pgurl','utf8').replace(/\/postgres$/, '/kbdbg');
const child = spawn(process.execPath, ['--import','tsx','src/main.ts'], { env: { ...process.env, DATABASE_URL: url, PORT: '0', LOG_LEVEL: 'info', RATE_LIMIT_MAX: '0', NODE_ENV: 'production' }, stdio: ['ignore','pipe','inherit'] });
let out = '';
const base: string = await new Promise(r => child.stdout!.on('data', (d) => { out += d; const m = /listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out); if (m) r(m[1]!); }));
for (const q of ['destination rule 503', 'destination rule 503', 'destination rule 503', 'mtls', 'mtls']) {
  const t = performance.now(); const r = await fetch(`${base}/api/v1/search?q=${encodeURIComponent(q)}&limit=5`); await r.text(); console.log(q, r.status, (performance.now()-t).toFixed(1), 'ms', r.headers.get('etag'));
}
const t = performance.now(); await Promise.all(Array.from({length: 50}, () => fetch(`${base}/api/v1/search?q=mtls&limit=5`).then(r => r.text()))); console.log('50 parallel', (performance.now()-t).toFixed(0), 'ms');
console.log(out.split('\n').filter(l => /warn|error/i.test(l)).slice(0,5).join('\n'));
child.kill('SIGKILL');
