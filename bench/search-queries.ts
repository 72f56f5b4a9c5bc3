// Per-question cost of the service's search, in-process, over the unique-query stream of the load
// benchmark (bench/query-stream.ts): what one question costs and which shapes of question are the
// slow ones. At 20 connections one server core is saturated, so the tail latency is queueing behind
// expensive questions: the distribution matters, not only the mean.
//
// Run: npm run bench -- search-queries [--count 6000] [--warmup 2000] [--db FILE] [--slowest 25]
//      [--dump FILE]   (writes every answer: the measured questions and the judged set, to diff
//                       two versions of the code: a speed change must not move any answer)
// A profile: node --cpu-prof --cpu-prof-dir=DIR --import tsx bench/search-queries.ts ...
// Times are wall-clock per question on one thread (the machine may be busy: compare within a run).
// Answers do not depend on what was asked before (caches only save work), so two dumps of the same
// stream compare answer for answer.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openEvalContext } from '../eval/harness.ts';
import { CORPUS_DIR, EVAL_DB } from '../eval/paths.ts';
import { loadQueries } from '../eval/queries.ts';
import { openSqlite } from '../src/db/sqlite.ts';
import { parseQuery } from '../src/search/query.ts';
import { QueryStream, querySources } from './query-stream.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: EVAL_DB },
    count: { type: 'string', default: '6000' },
    warmup: { type: 'string', default: '2000' },
    slowest: { type: 'string', default: '25' },
    dump: { type: 'string' },
  },
});
const count = Math.max(1, Number(values.count));
const warmupCount = Math.max(0, Number(values.warmup));

const db = openSqlite(values.db, { readonly: true });
const stream = new QueryStream(querySources(loadQueries(), db));
db.close();
// The same phases as bench/search-load.ts: the floor's questions are the ones measured in-process there.
const measured = stream.take(count);
const warmup = stream.take(warmupCount);

const ctx = await openEvalContext(values.db, CORPUS_DIR);
// As a server would be by then: the per-generation caches warm in the background after a start.
await ctx.kb.search({ query: 'warm', first: 1 });
await new Promise((resolve) => setTimeout(resolve, 3000));

interface Sample {
  readonly q: string;
  readonly ms: number;
  readonly shape: string;
  readonly total: number;
}

/** A coarse shape of a question, for grouping the costs. */
function shapeOf(q: string): string {
  const parsed = parseQuery(q);
  if (parsed.errorLine) return 'error line';
  if (parsed.identifiers.length > 0) return parsed.words.length > parsed.identifiers.length * 3 ? 'identifier + words' : 'identifier';
  return `${Math.min(parsed.words.length, 5)}${parsed.words.length >= 5 ? '+' : ''} words`;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

const fmt = (ms: number) => ms.toFixed(3).padStart(8);

try {
  for (const q of warmup) await ctx.kb.search({ query: q, first: 5 });
  const samples: Sample[] = [];
  const answers: unknown[] = [];
  const cpu = process.cpuUsage();
  for (const q of measured) {
    const t = performance.now();
    const page = await ctx.kb.search({ query: q, first: 5 });
    // As the transports do: the served hits' highlights (built when read).
    for (const { node } of page.items) if (node.highlights.length > 1) throw new Error('one highlight per hit');
    const ms = performance.now() - t;
    samples.push({ q, ms, shape: shapeOf(q), total: page.totalCount });
    if (values.dump) answers.push({ q, total: page.totalCount, didYouMean: page.didYouMean, hits: page.items.map(({ node: h }) => [h.key, h.version, h.score, h.highlights]) });
  }
  const used = process.cpuUsage(cpu);
  const times = samples.map((s) => s.ms).sort((a, b) => a - b);
  const sum = times.reduce((a, b) => a + b, 0);
  // Process CPU (user + system, GC threads included) per question: what the load on the machine does not inflate.
  const cpuMs = (used.user + used.system) / 1000 / samples.length;
  console.log(`${samples.length} distinct questions after ${warmup.length} others: ${(samples.length / (sum / 1000)).toFixed(0)} q/s, CPU ${cpuMs.toFixed(3)} ms/question`);
  console.log(`per question ms: mean ${fmt(sum / times.length)}  p50 ${fmt(percentile(times, 0.5))}  p90 ${fmt(percentile(times, 0.9))}  p99 ${fmt(percentile(times, 0.99))}  p99.9 ${fmt(percentile(times, 0.999))}  max ${fmt(times.at(-1) ?? 0)}`);
  const over = (ms: number) => samples.filter((s) => s.ms > ms).length;
  console.log(`over 2 ms: ${over(2)}   over 5 ms: ${over(5)}   over 10 ms: ${over(10)}   time in questions over 2 ms: ${((samples.filter((s) => s.ms > 2).reduce((a, s) => a + s.ms, 0) / sum) * 100).toFixed(1)}%`);
  console.log('\nby shape:                 n     mean      p50      p99      max   share of time');
  const shapes = new Map<string, number[]>();
  for (const s of samples) shapes.set(s.shape, [...(shapes.get(s.shape) ?? []), s.ms]);
  for (const [shape, list] of [...shapes].sort((a, b) => a[0].localeCompare(b[0]))) {
    const sorted = [...list].sort((a, b) => a - b);
    const total = sorted.reduce((a, b) => a + b, 0);
    console.log(`  ${shape.padEnd(20)} ${String(sorted.length).padStart(5)} ${fmt(total / sorted.length)} ${fmt(percentile(sorted, 0.5))} ${fmt(percentile(sorted, 0.99))} ${fmt(sorted.at(-1) ?? 0)}   ${((total / sum) * 100).toFixed(1)}%`);
  }
  console.log('\nslowest:');
  for (const s of [...samples].sort((a, b) => b.ms - a.ms).slice(0, Number(values.slowest))) {
    console.log(`  ${fmt(s.ms)} ms  ${s.shape.padEnd(18)} total ${String(s.total).padStart(4)}  ${JSON.stringify(s.q.length > 140 ? `${s.q.slice(0, 140)}…` : s.q)}`);
  }
  if (values.dump) {
    for (const j of loadQueries()) {
      const page = await ctx.kb.search({ query: j.q, version: j.version, first: 10 });
      answers.push({ id: j.id, q: j.q, version: j.version, total: page.totalCount, didYouMean: page.didYouMean, hits: page.items.map(({ node: h }) => [h.key, h.version, h.score, h.highlights]) });
    }
    // Other paths of the ranking: a version filter, the second page.
    const versions = ['1.25', '1.12', '1.4', '1.0', '0.8'];
    for (let i = 0; i < measured.length; i += 10) {
      const q = measured[i] ?? '';
      const version = versions[(i / 10) % versions.length] ?? null;
      const inVersion = await ctx.kb.search({ query: q, version, first: 5 });
      const first = await ctx.kb.search({ query: q, first: 3 });
      const next = await ctx.kb.search({ query: q, first: 3, after: first.endCursor });
      for (const [what, page] of [[`@${version}`, inVersion], ['page 2', next]] as const) {
        answers.push({ q, what, total: page.totalCount, hasNext: page.hasNextPage, hits: page.items.map(({ node: h }) => [h.key, h.version, h.score, h.highlights]) });
      }
    }
    writeFileSync(values.dump, answers.map((a) => JSON.stringify(a)).join('\n') + '\n');
    console.log(`\n${answers.length} answers written to ${values.dump}`);
  }
} finally {
  await ctx.close();
}
