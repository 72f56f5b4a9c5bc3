// npm run eval:search -- [--db FILE] [--corpus DIR] [--reingest] [--verbose] [--check] [--provider sqlite|postgresql|both]
// Ingests the corpus into a temporary database if needed, runs the judged query set through the
// real search service and a plain BM25 baseline in the same run, and prints MRR@10, P@1, Recall@5
// and the zero-result rate for both. By default the service runs on both stores (SQLite, then
// PostgreSQL on a throw-away server or ISTIO_KB_BENCH_POSTGRES_URL; skipped with the reason where
// there is none) and the two are compared. --check exits 1 when the targets (MRR@10 >= 0.9,
// P@1 >= 0.85) are missed, or PostgreSQL is more than 0.01 below SQLite.
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CORPUS_DIR } from './paths.ts';
import { openEvalContext, runEval, type EvalReport } from './harness.ts';
import { openEvalPostgres } from './postgres.ts';
import type { Metrics } from './metrics.ts';
import { loadQueries } from './queries.ts';

export const TARGETS = { mrr10: 0.9, p1: 0.85 } as const;

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: path.join(tmpdir(), 'istio-kb-eval', 'kb.db') },
    corpus: { type: 'string', default: CORPUS_DIR },
    reingest: { type: 'boolean', default: false },
    verbose: { type: 'boolean', short: 'v', default: false },
    check: { type: 'boolean', default: false },
    provider: { type: 'string', default: 'both' },
  },
});
if (!['sqlite', 'postgresql', 'both'].includes(values.provider)) {
  console.error(`--provider must be sqlite, postgresql or both (got ${values.provider})`);
  process.exit(2);
}
/** PostgreSQL may trail SQLite by this much (same ranking code, another full-text engine). */
const PROVIDER_TOLERANCE = 0.01;

function row(name: string, m: Metrics): string {
  const f = (x: number) => x.toFixed(3).padStart(8);
  return `${name.padEnd(22)}${f(m.mrr10)}${f(m.p1)}${f(m.recall5)}${f(m.zeroResultRate)}`;
}

function print(report: EvalReport, verbose: boolean): void {
  const header = `${''.padEnd(22)}${'MRR@10'.padStart(8)}${'P@1'.padStart(8)}${'R@5'.padStart(8)}${'zero'.padStart(8)}`;
  console.log(`\n${report.service.queries} judged queries\n${header}`);
  console.log(row('istio-kb search', report.service));
  console.log(row('baseline (plain BM25)', report.baseline));
  const held = report.outcomes.filter((o) => o.query.id.startsWith('held-'));
  if (held.length > 0) {
    const m = (f: (o: (typeof held)[number]) => number) => held.map(f).reduce((a, b) => a + b, 0) / held.length;
    const mrr = m((o) => (o.rank > 0 ? 1 / o.rank : 0));
    const p1 = m((o) => (o.rank === 1 ? 1 : 0));
    console.log(`held-out (written after tuning, never tuned on): n=${held.length}  MRR@10 ${mrr.toFixed(3)}  P@1 ${p1.toFixed(3)}`);
  }
  console.log('\nby kind (service / baseline MRR@10):');
  for (const [kind, m] of Object.entries(report.byKind)) {
    console.log(`  ${kind.padEnd(11)} n=${String(m.service.queries).padStart(2)}  ${m.service.mrr10.toFixed(3)} / ${m.baseline.mrr10.toFixed(3)}`);
  }
  const misses = report.outcomes.filter((o) => o.rank !== 1);
  if (misses.length > 0) console.log(`\nnot first (${misses.length}):`);
  for (const o of misses) {
    console.log(`  [${o.query.id}] rank ${o.rank || '-'}  "${o.query.q.slice(0, 90)}"${o.query.version ? ` @${o.query.version}` : ''}`);
    if (verbose) {
      console.log(`      want ${o.query.keys.join(' | ')}`);
      for (const h of o.top.slice(0, 3)) console.log(`      got  ${h.key} @${h.version}`);
      if (o.didYouMean) console.log(`      did you mean: ${o.didYouMean}`);
    }
  }
}

const queries = loadQueries();
const reports: { provider: string; report: EvalReport }[] = [];
const meets = (r: EvalReport) => r.service.mrr10 >= TARGETS.mrr10 && r.service.p1 >= TARGETS.p1;
// The SQLite database always exists: the baseline runs on it.
const ctx = await openEvalContext(values.db, values.corpus, { reingest: values.reingest, log: (s) => console.log(s) });
try {
  if (values.provider !== 'postgresql') {
    const report = await runEval(ctx, values.db, queries);
    console.log('\n=== SQLite ===');
    print(report, values.verbose);
    reports.push({ provider: 'sqlite', report });
  }
} finally {
  await ctx.close();
}
if (values.provider !== 'sqlite') {
  const pg = await openEvalPostgres('istio_kb_eval');
  if ('skipped' in pg) console.log(`\n=== PostgreSQL: skipped (${pg.skipped}) ===`);
  else {
    try {
      const started = Date.now();
      const pgCtx = await openEvalContext(values.db, values.corpus, { databaseUrl: pg.url, log: (s) => console.log(s) });
      console.log(`(PostgreSQL ingest ${((Date.now() - started) / 1000).toFixed(1)} s)`);
      try {
        const report = await runEval(pgCtx, values.db, queries);
        console.log('\n=== PostgreSQL ===');
        print(report, values.verbose);
        reports.push({ provider: 'postgresql', report });
      } finally {
        await pgCtx.close();
      }
    } finally {
      await pg.stop();
    }
  }
}
let ok = reports.length > 0 && reports.every((r) => meets(r.report));
console.log(`\n${''.padEnd(14)}${'MRR@10'.padStart(8)}${'P@1'.padStart(8)}  targets MRR@10 >= ${TARGETS.mrr10}, P@1 >= ${TARGETS.p1}`);
for (const { provider, report } of reports) {
  console.log(`${provider.padEnd(14)}${report.service.mrr10.toFixed(3).padStart(8)}${report.service.p1.toFixed(3).padStart(8)}  ${meets(report) ? 'met' : 'NOT met'}`);
}
const sqlite = reports.find((r) => r.provider === 'sqlite')?.report;
const postgres = reports.find((r) => r.provider === 'postgresql')?.report;
if (sqlite && postgres) {
  const dMrr = postgres.service.mrr10 - sqlite.service.mrr10;
  const dP1 = postgres.service.p1 - sqlite.service.p1;
  const close = dMrr >= -PROVIDER_TOLERANCE && dP1 >= -PROVIDER_TOLERANCE;
  console.log(`postgresql - sqlite: MRR@10 ${dMrr >= 0 ? '+' : ''}${dMrr.toFixed(3)}, P@1 ${dP1 >= 0 ? '+' : ''}${dP1.toFixed(3)} (within ${PROVIDER_TOLERANCE}: ${close ? 'yes' : 'NO'})`);
  const moved = postgres.outcomes.filter((o, i) => o.rank !== sqlite.outcomes[i]?.rank);
  for (const o of moved) console.log(`  [${o.query.id}] sqlite rank ${sqlite.outcomes.find((s) => s.query.id === o.query.id)?.rank || '-'}, postgresql rank ${o.rank || '-'}  "${o.query.q.slice(0, 70)}"`);
  ok &&= close;
}
if (values.check && !ok) process.exitCode = 1;
