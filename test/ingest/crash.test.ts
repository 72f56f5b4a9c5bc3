// An ingest killed with SIGKILL halfway through its transaction leaves the previous knowledge base
// intact, and two ingests at once: the second refuses with a clear message.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppContext, type AppContext } from '../../src/app.ts';
import { loadConfig } from '../../src/config/index.ts';
import { SAMPLE_PAGE, SHIPPED_ARCHIVE } from '../../src/services/ingest.ts';
import { REPO_ROOT } from '../support/shared.ts';

function startIngest(dbFile: string, env: Record<string, string> = {}): { child: ChildProcess; stderr: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/istio-kb.js'), 'ingest', SHIPPED_ARCHIVE], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: `file:${dbFile}`, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  child.stdout?.resume();
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stderr: () => err, exited };
}

async function waitFor(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

function snapshot(dbFile: string) {
  const db = new Database(dbFile, { readonly: true });
  try {
    return {
      integrity: db.pragma('integrity_check', { simple: true }),
      versions: db.prepare('SELECT v.name, count(e.id) AS n FROM "DocVersion" v LEFT JOIN "Entry" e ON e.versionId = v.id GROUP BY v.id ORDER BY v.name').all(),
      fts: db.prepare('SELECT count(*) AS n FROM entry_fts').get(),
      entries: db.prepare('SELECT key, slug, contentHash FROM "Entry" ORDER BY key').all(),
    };
  } finally {
    db.close();
  }
}

describe('ingest crash safety', () => {
  let dir: string;
  let dbFile: string;
  let ctx: AppContext;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'istio-kb-crash-'));
    dbFile = path.join(dir, 'kb.db');
    ctx = await createAppContext(loadConfig({ DATABASE_URL: `file:${dbFile}`, NODE_ENV: 'test' }));
    await ctx.ingest.ingest([SAMPLE_PAGE]);
  });
  afterAll(async () => {
    await ctx?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves the previous knowledge base intact when killed halfway through the write', async () => {
    const before = snapshot(dbFile);
    const run = startIngest(dbFile, { ISTIO_KB_FAILPOINT: 'ingest-mid-transaction' });
    await waitFor(() => run.stderr().includes('failpoint ingest-mid-transaction reached'), 60_000);
    run.child.kill('SIGKILL');
    await run.exited;
    const after = snapshot(dbFile);
    expect(after.integrity).toBe('ok');
    expect(after).toEqual(before);
    // The service still answers from the old knowledge base.
    expect((await ctx.kb.versions()).map((v) => [v.name, v.entryCount])).toEqual([['1.0', 8]]);
    expect((await ctx.kb.search({ query: 'destination rule 503' })).items.length).toBeGreaterThan(0);
  }, 90_000);

  it('refuses a second ingest while one runs, and takes over the lock of a killed one', async () => {
    const run = startIngest(dbFile, { ISTIO_KB_FAILPOINT: 'ingest-mid-transaction' });
    await waitFor(() => run.stderr().includes('failpoint ingest-mid-transaction reached'), 60_000);
    await expect(ctx.ingest.ingest([SAMPLE_PAGE])).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('Another ingest is running') });
    run.child.kill('SIGKILL');
    await run.exited;
    const summary = await ctx.ingest.ingest([SAMPLE_PAGE]);
    expect(summary.totals.pages.unchanged).toBe(1);
  }, 90_000);
});
