// npm run eval:search -- [--db FILE] [--corpus DIR] [--reingest] [--verbose] [--check] [--provider sqlite|postgresql|both] [--show-fresh]
// Ingests the corpus into a temporary database if needed, runs the judged query set through the
// real search service and a plain BM25 baseline in the same run, and prints MRR@10, P@1, Recall@5
// and the zero-result rate for both. By default the service runs on both stores (SQLite, then
// PostgreSQL on a throw-away server or ISTIO_KB_BENCH_POSTGRES_URL; skipped with the reason where
// there is none) and the two are compared. --check exits 1 when the targets (MRR@10 >= 0.9,
// P@1 >= 0.85) are missed on the queries tuned on (every query but the fresh, real, later and field sets), or
// PostgreSQL is more than 0.01 below SQLite.
// The fresh set (`fresh-`, never tuned on) is scored on lines of its own; its misses and the
// queries whose rank differs between the stores are listed only with --show-fresh. --show-blind and
// --show-unseen are still accepted and do nothing: the blind set is tuned on from round 3 and the
// unseen set from round 4, so their misses are listed.
// The real set (`real-`, real operators' issue titles, round 6) is scored on rows of its own and kept out
// of the targets and --check like the fresh set; its misses are listed (it is not held out).
// The later set (`later-`, round 7: more real operators' issue titles, judged and committed before any
// search ran on them, never tuned on) is scored like the real set, on rows of its own, out of the targets
// and --check; its misses are listed too.
// The field set (`field-`, round 8: a third set of real operators' issue titles, judged and committed before
// any search ran on them, never tuned on) is scored like the later set, on rows of its own, out of the targets
// and --check; its misses are listed too.
// The learn set (`learn-`, round 9: real operators' issue titles judged and committed before any search ran
// on them, collected to learn from like the real set) is scored the same way.
import { parseArgs } from 'node:util';
import { CORPUS_DIR, EVAL_DB } from './paths.ts';
import { openEvalContext, PASSAGES, runEval, type EvalReport } from './harness.ts';
import { openEvalPostgres } from './postgres.ts';
import { computeMetrics, type Metrics } from './metrics.ts';
import { isBlind, isField, isFresh, isLater, isLearn, isReal, isScoredApart, isUnseen, loadQueries, SCORED_APART, type JudgedQuery } from './queries.ts';

export const TARGETS = { mrr10: 0.9, p1: 0.85 } as const;

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: EVAL_DB },
    corpus: { type: 'string', default: CORPUS_DIR },
    reingest: { type: 'boolean', default: false },
    verbose: { type: 'boolean', short: 'v', default: false },
    check: { type: 'boolean', default: false },
    provider: { type: 'string', default: 'both' },
    'show-fresh': { type: 'boolean', default: false },
    // Accepted so that older commands still run; they change nothing (the blind set is tuned on from
    // round 3, the unseen set from round 4).
    'show-blind': { type: 'boolean', default: false },
    'show-unseen': { type: 'boolean', default: false },
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

type Outcomes = EvalReport['outcomes'];
/** The smallest class of fresh queries whose MRR@10 is printed without --show-fresh. */
const FRESH_KIND_MIN = 5;
const serviceMetrics = (list: Outcomes): Metrics => computeMetrics(list.map((o) => ({ rank: o.rank, hitCount: o.top.length })));
const baselineMetrics = (list: Outcomes): Metrics => computeMetrics(list.map((o) => ({ rank: o.baselineRank, hitCount: o.baselineTop.length })));
/**
 * The queries the targets are checked on: all but the fresh set (never tuned on) and the sets of real
 * operators' questions (scored on rows of their own so that the figure stays comparable with the sets'
 * figures before they existed).
 */
/** What the tuned figures leave out, as the report names it. */
const APART = `all but ${SCORED_APART.join(', ')}`;
const tunedOn = (report: EvalReport): Outcomes => report.outcomes.filter((o) => !isScoredApart(o.query));

/** The sets of real operators' questions, each reported on rows of its own (eval/queries.ts). */
interface RealSet {
  readonly of: (q: JudgedQuery) => boolean;
  /** Its block in the top table. */
  readonly title: string;
  /** Its line in "by set". */
  readonly line: string;
  /** Its row of passages. */
  readonly passages: string;
  /** Its column in "by kind". */
  readonly column: string;
}
const REAL_SETS: readonly RealSet[] = [
  { of: isReal, title: "real operators' questions (real-, issue titles)", line: "real operators' questions (real-, round 6)", passages: 'real-', column: 'real' },
  { of: isLater, title: "later operators' questions (later-, issue titles, never tuned on)", line: "later operators' questions (later-, round 7)", passages: 'later- (never tuned on)', column: 'later' },
  { of: isField, title: "field operators' questions (field-, issue titles, never tuned on)", line: "field operators' questions (field-, round 8)", passages: 'field- (never tuned on)', column: 'field' },
  { of: isLearn, title: "operators' questions to learn from (learn-, issue titles)", line: "questions to learn from (learn-, round 9)", passages: 'learn-', column: 'learn' },
];

function setLine(name: string, outcomes: Outcomes): string {
  const m = serviceMetrics(outcomes);
  return `${name.padEnd(52)} n=${String(m.queries).padStart(3)}  MRR@10 ${m.mrr10.toFixed(3)}  P@1 ${m.p1.toFixed(3)}  R@5 ${m.recall5.toFixed(3)}`;
}

function print(report: EvalReport, verbose: boolean, showFresh: boolean): void {
  const tuned = tunedOn(report);
  const fresh = report.outcomes.filter((o) => isFresh(o.query));
  const reals = REAL_SETS.map((set) => ({ set, outcomes: report.outcomes.filter((o) => set.of(o.query)) })).filter((r) => r.outcomes.length > 0);
  const header = `${''.padEnd(22)}${'MRR@10'.padStart(8)}${'P@1'.padStart(8)}${'R@5'.padStart(8)}${'zero'.padStart(8)}`;
  console.log(`\n${tuned.length} judged queries tuned on (${APART})\n${header}`);
  console.log(row('istio-kb search', serviceMetrics(tuned)));
  console.log(row('baseline (plain BM25)', baselineMetrics(tuned)));
  if (fresh.length > 0) {
    console.log(`${fresh.length} fresh queries (fresh-, never tuned on)`);
    console.log(row('istio-kb search', serviceMetrics(fresh)));
    console.log(row('baseline (plain BM25)', baselineMetrics(fresh)));
  }
  for (const { set, outcomes } of reals) {
    console.log(`${outcomes.length} ${set.title}`);
    console.log(row('istio-kb search', serviceMetrics(outcomes)));
    console.log(row('baseline (plain BM25)', baselineMetrics(outcomes)));
  }
  console.log('\nby set (istio-kb search):');
  // The sets as they were defined before the fresh set existed; the fresh set is in none of them.
  const round3 = tuned.filter((o) => !isUnseen(o.query));
  console.log(setLine('judged before round 2 (all but blind-, unseen-)', round3.filter((o) => !isBlind(o.query))));
  const held = report.outcomes.filter((o) => o.query.id.startsWith('held-'));
  if (held.length > 0) console.log(setLine('held-out round 1 (held-, never tuned on)', held));
  const blind = report.outcomes.filter((o) => isBlind(o.query));
  if (blind.length > 0) console.log(setLine('held-out round 2 (blind-, tuned on from round 3)', blind));
  console.log(setLine('tuned on in round 3 (all but unseen-)', round3));
  const unseen = report.outcomes.filter((o) => isUnseen(o.query));
  if (unseen.length > 0) console.log(setLine('held-out round 3 (unseen-, tuned on from round 4)', unseen));
  console.log(setLine(`tuned on in round 4 (${APART})`, tuned));
  if (fresh.length > 0) console.log(setLine('held-out round 4 (fresh-, never tuned on)', fresh));
  for (const { set, outcomes } of reals) console.log(setLine(set.line, outcomes));
  printPassages([
    ['judged before round 2', round3.filter((o) => !isBlind(o.query))],
    ['blind-', blind],
    ['unseen-', unseen],
    ['tuned on (all 257)', tuned],
    ['fresh- (held out)', fresh],
    ...reals.map(({ set, outcomes }) => [set.passages, outcomes] as const),
  ]);
  const apartNames = ['fresh-', ...reals.map(({ set }) => `${set.column}-`)].join(', ');
  console.log(`\nby kind (service / baseline MRR@10 on ${APART}; service on ${apartNames}):`);
  for (const kind of Object.keys(report.byKind)) {
    const k = tuned.filter((o) => o.query.kind === kind);
    const f = fresh.filter((o) => o.query.kind === kind);
    const left = k.length > 0 ? `n=${String(k.length).padStart(2)}  ${serviceMetrics(k).mrr10.toFixed(3)} / ${baselineMetrics(k).mrr10.toFixed(3)}` : ''.padEnd(21);
    // A class of a few fresh queries would show their ranks one by one: its figure needs --show-fresh.
    const shown = f.length >= FRESH_KIND_MIN || showFresh ? serviceMetrics(f).mrr10.toFixed(3) : '(too few to show)';
    const right = f.length > 0 ? `   fresh n=${String(f.length).padStart(2)}  ${shown}` : ''.padEnd(28);
    const columns = reals.map(({ set, outcomes }) => {
      const d = outcomes.filter((o) => o.query.kind === kind);
      const cell = `   ${set.column} n=${String(d.length).padStart(2)}  `;
      // An empty cell keeps the columns after it in place (the figure is 5 characters).
      return d.length > 0 ? cell + serviceMetrics(d).mrr10.toFixed(3) : ''.padEnd(cell.length + 5);
    });
    console.log(`  ${kind.padEnd(14)} ${left}${right}${columns.join('')}`.trimEnd());
  }
  if (fresh.length > 0) printFreshKinds(fresh, showFresh);
  const misses = report.outcomes.filter((o) => o.rank !== 1 && (showFresh || !isFresh(o.query)));
  if (misses.length > 0) console.log(`\nnot first (${misses.length}):`);
  for (const o of misses) {
    console.log(`  [${o.query.id}] rank ${o.rank || '-'}  "${o.query.q.slice(0, 90)}"${o.query.version ? ` @${o.query.version}` : ''}`);
    if (verbose) {
      console.log(`      want ${o.query.keys.join(' | ')}`);
      for (const h of o.top.slice(0, 3)) console.log(`      got  ${h.key} @${h.version}`);
      if (o.didYouMean) console.log(`      did you mean: ${o.didYouMean}`);
    }
  }
  const hidden = fresh.filter((o) => o.rank !== 1).length;
  if (!showFresh && hidden > 0) console.log(`  (${hidden} fresh- queries not first: not listed, --show-fresh lists them)`);
}

/**
 * What a chatbot cites (the passages endpoint, its first PASSAGES passages): how often the first one,
 * and how early one, comes from a judged guideline. Passages reorder the search's guidelines by how
 * much of the question each chunk holds, so this can differ from the search's own P@1.
 */
function printPassages(sets: readonly (readonly [string, Outcomes])[]): void {
  console.log(`\npassages (first ${PASSAGES}: P@1 = the first passage is from a judged guideline; MRR over their places):`);
  for (const [name, list] of sets) {
    if (list.length === 0) continue;
    const m = computeMetrics(list.map((o) => ({ rank: o.passageRank, hitCount: 1 })));
    console.log(`  ${name.padEnd(24)} n=${String(list.length).padStart(3)}  P@1 ${m.p1.toFixed(3)}  MRR ${m.mrr10.toFixed(3)}  in ${PASSAGES} ${m.recall5.toFixed(3)}   (search P@1 ${serviceMetrics(list).p1.toFixed(3)})`);
  }
}

/**
 * The fresh set by kind, service and baseline (MRR@10 / P@1): a kind of fewer than FRESH_KIND_MIN
 * queries is pooled with the other small kinds (shown when the pool is large enough), unless
 * --show-fresh is given.
 */
function printFreshKinds(fresh: Outcomes, showFresh: boolean): void {
  const pair = (m: Metrics) => `${m.mrr10.toFixed(3)} / ${m.p1.toFixed(3)}`;
  const line = (name: string, list: Outcomes, note = '') =>
    console.log(`  ${name.padEnd(14)} n=${String(list.length).padStart(2)}  ${pair(serviceMetrics(list))}   ${pair(baselineMetrics(list))}${note}`);
  console.log('\nfresh- by kind (MRR@10 / P@1: istio-kb search, then plain BM25):');
  const kinds = [...new Set(fresh.map((o) => o.query.kind))];
  const small: string[] = [];
  for (const kind of kinds) {
    const list = fresh.filter((o) => o.query.kind === kind);
    if (list.length >= FRESH_KIND_MIN || showFresh) line(kind, list);
    else small.push(kind);
  }
  if (small.length === 0) return;
  const pool = fresh.filter((o) => small.includes(o.query.kind));
  if (pool.length >= FRESH_KIND_MIN) line('other kinds', pool, `   (${small.join(', ')})`);
  else console.log(`  ${small.join(', ')}: too few to show`);
}

const queries = loadQueries();
const reports: { provider: string; report: EvalReport }[] = [];
const meets = (r: EvalReport) => {
  const m = serviceMetrics(tunedOn(r));
  return m.mrr10 >= TARGETS.mrr10 && m.p1 >= TARGETS.p1;
};
// The SQLite database always exists: the baseline runs on it.
const ctx = await openEvalContext(values.db, values.corpus, { reingest: values.reingest, log: (s) => console.log(s) });
try {
  if (values.provider !== 'postgresql') {
    const report = await runEval(ctx, values.db, queries);
    console.log('\n=== SQLite ===');
    print(report, values.verbose, values['show-fresh']);
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
        print(report, values.verbose, values['show-fresh']);
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
console.log(`\n${''.padEnd(14)}${'MRR@10'.padStart(8)}${'P@1'.padStart(8)}  targets MRR@10 >= ${TARGETS.mrr10}, P@1 >= ${TARGETS.p1} (${APART})`);
for (const { provider, report } of reports) {
  const m = serviceMetrics(tunedOn(report));
  console.log(`${provider.padEnd(14)}${m.mrr10.toFixed(3).padStart(8)}${m.p1.toFixed(3).padStart(8)}  ${meets(report) ? 'met' : 'NOT met'}`);
}
const sqlite = reports.find((r) => r.provider === 'sqlite')?.report;
const postgres = reports.find((r) => r.provider === 'postgresql')?.report;
if (sqlite && postgres) {
  const dMrr = postgres.service.mrr10 - sqlite.service.mrr10;
  const dP1 = postgres.service.p1 - sqlite.service.p1;
  const close = dMrr >= -PROVIDER_TOLERANCE && dP1 >= -PROVIDER_TOLERANCE;
  console.log(`postgresql - sqlite: MRR@10 ${dMrr >= 0 ? '+' : ''}${dMrr.toFixed(3)}, P@1 ${dP1 >= 0 ? '+' : ''}${dP1.toFixed(3)} (within ${PROVIDER_TOLERANCE}: ${close ? 'yes' : 'NO'})`);
  const moved = postgres.outcomes.filter((o, i) => o.rank !== sqlite.outcomes[i]?.rank);
  // The fresh set's queries stay hidden here too (they are listed only with --show-fresh).
  const hiddenMoved = values['show-fresh'] ? 0 : moved.filter((o) => isFresh(o.query)).length;
  if (hiddenMoved > 0) console.log(`  (${hiddenMoved} fresh- queries ranked differently: not listed, --show-fresh lists them)`);
  for (const o of moved.filter((m) => values['show-fresh'] || !isFresh(m.query))) console.log(`  [${o.query.id}] sqlite rank ${sqlite.outcomes.find((s) => s.query.id === o.query.id)?.rank || '-'}, postgresql rank ${o.rank || '-'}  "${o.query.q.slice(0, 70)}"`);
  ok &&= close;
}
if (values.check && !ok) process.exitCode = 1;
