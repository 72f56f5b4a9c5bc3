// Search under load (benchmark, not a timed test): autocannon on loopback at 20 connections over the
// full corpus. Two scenarios, each compared with its floor measured in the same run:
//
//   unique     every request a different question (bench/query-stream.ts: words of real operator
//              questions, pasted error lines with other values, identifiers), as a chatbot sends
//              them, so no answer cache can hit. REST and GraphQL against the naive FTS5 floor: a
//              plain `MATCH 'w1 OR w2 …' ORDER BY bm25 LIMIT 5` over the same stream, in-process on
//              the same database, one query after the other.
//              Targets: REST and GraphQL >= 0.5x the floor's queries/s, p99 < 25 ms, no errors.
//              Also measured in-process, one query after the other like the floor: the service's
//              search (KnowledgeBase.search, no transport), after a warm-up of other distinct questions,
//              GraphQL with each question written into the operation's text (a new document every
//              time, as curl and hand-written tools send it), and REST passages (what a chatbot cites):
//              diagnostics of the first run, no targets.
//   repeated   the judged queries cycled by every connection (answer caches hit): REST against a bare
//              node:http server returning a fixed body of the REST answer's size, GraphQL against
//              Apollo on Fastify returning a fixed answer of the same shape.
//              Targets: REST >= 0.5x bare, GraphQL >= 0.8x fixed Apollo, p99 < 25 ms, no errors.
//
//   transport  (diagnostic, not in `all`) the unique stream against the real server stack whose search
//              answers a fixed page: what the transport costs per request when no answer cache hits;
//              GraphQL both as clients libraries send it (the question a variable, one document) and
//              inlined into the text (a new document to parse and validate every time).
//
// Run: npm run bench:search -- [--scenario unique|repeated|transport|all] [--duration 10] [--connections 20] [--db FILE]
//      [--runs N]   (the unique scenario N times, each against its own floor: one run's p99 on a busy
//                    2-core machine moves by half between runs; the targets must hold in every run)
//      [--cpu-prof DIR]   (writes a V8 CPU profile of the server process to DIR: where a request's time goes)
//      [--server-flags="--trace-gc ..."]   (more node flags for the server process)
// Each run also reports the server's main event loop: how busy it was and how late a 1 ms timer ran
// (p99, max): a stall there (a long task, a GC pause, no free core) delays every connection at once,
// and the CPU per request of the server's threads (main, the busiest other: the search thread) and of
// the load generator: on a 2-core machine their sum is what bounds the requests/s and so the latency.
// The servers run in a child process (bench/search-servers.ts) so they do not share the load
// generator's event loop; both still share the machine's cores, so compare ratios within one run.
import { fork } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon, { type Request, type Result } from 'autocannon';
import { openEvalContext } from '../eval/harness.ts';
import { CORPUS_DIR, EVAL_DB } from '../eval/paths.ts';
import { loadQueries } from '../eval/queries.ts';
import { openSqlite } from '../src/db/sqlite.ts';
import { quote } from '../src/repositories/search/fts-match.ts';
import { words } from '../src/search/text.ts';
import { QueryStream, querySources } from './query-stream.ts';

const GRAPHQL_SEARCH = 'query($q: String!) { search(query: $q, first: 5) { totalCount didYouMean edges { score highlights node { id key version title url } } } }';
const TARGETS = { restRatio: 0.5, graphqlRatio: 0.8, uniqueRatio: 0.5, p99Ms: 25 } as const;

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: EVAL_DB },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '20' },
    scenario: { type: 'string', default: 'all' },
    'cpu-prof': { type: 'string' },
    'server-flags': { type: 'string', default: '' },
    runs: { type: 'string', default: '1' },
  },
});
const duration = Math.min(60, Math.max(1, Number(values.duration)));
const connections = Math.min(200, Math.max(1, Number(values.connections)));
const scenario = values.scenario;
const runs = Math.min(20, Math.max(1, Math.floor(Number(values.runs)) || 1));
if (!['unique', 'repeated', 'transport', 'all'].includes(scenario)) throw new Error(`--scenario must be unique, repeated, transport or all, not ${scenario}`);

interface Ports {
  stack: number;
  rest: number;
  bare: number;
  apollo: number;
  restBytes: number;
  graphqlBytes: number;
}

// Make sure the corpus is in the database before the servers start (not part of any measurement).
const setup = await openEvalContext(values.db, CORPUS_DIR, { log: (s) => console.log(s) });
await setup.close();

const here = path.dirname(fileURLToPath(import.meta.url));
const profile = values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(values['cpu-prof'])}`] : [];
profile.push(...values['server-flags'].split(/\s+/).filter((f) => f !== ''));
// NODE_ENV=production as the Dockerfile sets it: graphql-js (read from process.env at load) then skips its
// development-mode checks, as it does in production. Only tsx's ESM loader (tsx/esm) runs the sources:
// production runs the build without tsx, and tsx's CommonJS hook would put its own resolver on every
// require() a dependency makes at run time (Apollo's hashing requires node:crypto per operation).
const child = fork(path.join(here, 'search-servers.ts'), [values.db], {
  execArgv: ['--import', 'tsx/esm', ...profile],
  env: { ...process.env, NODE_ENV: 'production' },
  stdio: 'inherit',
});
const ports = await new Promise<Ports>((resolve, reject) => {
  child.once('message', (m) => resolve(m as Ports));
  child.once('exit', (code) => reject(new Error(`server process exited with ${code}`)));
});

function restRequest(q: string): Request {
  return { method: 'GET', path: `/api/v1/search?q=${encodeURIComponent(q)}&limit=5` };
}

/** What a chatbot asks for its citations: the best passages of the question. */
function passagesRequest(q: string): Request {
  return { method: 'GET', path: `/api/v1/passages?q=${encodeURIComponent(q)}&limit=5` };
}

function graphqlRequest(q: string): Request {
  return { method: 'POST', path: '/graphql', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: GRAPHQL_SEARCH, variables: { q } }) };
}

/** The question written into the operation's text, as curl users and some tools send it (a new document every time). */
function graphqlInlinedRequest(q: string): Request {
  const query = GRAPHQL_SEARCH.replace('query($q: String!) ', '').replace('$q', JSON.stringify(q));
  return { method: 'POST', path: '/graphql', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) };
}

function report(name: string, rps: number, p50: number, p99: number, extra = ''): void {
  console.log(`${name.padEnd(28)} ${rps.toFixed(0).padStart(7)} req/s   p50 ${p50.toFixed(2).padStart(6)} ms   p99 ${p99.toFixed(2).padStart(6)} ms   ${extra}`);
}

/**
 * CPU seconds the server process has used, its main thread's (the event loop: HTTP, GraphQL and, unless
 * SEARCH_THREADS moves it, the search) and each other thread's: the search thread, V8's garbage
 * collection helpers, libuv's pool (Linux /proc; null elsewhere). Per request they tell what a request
 * costs the server even when other work on the machine slows the wall clock.
 */
function serverCpuSeconds(): { all: number; main: number; mainSystem: number; threads: Map<string, number> } | null {
  // utime and stime, in USER_HZ (100/s)
  const ticks = (file: string) => readFileSync(file, 'utf8').replace(/^.*\) /s, '').split(' ').slice(11, 13).map((t) => Number(t) / 100) as [number, number];
  try {
    const [user, system] = ticks(`/proc/${child.pid}/stat`);
    const [mainUser, mainSystem] = ticks(`/proc/${child.pid}/task/${child.pid}/stat`);
    const threads = new Map<string, number>();
    for (const tid of readdirSync(`/proc/${child.pid}/task`)) {
      if (tid === String(child.pid)) continue;
      try {
        const [u, s] = ticks(`/proc/${child.pid}/task/${tid}/stat`);
        threads.set(tid, u + s);
      } catch {
        // the thread ended meanwhile
      }
    }
    return { all: user + system, main: mainUser + mainSystem, mainSystem, threads };
  } catch {
    return null;
  }
}

/** The CPU seconds of the thread (other than the main one) that used the most between two readings: the search thread. */
function busiestThread(before: ReadonlyMap<string, number>, after: ReadonlyMap<string, number>): number {
  let most = 0;
  for (const [tid, seconds] of after) most = Math.max(most, seconds - (before.get(tid) ?? 0));
  return most;
}

interface LoopStats {
  readonly busy: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** The server's main event loop since the last mark (bench/search-servers.ts): busy share and timer lateness. */
function markLoop(): Promise<LoopStats> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve((m as { loop: LoopStats }).loop));
    child.send('mark');
  });
}

async function run(name: string, port: number, requests: Request[], warmup: Request[] = requests): Promise<Result> {
  const url = `http://127.0.0.1:${port}`;
  await autocannon({ url, connections, duration: 2, requests: warmup }); // warm-up: JIT, per-generation statistics
  await markLoop();
  const cpu = serverCpuSeconds();
  // The load generator (autocannon, this process) shares the machine's cores with the server.
  const client = process.cpuUsage();
  const result = await autocannon({ url, connections, duration, requests });
  const after = serverCpuSeconds() ?? cpu;
  const clientCpu = process.cpuUsage(client);
  const loop = await markLoop();
  const ms = (seconds: number) => ((seconds * 1000) / result.requests.total).toFixed(2);
  const perRequest =
    cpu === null || after === null || result.requests.total === 0
      ? ''
      : `   server CPU ${ms(after.all - cpu.all)} ms/req (main thread ${ms(after.main - cpu.main)}, busiest other thread ${ms(busiestThread(cpu.threads, after.threads))}, main system ${ms(after.mainSystem - cpu.mainSystem)})`;
  const loadGenerator = result.requests.total === 0 ? '' : `   load generator CPU ${ms((clientCpu.user + clientCpu.system) / 1e6)} ms/req`;
  const mainLoop = `   main loop busy ${(loop.busy * 100).toFixed(0)}%, timer delay p99 ${loop.p99.toFixed(1)} ms (max ${loop.max.toFixed(1)})`;
  report(name, result.requests.average, result.latency.p50, result.latency.p99, `errors ${result.errors + result.timeouts}   non-2xx ${result.non2xx}${perRequest}${loadGenerator}${mainLoop}`);
  return result;
}

/** One request that sends the next question of `queries` every time (never the same one twice). */
function eachDifferent(queries: readonly string[], stream: QueryStream, build: (q: string) => Request): Request[] {
  let next = 0;
  return [{ setupRequest: (req) => ({ ...req, ...build(queries[next++] ?? stream.take(1)[0] ?? `question ${next}`) }) }];
}

interface Outcome {
  readonly ok: boolean;
  readonly lines: string[];
}

interface Loop {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly count: number;
}

/** Runs `one` over the questions, one after the other, for `duration` seconds. */
async function loop(queries: readonly string[], one: (q: string) => unknown): Promise<Loop> {
  const times: number[] = [];
  const started = performance.now();
  let i = 0;
  while (performance.now() - started < duration * 1000 && i < queries.length) {
    const t = performance.now();
    await one(queries[i++] ?? '');
    times.push(performance.now() - t);
  }
  const elapsed = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  return { rps: times.length / elapsed, p50: times[times.length >> 1] ?? 0, p99: times[Math.floor(times.length * 0.99)] ?? 0, count: times.length };
}

/** The naive FTS5 floor: one bm25 query per question, in-process. */
async function naiveFloor(queries: readonly string[]): Promise<Loop> {
  const db = openSqlite(values.db, { readonly: true });
  try {
    const stmt = db.prepare<[string], unknown>('SELECT rowid, bm25(entry_fts) FROM entry_fts WHERE entry_fts MATCH ? ORDER BY rank LIMIT 5');
    return await loop(queries, (q) => {
      const terms = [...new Set(words(q))].slice(0, 64);
      return terms.length > 0 ? stmt.all(terms.map(quote).join(' OR ')) : [];
    });
  } finally {
    db.close();
  }
}

/** The service's own search, in-process (no transport), after a warm-up of other distinct questions. */
async function serviceInProcess(warmup: readonly string[], queries: readonly string[]): Promise<Loop> {
  const ctx = await openEvalContext(values.db, CORPUS_DIR);
  try {
    // As the transports do: the served hits' highlights are read (they are built when read).
    const search = async (q: string) => {
      const page = await ctx.kb.search({ query: q, first: 5 });
      let chars = 0;
      for (const { node } of page.items) chars += node.highlights[0]?.length ?? 0;
      return chars;
    };
    for (const q of warmup) await search(q);
    return await loop(queries, search);
  } finally {
    await ctx.close();
  }
}

interface UniqueOutcome extends Outcome {
  readonly p99: number;
}

/** `first`: also the service's search in-process (a diagnostic, measured once). */
async function unique(first = true): Promise<UniqueOutcome> {
  const db = openSqlite(values.db, { readonly: true });
  const stream = new QueryStream(querySources(loadQueries(), db));
  db.close();
  // Separate questions for every phase: nothing measured was asked before (no answer cache can hit).
  const perRun = Math.ceil(duration * 6000);
  const floorQueries = stream.take(perRun);
  const floor = await naiveFloor(floorQueries);
  report('naive FTS5 floor (in-proc)', floor.rps, floor.p50, floor.p99, `${floor.count} distinct questions`);
  const rest = await run('REST, unique questions', ports.rest, eachDifferent(stream.take(perRun), stream, restRequest), eachDifferent(stream.take(perRun / 3), stream, restRequest));
  const graphql = await run('GraphQL, unique questions', ports.rest, eachDifferent(stream.take(perRun), stream, graphqlRequest), eachDifferent(stream.take(perRun / 3), stream, graphqlRequest));
  // Diagnostic, measured once: clients that write the question into the operation's text (curl,
  // hand-written tools) send a new document every time.
  const inlined = first
    ? await run('GraphQL inlined (diagnostic)', ports.rest, eachDifferent(stream.take(perRun), stream, graphqlInlinedRequest), eachDifferent(stream.take(perRun / 3), stream, graphqlInlinedRequest))
    : null;
  // Diagnostic, measured once: a chatbot's citations (REST passages), every question different.
  const passages = first
    ? await run('REST passages (diagnostic)', ports.rest, eachDifferent(stream.take(perRun), stream, passagesRequest), eachDifferent(stream.take(perRun / 3), stream, passagesRequest))
    : null;
  // Last: the in-process search loads a knowledge base into this process, the load generator's. Its
  // collection (a 45 ms mark-compact measured, and longer scavenges) paused the reading of every
  // connection's answer when REST followed it, and was counted as the server's latency. The next run's
  // floor, in-process too, comes before any run that has a target.
  const inProcess = first ? await serviceInProcess(stream.take(2000), floorQueries) : null;
  if (inProcess) report('service search (in-proc)', inProcess.rps, inProcess.p50, inProcess.p99, `${inProcess.count} distinct questions`);
  const restRatio = rest.requests.average / floor.rps;
  const graphqlRatio = graphql.requests.average / floor.rps;
  const failures = [rest, graphql].reduce((n, r) => n + r.errors + r.timeouts + r.non2xx, 0);
  const worstP99 = Math.max(rest.latency.p99, graphql.latency.p99);
  const ok = restRatio >= TARGETS.uniqueRatio && graphqlRatio >= TARGETS.uniqueRatio && worstP99 < TARGETS.p99Ms && failures === 0;
  return {
    ok,
    p99: worstP99,
    lines: [
      ...(inProcess ? [`unique in-process search / naive floor  ${(inProcess.rps / floor.rps).toFixed(2)}x  (diagnostic)`] : []),
      ...(inlined ? [`unique GraphQL inlined / naive floor  ${(inlined.requests.average / floor.rps).toFixed(2)}x, p99 ${inlined.latency.p99} ms  (diagnostic)`] : []),
      ...(passages ? [`unique REST passages / naive floor  ${(passages.requests.average / floor.rps).toFixed(2)}x, p99 ${passages.latency.p99} ms  (diagnostic)`] : []),
      `unique REST / naive floor     ${restRatio.toFixed(2)}x  (target >= ${TARGETS.uniqueRatio})`,
      `unique GraphQL / naive floor  ${graphqlRatio.toFixed(2)}x  (target >= ${TARGETS.uniqueRatio})`,
      `unique worst p99 ${worstP99} ms  (target < ${TARGETS.p99Ms}); errors ${failures}`,
    ],
  };
}

/** The transport alone: distinct questions (no answer cache hits), the search replaced by a fixed page. */
async function transport(): Promise<Outcome> {
  const db = openSqlite(values.db, { readonly: true });
  const stream = new QueryStream(querySources(loadQueries(), db));
  db.close();
  const perRun = Math.ceil(duration * 12000);
  console.log('diagnostics: the real server stack with the search replaced by a fixed page, every question different');
  await run('stack: REST, unique', ports.stack, eachDifferent(stream.take(perRun), stream, restRequest), eachDifferent(stream.take(perRun / 3), stream, restRequest));
  await run('stack: GraphQL, unique', ports.stack, eachDifferent(stream.take(perRun), stream, graphqlRequest), eachDifferent(stream.take(perRun / 3), stream, graphqlRequest));
  await run('stack: GraphQL inlined, unique', ports.stack, eachDifferent(stream.take(perRun), stream, graphqlInlinedRequest), eachDifferent(stream.take(perRun / 3), stream, graphqlInlinedRequest));
  return { ok: true, lines: [] };
}

async function repeated(): Promise<Outcome> {
  // A mix of judged queries (operator phrasing, pasted errors, typos), cycled by every connection.
  const texts = loadQueries()
    .filter((q) => q.version === null)
    .slice(0, 40)
    .map((q) => q.q);
  const restRequests = texts.map(restRequest);
  const graphqlRequests = texts.map(graphqlRequest);
  const rest = await run('REST, repeated questions', ports.rest, restRequests);
  const bare = await run('bare node:http (fixed)', ports.bare, [{ method: 'GET', path: '/' }]);
  const graphql = await run('GraphQL, repeated questions', ports.rest, graphqlRequests);
  const apollo = await run('Apollo fixed answer', ports.apollo, graphqlRequests);
  console.log('diagnostics: the real server stack (plugins, hooks, resolvers) with the search replaced by a fixed page');
  const stackRest = await run('stack: REST, fixed page', ports.stack, restRequests);
  const stackGraphql = await run('stack: GraphQL, fixed', ports.stack, graphqlRequests);
  const restRatio = rest.requests.average / bare.requests.average;
  const graphqlRatio = graphql.requests.average / apollo.requests.average;
  const failures = [rest, bare, graphql, apollo].reduce((n, r) => n + r.errors + r.timeouts + r.non2xx, 0);
  const worstP99 = Math.max(rest.latency.p99, graphql.latency.p99);
  const ok = restRatio >= TARGETS.restRatio && graphqlRatio >= TARGETS.graphqlRatio && worstP99 < TARGETS.p99Ms && failures === 0;
  return {
    ok,
    lines: [
      `repeated REST / bare          ${restRatio.toFixed(2)}x  (target >= ${TARGETS.restRatio})`,
      `repeated GraphQL / Apollo     ${graphqlRatio.toFixed(2)}x  (target >= ${TARGETS.graphqlRatio})`,
      `REST / same stack with a fixed page     ${(rest.requests.average / stackRest.requests.average).toFixed(2)}x`,
      `GraphQL / same stack with a fixed page  ${(graphql.requests.average / stackGraphql.requests.average).toFixed(2)}x`,
      `repeated worst p99 ${worstP99} ms  (target < ${TARGETS.p99Ms}); errors ${failures}`,
    ],
  };
}

try {
  console.log(`\n${connections} connections, ${duration} s per run; REST answer ${ports.restBytes} B, GraphQL answer ${ports.graphqlBytes} B\n`);
  const outcomes: Outcome[] = [];
  if (scenario === 'unique' || scenario === 'all') {
    const each: UniqueOutcome[] = [];
    for (let run = 0; run < runs; run++) {
      if (runs > 1) console.log(`unique, run ${run + 1} of ${runs}`);
      each.push(await unique(run === 0));
    }
    outcomes.push(...each.map((o, run) => ({ ...o, lines: runs > 1 ? o.lines.map((l) => `run ${run + 1}: ${l}`) : o.lines })));
    if (runs > 1) {
      const p99s = each.map((o) => o.p99).sort((a, b) => a - b);
      outcomes.push({ ok: true, lines: [`unique worst p99 per run: ${p99s.join(', ')} ms (median ${p99s[p99s.length >> 1]}); the target holds only if it holds in every run`] });
    }
  }
  if (scenario === 'transport') outcomes.push(await transport());
  else if (scenario !== 'unique') outcomes.push(await repeated());
  console.log('');
  for (const o of outcomes) for (const line of o.lines) console.log(line);
  const ok = outcomes.every((o) => o.ok);
  console.log(`targets: ${ok ? 'met' : 'NOT met'}`);
} finally {
  child.disconnect();
}
