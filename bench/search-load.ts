// Search under load (benchmark, not a timed test): autocannon on loopback, 10 s per run at 20
// connections, over the full corpus, measuring in the same run
//   REST search, GraphQL search, a bare node:http server returning a fixed body of the REST answer's
//   size (the ceiling for REST), and Apollo on Fastify returning a fixed answer of the same shape
//   (the ceiling for GraphQL).
// Targets: REST >= 0.5x bare, GraphQL >= 0.8x fixed Apollo, p99 < 25 ms, no errors.
// Run: npx tsx bench/search-load.ts [--db FILE] [--duration 10] [--connections 20]
// The servers run in a child process (bench/search-servers.ts) so they do not share the load
// generator's event loop; both still share the machine's cores.
import { fork } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon, { type Result } from 'autocannon';
import { openEvalContext } from '../eval/harness.ts';
import { CORPUS_DIR } from '../eval/paths.ts';
import { loadQueries } from '../eval/queries.ts';

const GRAPHQL_SEARCH = 'query($q: String!) { search(query: $q, first: 5) { totalCount didYouMean edges { score highlights node { id key version title url } } } }';
const TARGETS = { restRatio: 0.5, graphqlRatio: 0.8, p99Ms: 25 } as const;

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: path.join(tmpdir(), 'istio-kb-eval', 'kb.db') },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '20' },
  },
});
const duration = Math.min(60, Math.max(1, Number(values.duration)));
const connections = Math.min(200, Math.max(1, Number(values.connections)));

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
const child = fork(path.join(here, 'search-servers.ts'), [values.db], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
const ports = await new Promise<Ports>((resolve, reject) => {
  child.once('message', (m) => resolve(m as Ports));
  child.once('exit', (code) => reject(new Error(`server process exited with ${code}`)));
});

// A mix of judged queries (operator phrasing, pasted errors, typos), cycled by every connection.
const texts = loadQueries()
  .filter((q) => q.version === null)
  .slice(0, 40)
  .map((q) => q.q);
const restRequests = texts.map((q) => ({ method: 'GET', path: `/api/v1/search?q=${encodeURIComponent(q)}&limit=5` }));
const graphqlRequests = texts.map((q) => ({
  method: 'POST',
  path: '/graphql',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ query: GRAPHQL_SEARCH, variables: { q } }),
}));

async function run(name: string, port: number, requests: { method: string; path: string; headers?: Record<string, string>; body?: string }[]): Promise<Result> {
  const url = `http://127.0.0.1:${port}`;
  await autocannon({ url, connections, duration: 2, requests }); // warm-up: JIT, caches
  const result = await autocannon({ url, connections, duration, requests });
  console.log(
    `${name.padEnd(24)} ${result.requests.average.toFixed(0).padStart(7)} req/s   p50 ${String(result.latency.p50).padStart(3)} ms   p99 ${String(result.latency.p99).padStart(3)} ms   errors ${result.errors + result.timeouts}   non-2xx ${result.non2xx}`,
  );
  return result;
}

try {
  console.log(`\n${connections} connections, ${duration} s per run; REST answer ${ports.restBytes} B, GraphQL answer ${ports.graphqlBytes} B\n`);
  const rest = await run('REST search', ports.rest, restRequests);
  const bare = await run('bare node:http (fixed)', ports.bare, [{ method: 'GET', path: '/' }]);
  const graphql = await run('GraphQL search', ports.rest, graphqlRequests);
  const apollo = await run('Apollo fixed answer', ports.apollo, graphqlRequests);
  console.log('\ndiagnostics: the real server stack (plugins, hooks, resolvers) with the search replaced by a fixed page');
  const stackRest = await run('stack: REST, fixed page', ports.stack, restRequests);
  const stackGraphql = await run('stack: GraphQL, fixed', ports.stack, graphqlRequests);
  const restRatio = rest.requests.average / bare.requests.average;
  const graphqlRatio = graphql.requests.average / apollo.requests.average;
  const failures = [rest, bare, graphql, apollo].reduce((n, r) => n + r.errors + r.timeouts + r.non2xx, 0);
  const worstP99 = Math.max(rest.latency.p99, graphql.latency.p99);
  console.log(`\nREST / bare      ${restRatio.toFixed(2)}x  (target >= ${TARGETS.restRatio})`);
  console.log(`GraphQL / Apollo ${graphqlRatio.toFixed(2)}x  (target >= ${TARGETS.graphqlRatio})`);
  console.log(`REST / same stack with a fixed page     ${(rest.requests.average / stackRest.requests.average).toFixed(2)}x`);
  console.log(`GraphQL / same stack with a fixed page  ${(graphql.requests.average / stackGraphql.requests.average).toFixed(2)}x`);
  console.log(`worst search p99 ${worstP99} ms  (target < ${TARGETS.p99Ms}); errors ${failures}`);
  const ok = restRatio >= TARGETS.restRatio && graphqlRatio >= TARGETS.graphqlRatio && worstP99 < TARGETS.p99Ms && failures === 0;
  console.log(`targets: ${ok ? 'met' : 'NOT met'}`);
} finally {
  child.disconnect();
}
