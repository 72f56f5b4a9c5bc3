// MCP over HTTP against a started server on a loopback port, with the SDK's stock clients: Streamable
// HTTP in the 2025 handshake era and the 2026-07-28 per-request era, and the deprecated 2024-11-05
// HTTP+SSE transport (GET /mcp and GET /sse).
import { Client, SSEClientTransport, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { FIXTURE_PAGES, textOf } from './support.ts';

let t: TestApp;
let base: string;

beforeAll(async () => {
  t = await startTestApp({ sources: FIXTURE_PAGES, env: { RATE_LIMIT_MAX: '0' } });
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => t?.close());

async function exercise(client: Client): Promise<void> {
  const tools = await client.listTools();
  expect(tools.tools.map((x) => x.name).sort()).toEqual(['diagnose_manifests', 'get_guideline', 'list_versions', 'search_guidelines']);
  const search = await client.callTool({ name: 'search_guidelines', arguments: { query: '503 errors after setting destination rule', version: '1.0', limit: 2 } });
  expect(search.isError).toBeFalsy();
  expect(textOf(search)).toContain('https://istio.io/v1.0/help/ops/traffic-management/deploy-guidelines/#503-errors-after-setting-destination-rule');
  const missing = await client.callTool({ name: 'get_guideline', arguments: { slug: 'no-such-guideline' } });
  expect(missing.isError).toBe(true);
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
