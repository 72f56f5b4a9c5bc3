// An agent as chatbots use the server: the operator's question goes to search_guidelines (with the
// Istio version the operator named), the best hit to get_guideline, and the answer is written from
// that entry only. The answer must cite the guideline's url#anchor in the asked version.
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { SAMPLE_PAGE } from '../support/archive.ts';
import { FIXTURE_PAGES } from './support.ts';

let t: TestApp;
let client: Client;

beforeAll(async () => {
  t = await startTestApp({ sources: [...FIXTURE_PAGES, SAMPLE_PAGE], env: { RATE_LIMIT_MAX: '0' } });
  const base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  client = new Client({ name: 'agent', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`)));
});
afterAll(async () => {
  await client?.close();
  await t?.close();
});

interface Hit {
  key: string;
  version: string;
}
interface Guideline {
  title: string;
  version: string;
  url: string;
  fixes: string[];
  causes: string[];
}

/** A minimal retrieval agent: no model, the same tool calls a model makes. */
async function answer(question: string): Promise<string> {
  const version = /\bistio\s+v?(\d+\.\d+(?:\.\d+)?)/i.exec(question)?.[1];
  const search = await client.callTool({ name: 'search_guidelines', arguments: { query: question, ...(version ? { version } : {}), limit: 3 } });
  expect(search.isError, JSON.stringify(search.content)).toBeFalsy();
  const top = (search.structuredContent as { hits: Hit[] }).hits[0];
  if (!top) return 'The knowledge base has no guideline for this.';
  const entry = await client.callTool({ name: 'get_guideline', arguments: { slug: top.key, version: top.version } });
  expect(entry.isError).toBeFalsy();
  const g = entry.structuredContent as Guideline;
  const advice = [...g.causes, ...g.fixes].join(' ');
  return `${advice} (${g.title}, Istio ${g.version}: ${g.url})`;
}

describe('agent scenario: question -> search_guidelines -> get_guideline -> cited answer', () => {
  it('cites the guideline of the version the operator runs (1.8)', async () => {
    const text = await answer('We run Istio 1.8 and Envoy keeps crashing under load with "assert failure: fd_ != -1". What should we do?');
    expect(text).toContain('https://istio.io/v1.8/docs/ops/common-problems/network-issues/#envoy-is-crashing-under-load');
    expect(text).toContain('Istio 1.8');
    expect(text).toMatch(/ulimit/);
  });

  it('cites the same guideline in an older version when asked for it (0.8)', async () => {
    const text = await answer('Envoy is crashing under load on Istio 0.8, how do I fix it?');
    expect(text).toContain('https://istio.io/v0.8/help/troubleshooting/#envoy-is-crashing-under-load');
    expect(text).not.toContain('v1.8');
  });

  it('resolves a patch version to its docs (1.0.6)', async () => {
    const text = await answer('Istio 1.0.6: requests fail with 503 errors right after I applied a DestinationRule');
    expect(text).toContain('https://istio.io/v1.0/help/ops/traffic-management/deploy-guidelines/#503-errors-after-setting-destination-rule');
  });
});
