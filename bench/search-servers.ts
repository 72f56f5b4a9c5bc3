// Child process of bench/search-load.ts: starts, on loopback ports, the four servers the load test
// compares, so the load generator (the parent) does not share their event loop:
//   rest / graphql   the real service over the full corpus;
//   bare             node:http answering a fixed JSON body: the REST answer of the sample query;
//   apollo           Apollo on Fastify with the real schema, whose search resolver returns a fixed
//                    answer of the real shape (the sample query's data.search);
//   stack            the real server (same plugins and resolvers) whose knowledge base answers every
//                    search with the sample query's fixed page: what the search itself costs.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay, performance, type EventLoopUtilization } from 'node:perf_hooks';
import { ApolloServer } from '@apollo/server';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import Fastify, { type FastifyInstance } from 'fastify';
import { openEvalContext } from '../eval/harness.ts';
import { typeDefs } from '../src/graphql/server.ts';
import { buildServer } from '../src/server.ts';

const GRAPHQL_SEARCH = 'query($q: String!) { search(query: $q, first: 5) { totalCount didYouMean edges { score highlights node { id key version title url } } } }';

const databaseFile = process.argv[2];
const sampleQuery = process.argv[3] ?? '503 after I created a destination rule';
if (!databaseFile) throw new Error('usage: search-servers.ts <database file> [sample query]');

function portOf(app: FastifyInstance): number {
  return (app.server.address() as AddressInfo).port;
}

// One loopback client would hit the per-client rate limit at once; the benchmark measures the service.
// Configured as production is (NODE_ENV=production, set by the parent as the Dockerfile does).
// SEARCH_THREADS from the bench's environment; unset (empty), the server's own default, as `npm start` has it.
const ctx = await openEvalContext(databaseFile, '', { env: { RATE_LIMIT_MAX: '0', NODE_ENV: 'production', SEARCH_THREADS: process.env['SEARCH_THREADS'] ?? '' } });
const real = await buildServer(ctx, { logger: false });
await real.listen({ host: '127.0.0.1', port: 0 });

const restSample = await real.inject({ method: 'GET', url: `/api/v1/search?q=${encodeURIComponent(sampleQuery)}&limit=5` });
const restBody = restSample.body;
const gqlSample = await real.inject({
  method: 'POST',
  url: '/graphql',
  headers: { 'content-type': 'application/json' },
  payload: JSON.stringify({ query: GRAPHQL_SEARCH, variables: { q: sampleQuery } }),
});
const fixedSearch = (JSON.parse(gqlSample.body) as { data: { search: unknown } }).data.search;

const bare = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(restBody) });
  res.end(restBody);
});
await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));

const fixedApp = Fastify({ logger: false });
const apollo = new ApolloServer({
  typeDefs,
  resolvers: { Query: { search: () => fixedSearch } },
  csrfPrevention: true,
  plugins: [fastifyApolloDrainPlugin(fixedApp)],
});
await apollo.start();
await fixedApp.register(fastifyApollo(apollo), { path: '/graphql', method: ['GET', 'POST', 'OPTIONS'] });
await fixedApp.listen({ host: '127.0.0.1', port: 0 });

// The real server stack with the search replaced by a fixed page (diagnostic ceiling).
const fixedPage = await ctx.kb.search({ query: sampleQuery, first: 5 });
const stubKb = Object.assign(Object.create(ctx.kb) as typeof ctx.kb, { search: async () => fixedPage });
const stack = await buildServer({ ...ctx, kb: stubKb }, { logger: false });
await stack.listen({ host: '127.0.0.1', port: 0 });

process.send?.({
  stack: portOf(stack),
  rest: portOf(real),
  bare: (bare.address() as AddressInfo).port,
  apollo: portOf(fixedApp),
  restBytes: Buffer.byteLength(restBody),
  graphqlBytes: Buffer.byteLength(gqlSample.body),
});

// The main thread's event loop between two marks of the parent (around each measured run): how busy it
// was, and how late its timers ran (a stall there holds every connection's answer: a long task, a GC pause,
// or the thread waiting for a core).
const delay = monitorEventLoopDelay({ resolution: 1 });
delay.enable();
let elu: EventLoopUtilization = performance.eventLoopUtilization();
process.on('message', (m) => {
  if (m !== 'mark') return;
  const busy = performance.eventLoopUtilization(elu).utilization;
  const ms = (ns: number) => ns / 1e6;
  process.send?.({ loop: { busy, p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) } });
  delay.reset();
  elu = performance.eventLoopUtilization();
});

process.on('disconnect', () => {
  void Promise.allSettled([real.close(), stack.close(), fixedApp.close(), new Promise((r) => bare.close(r))]).then(() => ctx.close()).finally(() => process.exit(0));
});
