// MCP test helpers: a knowledge base with several doc versions, and stock SDK clients connected to it.
import path from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport } from '@modelcontextprotocol/server';
import type { AppContext } from '../../src/app.ts';
import { createMcpFactory } from '../../src/mcp/server.ts';
import { REPO_ROOT } from '../support/shared.ts';

/** Real archived pages of three markup eras (1.0, 1.5, 1.14) plus the 1.0 sample page. */
export const FIXTURE_PAGES = [
  path.join(REPO_ROOT, 'test/fixtures/html/era-b-v1.0.html'),
  path.join(REPO_ROOT, 'test/fixtures/html/era-c-v1.5.html'),
  path.join(REPO_ROOT, 'test/fixtures/html/era-d-v1.14.html'),
  path.join(REPO_ROOT, 'samples/istio-1.0-deploy-guidelines.html'),
];

export const silentLog = { info: () => undefined, error: () => undefined };

export async function inMemoryClient(ctx: AppContext, log = silentLog): Promise<Client> {
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
