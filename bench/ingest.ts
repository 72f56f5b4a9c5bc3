// Ingest and start-up figures over the whole archive (../shared/corpus): full ingest into a new
// database, re-ingest of the unchanged corpus, and server start-up on the existing database to
// /readyz 200. Targets (issue 4): < 20 s, < 3 s, < 3 s.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAppContext } from '../src/app.ts';
import { loadConfig } from '../src/config/index.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = process.env['ISTIO_KB_CORPUS'] ?? path.resolve(root, '../shared/corpus/istio-archive');

async function startupMs(dbFile: string): Promise<number> {
  const port = 4500 + Math.floor(Math.random() * 400);
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/main.ts')], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: `file:${dbFile}`, PORT: String(port), LOG_LEVEL: 'warn', NODE_ENV: 'production' },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.status === 200).catch(() => false);
      if (ok) return performance.now() - started;
      if (performance.now() - started > 30_000) throw new Error('server did not become ready in 30 s');
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    child.kill('SIGTERM');
  }
}

export async function benchIngest(): Promise<void> {
  if (!existsSync(corpus)) {
    console.log(`ingest bench skipped: ${corpus} is absent`);
    return;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'istio-kb-bench-'));
  const dbFile = path.join(dir, 'kb.db');
  try {
    const ctx = await createAppContext(loadConfig({ DATABASE_URL: `file:${dbFile}`, NODE_ENV: 'production' }));
    let t = performance.now();
    const first = await ctx.ingest.ingest([corpus]);
    const full = performance.now() - t;
    t = performance.now();
    const again = await ctx.ingest.ingest([corpus]);
    const reingest = performance.now() - t;
    await ctx.close();
    const startup = await startupMs(dbFile);
    const row = (name: string, ms: number, target: number) =>
      console.log(`${name.padEnd(34)} ${(ms / 1000).toFixed(2).padStart(7)} s   target < ${target} s   ${ms < target * 1000 ? 'ok' : 'MISSED'}`);
    console.log(`\ningest: ${first.totals.pages.new} pages, ${first.totals.entries.new} entries, ${first.versions.length} versions`);
    row('full corpus ingest (new database)', full, 20);
    row(`re-ingest (${again.totals.pages.unchanged} pages unchanged)`, reingest, 3);
    row('server start-up to /readyz 200', startup, 3);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await benchIngest();
