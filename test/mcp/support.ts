// MCP test helpers: a knowledge base with several doc versions, and stock SDK clients connected to it.
import path from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport } from '@modelcontextprotocol/server';
import type { AppContext } from '../../src/app.ts';
import { createMcpFactory, type McpLogger } from '../../src/mcp/server.ts';
import { REPO_ROOT } from '../support/shared.ts';

/** Real archived pages of four markup eras (0.8, 1.0, 1.5, 1.8, 1.14), from test/fixtures. */
export const FIXTURE_PAGES = ['era-a-v0.8', 'era-b-v1.0', 'era-c-v1.5', 'era-c-v1.8-h3', 'era-d-v1.14'].map((name) =>
  path.join(REPO_ROOT, 'test/fixtures/html', `${name}.html`),
);

export const silentLog: McpLogger = { info: () => undefined, error: () => undefined };

export async function inMemoryClient(ctx: AppContext, log: McpLogger = silentLog): Promise<Client> {
  const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
  await createMcpFactory({ kb: ctx.kb, diagnose: ctx.diagnose, metrics: ctx.metrics })({ transport: 'memory', log }).connect(serverSide);
  const client = new Client({ name: 'istio-kb-test', version: '1.0.0' });
  await client.connect(clientSide);
  return client;
}

/** The text of a tool result's first content block. */
export function textOf(result: { content?: unknown }): string {
  const first = (result.content as { type: string; text?: string }[] | undefined)?.[0];
  return first?.type === 'text' ? (first.text ?? '') : '';
}
