// MCP over HTTP against REST (benchmark, not a timed test): sequential requests on loopback to one
// server, each MCP tool call next to the REST request(s) that answer the same question, median and
// p95 per request. A stateless MCP request builds a server per request (SDK design), so it costs
// more than a cached REST answer; this shows how much.
// Run: npx tsx bench/mcp.ts [--requests 300] [--pages FILE...]  (default pages: test/fixtures/html)
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createAppContext } from '../src/app.ts';
import { loadConfig } from '../src/config/index.ts';
import { buildServer } from '../src/server.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { requests: { type: 'string', default: '300' }, pages: { type: 'string', multiple: true } } });
const N = Math.max(10, Number(values.requests));
const fixtures = path.join(root, 'test/fixtures/html');
const pages = values.pages ?? readdirSync(fixtures).map((f) => path.join(fixtures, f));

const dir = mkdtempSync(path.join(tmpdir(), 'istio-kb-bench-mcp-'));
const ctx = await createAppContext(loadConfig({ DATABASE_URL: `file:${path.join(dir, 'kb.db')}`, LOG_LEVEL: 'silent', RATE_LIMIT_MAX: '0' }));
await ctx.ingest.ingest(pages);
const app = await buildServer(ctx, { logger: false });
const base = await app.listen({ host: '127.0.0.1', port: 0 });

const mcp = (id: number, method: string, params?: object) =>
  fetch(`${base}/mcp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-06-18' },
    body: JSON.stringify({ jsonrpc: '2.0', id, method, ...(params ? { params } : {}) }),
  }).then((r) => r.text());
const rest = (p: string) => fetch(`${base}${p}`).then((r) => r.text());
const tool = (name: string, args: object) => (i: number) => mcp(i, 'tools/call', { name, arguments: args });

async function measure(label: string, fn: (i: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 20; i++) await fn(i);
  const times: number[] = [];
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    await fn(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(2);
  console.log(`${label.padEnd(44)} median ${at(0.5).padStart(7)} ms   p95 ${at(0.95).padStart(7)} ms`);
}

const query = 'envoy crashing under load';
console.log(`${N} sequential requests each, ${pages.length} pages ingested`);
await measure('MCP ping', (i) => mcp(i, 'ping'));
await measure('MCP tools/list', (i) => mcp(i, 'tools/list'));
await measure('MCP list_versions', tool('list_versions', {}));
await measure('REST /api/v1/versions', () => rest('/api/v1/versions'));
await measure('MCP search_guidelines', tool('search_guidelines', { query }));
await measure('REST search + passages', () =>
  Promise.all([rest(`/api/v1/search?q=${encodeURIComponent(query)}&limit=5`), rest(`/api/v1/passages?q=${encodeURIComponent(query)}&limit=5`)]),
);
await measure('MCP get_guideline', tool('get_guideline', { slug: 'envoy-is-crashing-under-load' }));
await measure('REST /api/v1/entries/:slug', () => rest('/api/v1/entries/envoy-is-crashing-under-load'));

await app.close();
await ctx.close();
rmSync(dir, { recursive: true, force: true });
