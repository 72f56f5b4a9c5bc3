// The process as operators run it (`npm start`: the compiled server): bad configuration and damaged
// databases stop it with a clear message and exit code (and the file untouched); on an empty
// database it listens at once and fills it with the shipped archive, /readyz 503 until that has
// committed; after an upgrade that moved the parser it parses its start-up sources again; SIGTERM
// drains and exits 0.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteEntryLinks } from '../../src/repositories/entry-links.ts';
import { SHIPPED_ENTRY_LINKS_FILE } from '../../src/repositories/shipped-entry-links.ts';
import { SAMPLE_PAGE } from '../support/archive.ts';
import { runCli } from '../support/cli.ts';
import { execSql } from '../support/provider.ts';
import { REPO_ROOT } from '../support/shared.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'istio-kb-ops-'));
const children = new Set<ReturnType<typeof spawn>>();
afterAll(() => {
  // A test that failed before its server stopped must not leave it running.
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function run(env: Record<string, string>, onStdout?: (line: string) => void) {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'dist/src/main.js')], {
    cwd: REPO_ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.on('data', (d: Buffer) => onStdout?.(d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, stderr: () => stderr };
}

async function waitFor(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The server's address, from its "Server listening at" log line. */
async function listening(out: () => string): Promise<string> {
  let url: string | undefined;
  await waitFor(() => (url = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out())?.[1]) !== undefined, 30_000);
  return url as string;
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('start-up and shutdown', () => {
  it('stops with exit code 78 naming the variable when the configuration is invalid', async () => {
    const p = run({ PORT: 'eighty', DATABASE_URL: `file:${path.join(dir, 'a.db')}` });
    expect(await p.exited).toBe(78);
    expect(p.stderr()).toContain('PORT');
  });

  it('stops with exit code 74 and leaves a file that is not a database untouched', async () => {
    const file = path.join(dir, 'garbage.db');
    writeFileSync(file, 'this is not a SQLite database, but it may be someone\'s data\n'.repeat(200));
    const before = sha(file);
    const p = run({ DATABASE_URL: `file:${file}`, PORT: '0' });
    expect(await p.exited).toBe(74);
    expect(p.stderr()).toContain(file);
    expect(p.stderr()).toMatch(/not a SQLite database|damaged/);
    expect(sha(file)).toBe(before);
  });

  it('stops with exit code 69 and one line naming the cause and the fix when the port is in use', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const p = run({ DATABASE_URL: `file:${path.join(dir, 'busy.db')}`, PORT: String(port) });
      expect(await p.exited).toBe(69);
      const lines = p.stderr().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`127.0.0.1:${port}`);
      expect(lines[0]).toContain('already in use');
      expect(lines[0]).toContain('PORT');
      expect(p.stderr()).not.toContain('    at ');
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('stops with exit code 69 when HOST is not an address of this machine', async () => {
    const p = run({ DATABASE_URL: `file:${path.join(dir, 'host.db')}`, HOST: '192.0.2.1', PORT: '0', INGEST_ON_START: SAMPLE_PAGE });
    expect(await p.exited).toBe(69);
    expect(p.stderr()).toContain('HOST');
    expect(p.stderr()).not.toContain('    at ');
  }, 60_000);

  it('stops with exit code 78 when a source of INGEST_ON_START is missing', async () => {
    const p = run({ DATABASE_URL: `file:${path.join(dir, 'src.db')}`, PORT: '0', INGEST_ON_START: '/no/such/archive' });
    expect(await p.exited).toBe(78);
    expect(p.stderr().trim()).toMatch(/^istio-kb: INGEST_ON_START: Source not found: \/no\/such\/archive$/);
  }, 60_000);

  const ok = path.join(dir, 'ok.db');

  it('answers 503 on /readyz while the first ingest is in its transaction', async () => {
    let out = '';
    const p = run({ DATABASE_URL: `file:${path.join(dir, 'paused.db')}`, PORT: '0', ISTIO_KB_FAILPOINT: 'ingest-mid-transaction' }, (c) => (out += c));
    try {
      const url = await listening(() => out);
      await waitFor(() => p.stderr().includes('failpoint ingest-mid-transaction reached'), 60_000);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect((await fetch(`${url}/readyz`)).status).toBe(503);
    } finally {
      p.child.kill('SIGKILL');
      await p.exited;
    }
  }, 90_000);

  it('on an empty database, listens at once and serves all 27 versions of the shipped archive once ingested', async () => {
    let out = '';
    const p = run({ DATABASE_URL: `file:${ok}`, PORT: '0' }, (chunk) => (out += chunk));
    try {
      const url = await listening(() => out);
      const deadline = Date.now() + 150_000;
      let status = 0;
      while (status !== 200 && Date.now() < deadline) {
        status = (await fetch(`${url}/readyz`)).status;
        if (status !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      expect(status).toBe(200);
      const versions = (await (await fetch(`${url}/api/v1/versions`)).json()) as { versions?: { name: string }[] } | { name: string }[];
      const names = (Array.isArray(versions) ? versions : (versions.versions ?? [])).map((v) => v.name);
      expect(names).toHaveLength(27);
      expect(names).toContain('0.8');
      expect(names).toContain('1.25');
    } finally {
      p.child.kill('SIGTERM');
      expect(await p.exited).toBe(0);
    }
  }, 180_000);

  it('has the entries the shipped index (archive/entry-links.json, used by diagnose without a KB) lists', () => {
    const links = SqliteEntryLinks.open(ok);
    try {
      expect(links?.allEntries(), 'archive/entry-links.json is stale: run npm run archive:links').toEqual(
        JSON.parse(readFileSync(SHIPPED_ENTRY_LINKS_FILE, 'utf8')).entries,
      );
    } finally {
      links?.close();
    }
  });

  it('skips a re-ingest of the shipped archive as unchanged', async () => {
    // Asynchronous: a synchronous spawn would hold this worker's event loop for the whole ingest.
    const r = await runCli(['ingest', '--json'], { env: { ...process.env, DATABASE_URL: `file:${ok}`, INGEST_NICE: '0' }, timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as { totals: { pages: Record<string, number>; entries: Record<string, number> }; problems: unknown[] };
    expect(summary.totals.pages).toMatchObject({ new: 0, changed: 0, removed: 0 });
    expect(summary.totals.entries).toMatchObject({ new: 0, changed: 0, removed: 0 });
    expect(summary.totals.pages.unchanged).toBe(207);
    expect(summary.problems).toEqual([]);
  }, 150_000);

  it('after an upgrade that moved the parser, parses its start-up sources again while it serves the older entries', async () => {
    const db = path.join(dir, 'upgraded.db');
    const key = '503-errors-after-setting-destination-rule';
    const env = { DATABASE_URL: `file:${db}`, PORT: '0', INGEST_ON_START: SAMPLE_PAGE };
    const fixes = async (url: string) => ((await (await fetch(`${url}/api/v1/entries/${key}`)).json()) as { fixes: string[] }).fixes;
    let out = '';
    let p = run(env, (chunk) => (out += chunk));
    let url = await listening(() => out);
    await waitFor(() => out.includes('knowledge base was empty; ingested'), 60_000);
    const parsed = await fixes(url);
    expect(parsed.length).toBeGreaterThan(0);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    // What the older build left: other fields, other hashes, its parser in the run.
    await execSql(`file:${db}`, `UPDATE "Entry" SET "fixes" = '[]'; UPDATE "Page" SET "rawHash" = 'older', "contentHash" = 'older'; UPDATE "IngestRun" SET "summary" = '{"parser":"parser-6"}'`);
    out = '';
    p = run(env, (chunk) => (out += chunk));
    try {
      url = await listening(() => out);
      await waitFor(() => out.includes('the start-up sources were parsed by parser-6; parsed again by parser-'), 60_000);
      expect(await fixes(url)).toEqual(parsed);
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
    } finally {
      p.child.kill('SIGTERM');
      expect(await p.exited).toBe(0);
    }
  }, 150_000);

  it('drains and exits 0 on SIGTERM', async () => {
    let out = '';
    const p = run({ DATABASE_URL: `file:${ok}`, PORT: '0' }, (chunk) => (out += chunk));
    const url = await listening(() => out);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const pending = fetch(`${url}/api/v1/search?q=destination`);
    await new Promise((r) => setTimeout(r, 5));
    const started = Date.now();
    p.child.kill('SIGTERM');
    const response = await pending.catch(() => null);
    // In flight: answered. Arrived after close began: Fastify answers 503 with Connection: close.
    if (response) expect([200, 503]).toContain(response.status);
    expect(await p.exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 60_000);
});
