// SQLite and PostgreSQL side by side, in one run, over the whole archive (benchmark, not a test):
//   ingest      the whole archive into a new knowledge base;
//   quality     the judged search set (eval/queries.json): MRR@10 and P@1;
//   load        REST search per API process (`node src/main.ts`, a real replica) with autocannon on
//               loopback: repeated queries (40 judged questions, cycled: the answer cache serves most)
//               and unique queries (a stream of distinct realistic questions, bench/query-stream.ts:
//               no cache can help); on PostgreSQL also two replicas loaded at once, per replica.
// Run: npm run bench -- providers [--duration 5] [--connections 10] [--settle 0]
// PostgreSQL: ISTIO_KB_BENCH_POSTGRES_URL, or a throw-away local server (Debian's binaries);
// skipped with the reason when neither is there. The machine's cores are shared by the load
// generator and the servers: compare the columns, not absolute numbers across machines.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon, { type Result } from 'autocannon';
import { openEvalContext, runEval } from '../eval/harness.ts';
import { CORPUS_DIR } from '../eval/paths.ts';
import { openEvalPostgres } from '../eval/postgres.ts';
import { loadQueries } from '../eval/queries.ts';
import { openSqlite } from '../src/db/sqlite.ts';
import { listeningUrl } from '../test/support/server-process.ts';
import { QueryStream, querySources } from './query-stream.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
    // Seconds the PostgreSQL replicas stay idle before each run, so that their background warm-up
    // (which yields to questions) has filled the caches and is not running: 0 measures replicas whose
    // caches fill during the runs.
    settle: { type: 'string', default: '0' },
  },
});
const duration = Math.min(60, Math.max(1, Number(values.duration)));
const connections = Math.min(100, Math.max(1, Number(values.connections)));
const settleMs = Math.min(120, Math.max(0, Number(values.settle))) * 1000;
const settle = () => new Promise((resolve) => setTimeout(resolve, settleMs));

interface Replica {
  readonly child: ChildProcess;
  readonly base: string;
}

async function startReplica(databaseUrl: string): Promise<Replica> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/main.ts')], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', RATE_LIMIT_MAX: '0', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const base = await listeningUrl(child, 60_000);
  return { child, base };
}

async function stopReplica(r: Replica): Promise<void> {
  const exited = new Promise((resolve) => r.child.once('exit', resolve));
  r.child.kill('SIGTERM');
  await exited;
}

const repeated = loadQueries()
  .filter((q) => q.version === null)
  .slice(0, 40)
  .map((q) => `/api/v1/search?q=${encodeURIComponent(q.q)}&limit=5`);

function uniquePaths(stream: QueryStream): () => string {
  return () => `/api/v1/search?q=${encodeURIComponent(stream.take(1)[0] ?? 'istio')}&limit=5`;
}

async function load(base: string, kind: 'repeated' | 'unique', stream: QueryStream): Promise<Result> {
  const requests =
    kind === 'repeated'
      ? repeated.map((p) => ({ method: 'GET' as const, path: p }))
      : [{ method: 'GET' as const, setupRequest: (req: { path?: string }) => ({ ...req, path: uniquePaths(stream)() }) }];
  // Warm-up: JIT, pools, the generation's statistics; for repeated queries every answer once, so
  // the run measures what it says (answers from the cache), not the first computation of each.
  if (kind === 'repeated') for (const p of repeated) await fetch(base + p).then((r) => r.text());
  else await fetch(base + uniquePaths(stream)()).then((r) => r.text());
  await autocannon({ url: base, connections, duration: 1, requests });
  return autocannon({ url: base, connections, duration, requests });
}

interface Column {
  provider: string;
  ingestS: number | null;
  mrr10: number | null;
  p1: number | null;
  load: Record<string, { rps: number; p99: number; errors: number }>;
}

const fmt = (r: Result) => ({ rps: r.requests.average, p99: r.latency.p99, errors: r.errors + r.timeouts + r.non2xx });

if (!existsSync(CORPUS_DIR)) {
  console.log(`providers bench skipped: ${CORPUS_DIR} is absent`);
  process.exit(0);
}

const dir = mkdtempSync(path.join(tmpdir(), 'istio-kb-bench-providers-'));
const sqliteFile = path.join(dir, 'kb.db');
const columns: Column[] = [];
const judged = loadQueries();
try {
  // SQLite
  let started = performance.now();
  const sqliteCtx = await openEvalContext(sqliteFile, CORPUS_DIR, { reingest: true });
  const sqliteIngest = (performance.now() - started) / 1000;
  const sqliteEval = await runEval(sqliteCtx, sqliteFile, judged);
  await sqliteCtx.close();
  const sources = (() => {
    const db = openSqlite(sqliteFile, { readonly: true });
    try {
      return querySources(judged, db);
    } finally {
      db.close();
    }
  })();
  const sqlite: Column = { provider: 'sqlite', ingestS: sqliteIngest, mrr10: sqliteEval.service.mrr10, p1: sqliteEval.service.p1, load: {} };
  columns.push(sqlite);
  const r = await startReplica(`file:${sqliteFile}`);
  try {
    sqlite.load['repeated, 1 process'] = fmt(await load(r.base, 'repeated', new QueryStream(sources, 1)));
    sqlite.load['unique, 1 process'] = fmt(await load(r.base, 'unique', new QueryStream(sources, 2)));
  } finally {
    await stopReplica(r);
  }

  // PostgreSQL
  const pg = await openEvalPostgres('istio_kb_bench');
  if ('skipped' in pg) console.log(`PostgreSQL skipped: ${pg.skipped}`);
  else {
    try {
      started = performance.now();
      const pgCtx = await openEvalContext(sqliteFile, CORPUS_DIR, { databaseUrl: pg.url, reingest: true });
      const pgIngest = (performance.now() - started) / 1000;
      const pgEval = await runEval(pgCtx, sqliteFile, judged);
      await pgCtx.close();
      const col: Column = { provider: 'postgresql', ingestS: pgIngest, mrr10: pgEval.service.mrr10, p1: pgEval.service.p1, load: {} };
      columns.push(col);
      const [a, b] = await Promise.all([startReplica(pg.url), startReplica(pg.url)]);
      try {
        await settle();
        col.load['repeated, 1 process'] = fmt(await load(a.base, 'repeated', new QueryStream(sources, 1)));
        await settle();
        col.load['unique, 1 process'] = fmt(await load(a.base, 'unique', new QueryStream(sources, 2)));
        // Two replicas at once, each with its own load generator (the same connections): per replica.
        await settle();
        const both = await Promise.all([load(a.base, 'unique', new QueryStream(sources, 3)), load(b.base, 'unique', new QueryStream(sources, 4))]);
        col.load['unique, 2 replicas: A'] = fmt(both[0]);
        col.load['unique, 2 replicas: B'] = fmt(both[1]);
      } finally {
        await Promise.all([stopReplica(a), stopReplica(b)]);
      }
    } finally {
      await pg.stop();
    }
  }

  const width = 26;
  const cell = (s: string) => s.padStart(22);
  console.log(`\n${connections} connections per load generator, ${duration} s per run, REST /api/v1/search, whole archive\n`);
  console.log(`${''.padEnd(width)}${columns.map((c) => cell(c.provider)).join('')}`);
  console.log(`${'ingest of the archive'.padEnd(width)}${columns.map((c) => cell(c.ingestS === null ? '-' : `${c.ingestS.toFixed(1)} s`)).join('')}`);
  console.log(`${'search eval MRR@10'.padEnd(width)}${columns.map((c) => cell(c.mrr10?.toFixed(3) ?? '-')).join('')}`);
  console.log(`${'search eval P@1'.padEnd(width)}${columns.map((c) => cell(c.p1?.toFixed(3) ?? '-')).join('')}`);
  const rows = [...new Set(columns.flatMap((c) => Object.keys(c.load)))];
  for (const row of rows) {
    console.log(
      `${row.padEnd(width)}${columns
        .map((c) => {
          const m = c.load[row];
          return cell(m ? `${m.rps.toFixed(0)}/s p99 ${m.p99} ms${m.errors ? ` ${m.errors} err` : ''}` : '-');
        })
        .join('')}`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
