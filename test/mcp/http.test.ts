// MCP over HTTP against a started server on a loopback port, with stock clients of both SDK lines:
// Streamable HTTP in the 2025 handshake era (SDK 1.x and 2.x) and the 2026-07-28 per-request era
// (SDK 2.x), and the deprecated 2024-11-05 HTTP+SSE transport (GET /mcp and GET /sse). Also the
// service's limits around it: rate limit, DNS-rebinding protection, metrics, the off switch.
import { Client, SSEClientTransport, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport as SSEClientTransportV1 } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport as StreamableHTTPClientTransportV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { FIXTURE_PAGES, textOf } from './support.ts';

let t: TestApp;
let base: string;

beforeAll(async () => {
  t = await startTestApp({ sources: FIXTURE_PAGES, env: { RATE_LIMIT_MAX: '0', DIAGNOSE_MAX_BYTES: '4096' } });
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => t?.close());

interface AnyClient {
  listTools(): Promise<{ tools: { name: string }[] }>;
  callTool(params: { name: string; arguments: Record<string, unknown> }): Promise<object>;
}

async function exercise(client: AnyClient): Promise<void> {
  const tools = await client.listTools();
  expect(tools.tools.map((x) => x.name).sort()).toEqual(['diagnose_manifests', 'get_guideline', 'list_versions', 'search_guidelines']);
  const search = await client.callTool({ name: 'search_guidelines', arguments: { query: 'envoy crashing under load', version: '0.8', limit: 2 } });
  expect((search as { isError?: boolean }).isError).toBeFalsy();
  expect(textOf(search)).toContain('https://istio.io/v0.8/help/troubleshooting/#envoy-is-crashing-under-load');
  const missing = await client.callTool({ name: 'get_guideline', arguments: { slug: 'no-such-guideline' } });
  expect((missing as { isError?: boolean }).isError).toBe(true);
  expect(textOf(missing)).toBe('No entry "no-such-guideline".');
}

describe('Streamable HTTP at /mcp', () => {
  it('serves a 2025-era client (initialize handshake, stateless)', async () => {
    const client = new Client({ name: 'stock-2025', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`)));
    expect(client.getServerVersion()?.name).toBe('istio-kb');
    await exercise(client);
    await client.close();
  });

  it('serves a 2026-07-28 client (per-request envelope)', async () => {
    const client = new Client({ name: 'stock-2026', version: '1.0.0' }, { versionNegotiation: { mode: 'auto' } });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`)));
    await exercise(client);
    await client.close();
  });
});

describe('stock SDK 1.x client', () => {
  it('serves it over Streamable HTTP', async () => {
    const client = new ClientV1({ name: 'stock-v1', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransportV1(new URL(`${base}/mcp`)));
    await exercise(client);
    await client.close();
  });

  it('serves it over the deprecated SSE transport at the same URL', async () => {
    const client = new ClientV1({ name: 'stock-v1-sse', version: '1.0.0' });
    await client.connect(new SSEClientTransportV1(new URL(`${base}/mcp`)));
    await exercise(client);
    await client.close();
  });
});

describe('deprecated HTTP+SSE (2024-11-05)', () => {
  for (const path of ['/sse', '/mcp']) {
    it(`serves an SSE client at GET ${path}`, async () => {
      const client = new Client({ name: 'stock-sse', version: '1.0.0' });
      await client.connect(new SSEClientTransport(new URL(`${base}${path}`)));
      await exercise(client);
      await client.close();
    });
  }

  it('refuses a POST for an unknown session with a problem document', async () => {
    const res = await fetch(`${base}/mcp/messages?sessionId=nope`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"jsonrpc":"2.0","method":"ping","id":1}' });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/No MCP SSE session "nope"/);
  });
});

describe('limits and settings', () => {
  const initialize = (url: string, headers: Record<string, string> = {}) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } } }),
    });

  it('refuses other Host names and cross-site origins (DNS rebinding) on a loopback server', async () => {
    expect((await initialize(`${base}/mcp`)).status).toBe(200);
    expect((await initialize(`${base}/mcp`, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await initialize(`${base}/mcp`, { origin: 'http://localhost:5173' })).status).toBe(200);
    const port = new URL(base).port;
    const rebound = await new Promise<number>((resolve, reject) => {
      // fetch() cannot override Host; a raw request can.
      import('node:http').then(({ request }) => {
        const req = request({ host: '127.0.0.1', port, path: '/mcp', method: 'POST', headers: { host: `evil.example:${port}`, 'content-type': 'application/json' } }, (res) => resolve(res.statusCode ?? 0));
        req.on('error', reject);
        req.end('{}');
      }, reject);
    });
    expect(rebound).toBe(403);
  });

  it('answers manifests over DIAGNOSE_MAX_BYTES with a tool error carrying the limit, as REST does', async () => {
    const client = new Client({ name: 'stock-2025', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`)));
    const manifests = `apiVersion: v1\nkind: Service\nmetadata: {name: a}\n# ${'x'.repeat(6000)}\n`;
    const r = await client.callTool({ name: 'diagnose_manifests', arguments: { manifests } });
    await client.close();
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/^Manifests are too large: more than 4096 bytes/);
    const rest = await fetch(`${base}/api/v1/diagnose`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ manifests }) });
    expect(rest.status).toBe(413);
    expect(((await rest.json()) as { detail: string }).detail).toBe(textOf(r));
  });

  it('counts MCP tool calls in /metrics', async () => {
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/istio_kb_mcp_tool_calls_total\{tool="search_guidelines",transport="http",outcome="ok"\} [1-9]/);
    expect(metrics).toMatch(/istio_kb_mcp_tool_calls_total\{tool="get_guideline",transport="sse",outcome="error"\} [1-9]/);
    expect(metrics).toMatch(/istio_kb_http_requests_total\{method="POST",route="\/mcp",status="200"\} [1-9]/);
  });

  it('rate limits /mcp like every route', async () => {
    const limited = await startTestApp({ sources: [FIXTURE_PAGES[0]!], env: { RATE_LIMIT_MAX: '2' } });
    try {
      const url = `${await limited.app.listen({ host: '127.0.0.1', port: 0 })}/mcp`;
      expect((await initialize(url)).status).toBe(200);
      expect((await initialize(url)).status).toBe(200);
      const third = await initialize(url);
      expect(third.status).toBe(429);
      expect(third.headers.get('retry-after')).toBeTruthy();
    } finally {
      await limited.close();
    }
  });

  it('says the knowledge base is not ready instead of answering from an empty one; diagnose still works', async () => {
    const empty = await startTestApp({ seed: false });
    try {
      const client = new Client({ name: 'early', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(`${await empty.app.listen({ host: '127.0.0.1', port: 0 })}/mcp`)));
      const search = await client.callTool({ name: 'search_guidelines', arguments: { query: 'envoy' } });
      expect(search.isError).toBe(true);
      expect(textOf(search)).toMatch(/holds no guideline yet/);
      const diagnose = await client.callTool({ name: 'diagnose_manifests', arguments: { manifests: 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  ports: [{name: web, port: 80}]\n' } });
      expect(diagnose.isError).toBeFalsy();
      await client.close();
    } finally {
      await empty.close();
    }
  });

  it('shuts down promptly with open SSE sessions (SIGTERM drains, it does not wait for streams)', async () => {
    const app = await startTestApp({ sources: [FIXTURE_PAGES[0]!] });
    const url = await app.app.listen({ host: '127.0.0.1', port: 0 });
    const client = new Client({ name: 'long-lived', version: '1.0.0' });
    await client.connect(new SSEClientTransport(new URL(`${url}/sse`)));
    const started = Date.now();
    await app.close();
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('MCP_ENABLED=false turns /mcp and the SSE endpoints off', async () => {
    const off = await startTestApp({ sources: [FIXTURE_PAGES[0]!], env: { MCP_ENABLED: 'false' } });
    try {
      expect((await off.http.post('/mcp').send({})).status).toBe(404);
      expect((await off.http.get('/sse')).status).toBe(404);
      expect((await off.http.get('/api/v1/versions')).status).toBe(200);
    } finally {
      await off.close();
    }
  });

  it('refuses SSE sessions over MCP_SSE_MAX_SESSIONS with 503, and lets allowed browser origins call /mcp', async () => {
    const app = await startTestApp({ sources: [FIXTURE_PAGES[0]!], env: { MCP_SSE_MAX_SESSIONS: '0', CORS_ORIGINS: 'https://portal.example' } });
    try {
      const full = await app.http.get('/sse').set('accept', 'text/event-stream');
      expect(full.status).toBe(503);
      expect(full.body.detail).toMatch(/Too many open MCP SSE sessions/);
      const preflight = await app.http
        .options('/mcp')
        .set('origin', 'https://portal.example')
        .set('access-control-request-method', 'POST')
        .set('access-control-request-headers', 'content-type,mcp-protocol-version');
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-headers']).toContain('mcp-protocol-version');
      const ok = await app.http
        .post('/mcp')
        .set('origin', 'https://portal.example')
        .set('accept', 'application/json, text/event-stream')
        .send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 'raw', version: '0' } } });
      expect(ok.status).toBe(200);
      expect(ok.headers['access-control-allow-origin']).toBe('https://portal.example');
      expect((await app.http.post('/mcp').set('origin', 'https://other.example').send({})).status).toBe(403);
    } finally {
      await app.close();
    }
  });

  it('MCP_SSE_ENABLED=false keeps Streamable HTTP and answers GET /mcp with 405', async () => {
    const noSse = await startTestApp({ sources: [FIXTURE_PAGES[0]!], env: { MCP_SSE_ENABLED: 'false' } });
    try {
      expect((await noSse.http.get('/sse')).status).toBe(404);
      expect((await noSse.http.get('/mcp').set('accept', 'text/event-stream')).status).toBe(405);
      const ok = await noSse.http
        .post('/mcp')
        .set('accept', 'application/json, text/event-stream')
        .send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 'raw', version: '0' } } });
      expect(ok.status).toBe(200);
    } finally {
      await noSse.close();
    }
  });
});
