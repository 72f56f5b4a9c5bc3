// `istio-kb mcp` as a local agent starts it: a spawned process on a temporary knowledge base (filled
// by `istio-kb ingest` with a fixture page), driven by the SDK's stock stdio client; standard output
// carries nothing but JSON-RPC, logs go to standard error, and closing stdin ends the process.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/shared.ts';
import { textOf } from './support.ts';

const BIN = path.join(REPO_ROOT, 'bin/istio-kb.js');
const PAGE = path.join(REPO_ROOT, 'test/fixtures/html/era-c-v1.8-h3.html');
const URL_18 = 'https://istio.io/v1.8/docs/ops/common-problems/network-issues/#envoy-is-crashing-under-load';

const dir = mkdtempSync(path.join(tmpdir(), 'istio-kb-mcp-stdio-'));
// An empty knowledge base would be filled from INGEST_ON_START: the same page keeps that quick.
const env: Record<string, string> = {
  PATH: process.env['PATH'] ?? '',
  HOME: process.env['HOME'] ?? dir,
  DATABASE_URL: `file:${path.join(dir, 'kb.db')}`,
  INGEST_ON_START: PAGE,
  LOG_LEVEL: 'info',
};

beforeAll(() => {
  const r = spawnSync(process.execPath, [BIN, 'ingest', PAGE], { cwd: REPO_ROOT, env, encoding: 'utf8', timeout: 120_000 });
  expect(r.status, r.stderr).toBe(0);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('istio-kb mcp (stdio)', () => {
  it('serves the stock stdio client', async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp'], env, cwd: REPO_ROOT, stderr: 'pipe' });
    const stderr: string[] = [];
    transport.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
    const client = new Client({ name: 'stock-stdio', version: '1.0.0' });
    await client.connect(transport);
    try {
      expect((await client.listTools()).tools).toHaveLength(4);
      const search = await client.callTool({ name: 'search_guidelines', arguments: { query: 'envoy crashing under load', version: '1.8' } });
      expect(textOf(search)).toContain(URL_18);
      const versions = await client.callTool({ name: 'list_versions', arguments: {} });
      expect(textOf(versions)).toMatch(/1\.8 \(latest\)/);
      const missing = await client.callTool({ name: 'get_guideline', arguments: { slug: 'envoy-is-crashing-under-load', version: '1.0' } });
      expect(missing.isError).toBe(true);
      expect(textOf(missing)).toMatch(/^Unknown doc version "1.0"/);
    } finally {
      await client.close();
    }
    const lines = stderr.join('').split('\n').filter(Boolean);
    const operations = lines.map((l) => JSON.parse(l) as { operation?: string }).map((l) => l.operation).filter(Boolean);
    expect(operations).toEqual(['search_guidelines', 'list_versions', 'get_guideline']);
  }, 60_000);

  it('writes only JSON-RPC to stdout and exits 0 when stdin closes', async () => {
    const child = spawn(process.execPath, [BIN, 'mcp'], { cwd: REPO_ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const send = (m: object) => child.stdin.write(`${JSON.stringify(m)}\n`);
    send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2024-11-05', capabilities: {}, clientInfo: { name: 'raw', version: '0' } } });
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'get_guideline', arguments: { slug: 'envoy-is-crashing-under-load' } } });
    await waitFor(() => stdout.includes('"id":2'), 30_000);
    child.stdin.end();
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code, stderr).toBe(0);
    const messages = stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { jsonrpc: string; id?: number; result?: { protocolVersion?: string; structuredContent?: { url: string } } });
    expect(messages.every((m) => m.jsonrpc === '2.0')).toBe(true);
    expect(messages.find((m) => m.id === 1)?.result?.protocolVersion).toBe('2024-11-05');
    expect(messages.find((m) => m.id === 2)?.result?.structuredContent?.url).toBe(URL_18);
    expect(stderr).toMatch(/stdin closed; mcp server stopping/);
  }, 60_000);
});

async function waitFor(done: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!done()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}
