// Two API replicas on one PostgreSQL knowledge base, as real processes (`node src/main.ts`) under a
// bounded load: an ingest through the CLI while both serve answers every request, each answer wholly
// from the old or wholly from the new knowledge base, and both replicas move to the new generation;
// SIGKILL of one replica leaves the other answering; an ingest killed in the middle of its transaction
// leaves the previous knowledge base, and while it runs a second ingest anywhere is refused.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_PAGE as SAMPLE } from '../../src/services/ingest.ts';
import { createTestDatabase, describeIfPostgres } from '../support/postgres.ts';
import { listeningUrl } from '../support/server-process.ts';
import { CORPUS_DIR, REPO_ROOT, describeIfPresent } from '../support/shared.ts';

const NEWER = [path.join(CORPUS_DIR, 'v1.24'), path.join(CORPUS_DIR, 'v1.25')];
const SEARCH = '/api/v1/search?q=destination+rule+503&limit=5';

interface Replica {
  readonly child: ChildProcess;
  readonly base: string;
  readonly exited: Promise<number | null>;
}

async function startReplica(databaseUrl: string): Promise<Replica> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'src/main.ts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', RATE_LIMIT_MAX: '0', NODE_ENV: 'test', DATABASE_POOL_SIZE: '4' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const base = await listeningUrl(child, 90_000, () => err);
  return { child, base, exited };
}

function runCli(databaseUrl: string, args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'src/cli/index.ts'), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', INGEST_NICE: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, stderr: () => stderr, stdout: () => stdout };
}

async function get(base: string, url: string): Promise<{ status: number; body: string }> {
  const res = await fetch(base + url);
  return { status: res.status, body: await res.text() };
}

async function waitFor(predicate: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Bounded load: `workers` loops per replica, each request followed by a short pause. */
function load(replicas: readonly Replica[], workers = 2) {
  let running = true;
  const answers: { replica: number; url: string; status: number; body: string; error?: string }[] = [];
  const loops = replicas.flatMap((r, i) =>
    Array.from({ length: workers }, async (_, w) => {
      while (running) {
        const url = w % 2 === 0 ? '/api/v1/versions' : SEARCH;
        try {
          answers.push({ replica: i, url, ...(await get(r.base, url)) });
        } catch (error) {
          answers.push({ replica: i, url, status: 0, body: '', error: String(error) });
        }
        await new Promise((res) => setTimeout(res, 5));
      }
    }),
  );
  return {
    answers,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

async function snapshot(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const versions = await client.query('SELECT v."name", count(e."id")::int AS n FROM "DocVersion" v LEFT JOIN "Entry" e ON e."versionId" = v."id" GROUP BY v."id" ORDER BY v."name"');
    const entries = await client.query('SELECT "key", "slug", "contentHash" FROM "Entry" ORDER BY "key", "slug"');
    const generation = await client.query('SELECT "generation"::text AS g FROM "kb_generation"');
    return { versions: versions.rows, entries: entries.rows, generation: generation.rows[0]?.g };
  } finally {
    await client.end();
  }
}

describeIfPostgres('replicas on one PostgreSQL knowledge base', () => {
  describeIfPresent(CORPUS_DIR, 'under load', () => {
    let url: string;
    let replicas: Replica[] = [];

    beforeAll(async () => {
      url = await createTestDatabase('replicas');
      const seed = runCli(url, ['ingest', SAMPLE]);
      expect(await seed.exited).toBe(0);
      replicas = await Promise.all([startReplica(url), startReplica(url)]);
    }, 180_000);

    afterAll(async () => {
      for (const r of replicas) r.child.kill('SIGKILL');
      await Promise.all(replicas.map((r) => r.exited));
    });

    it('answers every request during a CLI ingest, each wholly old or wholly new; both replicas switch', async () => {
      const oldVersions = (await get(replicas[0]!.base, '/api/v1/versions')).body;
      const oldSearch = (await get(replicas[0]!.base, SEARCH)).body;
      expect((await get(replicas[1]!.base, '/api/v1/versions')).body).toBe(oldVersions);

      const traffic = load(replicas);
      const ingest = runCli(url, ['ingest', ...NEWER]);
      expect(await ingest.exited, ingest.stderr()).toBe(0);
      const committed = Date.now();
      const fresh = await snapshot(url);
      const switched = await Promise.all(
        replicas.map(async (r) => {
          await waitFor(async () => (await get(r.base, '/api/v1/versions')).body !== oldVersions, 5000, 'the replica to switch');
          return Date.now() - committed;
        }),
      );
      await new Promise((r) => setTimeout(r, 200));
      await traffic.stop();

      const newVersions = (await get(replicas[0]!.base, '/api/v1/versions')).body;
      const newSearch = (await get(replicas[0]!.base, SEARCH)).body;
      expect((await get(replicas[1]!.base, SEARCH)).body).toBe(newSearch);
      expect(JSON.parse(newVersions).versions.map((v: { name: string }) => v.name)).toEqual(['1.25', '1.24', '1.0']);
      expect(fresh.versions.map((v) => v.name)).toEqual(['1.0', '1.24', '1.25']);

      const failed = traffic.answers.filter((a) => a.status !== 200);
      expect(failed, JSON.stringify(failed.slice(0, 3))).toEqual([]);
      for (const a of traffic.answers) {
        const allowed = a.url === SEARCH ? [oldSearch, newSearch] : [oldVersions, newVersions];
        expect(allowed, `replica ${a.replica} ${a.url} answered a mix`).toContain(a.body);
      }
      expect(traffic.answers.length).toBeGreaterThan(20);
      console.log(`[replicas] ${traffic.answers.length} answers during the ingest; switched ${switched.join(' / ')} ms after the CLI exited`);
      // Polling every 500 ms bounds the switch at about a second even when NOTIFY is lost; the margin
      // is for a busy CI machine (the CLI's exit is observed after the commit).
      for (const ms of switched) expect(ms).toBeLessThan(2000);
    }, 240_000);

    it('keeps answering on the other replica when one is killed with SIGKILL mid-load', async () => {
      const before = await snapshot(url);
      const [victim, survivor] = replicas as [Replica, Replica];
      const traffic = load([survivor], 2);
      await new Promise((r) => setTimeout(r, 300));
      const victimTraffic = load([victim], 2);
      await new Promise((r) => setTimeout(r, 300));
      victim.child.kill('SIGKILL');
      await victim.exited;
      await new Promise((r) => setTimeout(r, 500));
      await victimTraffic.stop();
      await traffic.stop();
      expect(traffic.answers.filter((a) => a.status !== 200)).toEqual([]);
      expect(traffic.answers.length).toBeGreaterThan(5);
      expect(await snapshot(url)).toEqual(before);
      expect((await get(survivor.base, '/readyz')).status).toBe(200);
    }, 60_000);
  });

  describeIfPresent(CORPUS_DIR, 'an ingest killed mid-transaction', () => {
    let url: string;
    let replica: Replica;

    beforeAll(async () => {
      url = await createTestDatabase('crash');
      const seed = runCli(url, ['ingest', SAMPLE]);
      expect(await seed.exited).toBe(0);
      replica = await startReplica(url);
    }, 180_000);

    afterAll(async () => {
      replica?.child.kill('SIGKILL');
      await replica?.exited;
    });

    it('leaves the previous knowledge base, and a second ingest meanwhile is refused naming the first', async () => {
      const before = await snapshot(url);
      const beforeVersions = (await get(replica.base, '/api/v1/versions')).body;
      const run = runCli(url, ['ingest', ...NEWER], { ISTIO_KB_FAILPOINT: 'ingest-mid-transaction' });
      await waitFor(() => run.stderr().includes('failpoint ingest-mid-transaction reached'), 120_000, 'the failpoint');

      const second = runCli(url, ['ingest', SAMPLE]);
      expect(await second.exited).toBe(2);
      expect(second.stderr()).toContain('Another ingest is running');
      expect(second.stderr()).toMatch(new RegExp(`istio-kb ingest pid ${run.child.pid} on `));

      run.child.kill('SIGKILL');
      await run.exited;
      expect(await snapshot(url)).toEqual(before);
      expect((await get(replica.base, '/api/v1/versions')).body).toBe(beforeVersions);

      // The killed run's connection is gone, and with it its lock: the next ingest runs.
      const again = runCli(url, ['ingest', SAMPLE]);
      expect(await again.exited, again.stderr()).toBe(0);
    }, 240_000);
  });
});

describe('test/postgres/replicas.test.ts', () => {
  it('is collected', () => undefined);
});
