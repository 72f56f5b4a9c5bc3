// The MCP server in-process with the SDK's client: tools (schemas, answers, errors with REST's
// messages), resources, the prompt, logs and metrics.
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { versionRanges } from '../../src/mcp/text.ts';
import { FIXTURE_PAGES, inMemoryClient, textOf } from './support.ts';
import { gatewayWithoutNamespace, subsetOnly } from '../support/manifests.ts';

const V08_URL = 'https://istio.io/v0.8/help/troubleshooting/#envoy-is-crashing-under-load';
const V18_URL = 'https://istio.io/v1.8/docs/ops/common-problems/network-issues/#envoy-is-crashing-under-load';


let t: TestApp;
let client: Client;
const logs: { obj: Record<string, unknown>; msg: string }[] = [];

beforeAll(async () => {
  t = await startTestApp({ sources: FIXTURE_PAGES, env: { DIAGNOSE_MAX_BYTES: '4096', PAGE_MAX_SIZE: '20' } });
  client = await inMemoryClient(t.ctx, { info: (obj, msg) => logs.push({ obj: obj as Record<string, unknown>, msg }), error: () => undefined });
});
afterAll(async () => {
  await client?.close();
  await t?.close();
});

/** The detail of REST's problem document for the same request. */
async function restDetail(path: string, query: Record<string, string> = {}): Promise<string> {
  const res = await t.http.get(path).query(query);
  expect(res.status).toBeGreaterThanOrEqual(400);
  return res.body.detail as string;
}

describe('tools/list', () => {
  it('lists four read-only tools with input and output schemas and descriptions', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((x) => x.name).sort()).toEqual(['diagnose_manifests', 'get_guideline', 'list_versions', 'search_guidelines']);
    for (const tool of tools) {
      expect(tool.annotations?.readOnlyHint, tool.name).toBe(true);
      expect(tool.description, tool.name).toBeTruthy();
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.outputSchema?.type, tool.name).toBe('object');
    }
    const search = tools.find((x) => x.name === 'search_guidelines')!;
    expect(search.inputSchema.required).toEqual(['query']);
    expect(Object.keys(search.inputSchema.properties ?? {})).toEqual(['query', 'version', 'limit']);
    expect((search.inputSchema.properties?.['version'] as { description?: string }).description).toMatch(/latest/);
    const diagnose = tools.find((x) => x.name === 'diagnose_manifests')!;
    expect(Object.keys(diagnose.inputSchema.properties ?? {})).toEqual(expect.arrayContaining(['manifests', 'version', 'previous', 'complete']));
    expect((diagnose.inputSchema.properties?.['complete'] as { description?: string }).description).toMatch(/whole mesh/);
  });
});

describe('search_guidelines', () => {
  it('answers hits and passages with version and url#anchor, in text and structuredContent', async () => {
    const r = await client.callTool({ name: 'search_guidelines', arguments: { query: 'envoy crashing under load', version: '0.8', limit: 3 } });
    expect(r.isError).toBeFalsy();
    const s = r.structuredContent as { version: string; hits: { key: string; version: string; url: string; title: string; snippet: string }[]; passages: { url: string }[] };
    expect(s.version).toBe('0.8');
    expect(s.hits[0]).toMatchObject({ key: 'envoy-is-crashing-under-load', version: '0.8', url: V08_URL, title: 'Envoy is crashing under load' });
    expect(s.passages.length).toBeGreaterThan(0);
    for (const p of s.passages) expect(p.url).toMatch(/^https:\/\/istio\.io\/v0\.8\/.+#.+/);
    expect(textOf(r)).toContain('Istio 0.8');
    expect(textOf(r)).toContain(V08_URL);
    expect(textOf(r)).not.toContain('<mark>');
  });

  it('without a version shows each guideline once, in its newest matching version', async () => {
    const r = await client.callTool({ name: 'search_guidelines', arguments: { query: 'envoy crashing under load' } });
    const s = r.structuredContent as { version: string | null; hits: { key: string; url: string }[] };
    expect(s.version).toBeNull();
    expect(s.hits.filter((h) => h.key === 'envoy-is-crashing-under-load').map((h) => h.url)).toEqual([V18_URL]);
    expect(textOf(r)).toMatch(/all Istio doc versions/);
  });

  it('answers a question asked again the same, from the cache from its second asking (a question asked once is not kept)', async () => {
    const kb = t.ctx.kb;
    const answer = kb.searchWithPassages.bind(kb);
    let computed = 0;
    kb.searchWithPassages = (...args) => {
      computed++;
      return answer(...args);
    };
    try {
      const ask = () => client.callTool({ name: 'search_guidelines', arguments: { query: 'crashing envoy load', version: '0.8', limit: 2 } });
      const answers = [await ask(), await ask(), await ask(), await ask()];
      expect(computed).toBe(2);
      for (const r of answers) expect(r.structuredContent).toEqual(answers[0]?.structuredContent);
    } finally {
      kb.searchWithPassages = answer;
    }
  });

  it('says so when nothing matches (not an error, not silent)', async () => {
    const r = await client.callTool({ name: 'search_guidelines', arguments: { query: 'zzqxv flurbo', version: '1.0' } });
    expect(r.isError).toBeFalsy();
    expect(textOf(r)).toMatch(/^No guideline matches "zzqxv flurbo" in Istio 1.0 docs/);
  });

  it('reports an unknown version, a limit over the cap and an over-long query with REST\'s messages', async () => {
    const unknown = await client.callTool({ name: 'search_guidelines', arguments: { query: 'envoy', version: '7.7' } });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toBe(await restDetail('/api/v1/search', { q: 'envoy', version: '7.7' }));
    expect(textOf(unknown)).toMatch(/Unknown doc version "7.7". Known versions: 1.14, 1.8, 1.5, 1.0, 0.8/);

    const tooMany = await client.callTool({ name: 'search_guidelines', arguments: { query: 'envoy', limit: 21 } });
    expect(tooMany.isError).toBe(true);
    expect(textOf(tooMany)).toBe(await restDetail('/api/v1/search', { q: 'envoy', limit: '21' }));

    const long = 'envoy '.repeat(100);
    const tooLong = await client.callTool({ name: 'search_guidelines', arguments: { query: long } });
    expect(tooLong.isError).toBe(true);
    expect(textOf(tooLong)).toBe(await restDetail('/api/v1/search', { q: long }));
  });

  it('rejects arguments that do not match the schema as a tool error', async () => {
    const r = await client.callTool({ name: 'search_guidelines', arguments: { version: '1.0' } });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/query/);
  });
});

describe('get_guideline', () => {
  it('returns the structured entry in the asked version and the versions that have it, by slug or key', async () => {
    const r = await client.callTool({ name: 'get_guideline', arguments: { slug: 'envoy-is-crashing-under-load', version: '0.8' } });
    expect(r.isError).toBeFalsy();
    const e = r.structuredContent as { version: string; url: string; versions: string[]; fixes: string[]; errorMessages: string[] };
    expect(e).toMatchObject({ version: '0.8', url: V08_URL });
    expect(e.versions.sort()).toEqual(['0.8', '1.8']);
    expect(e.errorMessages.join(' ')).toContain('assert failure');
    expect(textOf(r)).toContain(`Source: ${V08_URL}`);
    expect(textOf(r)).toContain('In versions: 0.8, 1.8.');
    expect(textOf(r)).toContain('Istio 0.8');

    const newest = await client.callTool({ name: 'get_guideline', arguments: { slug: 'envoy-is-crashing-under-load' } });
    expect((newest.structuredContent as { url: string }).url).toBe(V18_URL);
    const patch = await client.callTool({ name: 'get_guideline', arguments: { slug: 'envoy-is-crashing-under-load', version: '1.8.3' } });
    expect((patch.structuredContent as { version: string }).version).toBe('1.8');
  });

  it('matches REST\'s entry answer', async () => {
    const r = await client.callTool({ name: 'get_guideline', arguments: { slug: 'gateway-port-names-must-be-unique', version: '1.0' } });
    const rest = await t.http.get('/api/v1/entries/gateway-port-names-must-be-unique').query({ version: '1.0' });
    expect(r.structuredContent).toEqual(rest.body);
  });

  it('reports an unknown guideline or version with REST\'s message', async () => {
    for (const args of [{ slug: 'no-such-guideline' }, { slug: 'no-such-guideline', version: '1.0' }, { slug: 'envoy-is-crashing-under-load', version: '1.0' }, { slug: 'envoy-is-crashing-under-load', version: '9.9' }]) {
      const r = await client.callTool({ name: 'get_guideline', arguments: args });
      expect(r.isError, JSON.stringify(args)).toBe(true);
      expect(r.structuredContent).toBeUndefined();
      expect(textOf(r)).toBe(await restDetail(`/api/v1/entries/${args.slug}`, args.version ? { version: args.version } : {}));
    }
  });
});

describe('text answers', () => {
  it('states the versions that have a guideline as ranges', () => {
    expect(versionRanges(['1.25', '1.24', '1.3', '1.2', '1.1', '1.0', '0.8'])).toBe('0.8, 1.0–1.3, 1.24–1.25');
    expect(versionRanges(['1.4'])).toBe('1.4');
    expect(versionRanges(['1.0', '1.2', '1.3'])).toBe('1.0, 1.2–1.3');
  });
});

describe('list_versions', () => {
  it('lists versions newest first with entry counts and ingest times', async () => {
    const r = await client.callTool({ name: 'list_versions', arguments: {} });
    const s = r.structuredContent as { versions: { name: string; isLatest: boolean; entryCount: number; ingestedAt: string; updatedAt: string }[] };
    expect(s.versions.map((v) => v.name)).toEqual(['1.14', '1.8', '1.5', '1.0', '0.8']);
    const rest = await t.http.get('/api/v1/versions');
    // The same answer as REST's (one versions query feeds both): counts, ingest times, newest first.
    expect(s).toEqual(rest.body);
    for (const v of s.versions) {
      expect(Date.parse(v.ingestedAt)).toBeGreaterThan(Date.now() - 10 * 60_000);
      expect(Date.parse(v.updatedAt)).toBeGreaterThanOrEqual(Date.parse(v.ingestedAt));
    }
    expect(textOf(r)).toMatch(/- 1\.14 \(latest\): 2 guidelines, ingested \d{4}-\d\d-\d\d/);
  });
});

describe('diagnose_manifests', () => {
  it('answers findings with line, fix and the cited entry, like REST', async () => {
    const r = await client.callTool({ name: 'diagnose_manifests', arguments: { manifests: subsetOnly, version: '1.14', complete: true } });
    expect(r.isError).toBeFalsy();
    const d = r.structuredContent as { version: string; findings: { ruleId: string; line: number; fix: string; severity: string }[]; inputs: { complete: boolean } };
    expect(d.version).toBe('1.14');
    expect(d.inputs.complete).toBe(true);
    const f = d.findings.find((x) => x.ruleId === 'vs-subset-not-defined');
    expect(f).toMatchObject({ line: 11, severity: 'ERROR' });
    expect(textOf(r)).toMatch(/ERROR vs-subset-not-defined at line 11/);
    expect(textOf(r)).toContain('Fix: ');
    expect(textOf(r)).toContain('Istio 1.14');
    const rest = await t.http.post('/api/v1/diagnose').send({ manifests: subsetOnly, version: '1.14', complete: true });
    expect(r.structuredContent).toEqual(rest.body);
  });

  it('passes namespace through, as REST does; a bad one is a tool error', async () => {
    const r = await client.callTool({ name: 'diagnose_manifests', arguments: { manifests: gatewayWithoutNamespace, namespace: 'tutorial' } });
    expect(r.isError).toBeFalsy();
    const rest = await t.http.post('/api/v1/diagnose').send({ manifests: gatewayWithoutNamespace, namespace: 'tutorial' });
    expect(r.structuredContent).toEqual(rest.body);
    expect((r.structuredContent as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId)).not.toContain('vs-gateway-not-found');
    const bad = await client.callTool({ name: 'diagnose_manifests', arguments: { manifests: gatewayWithoutNamespace, namespace: 'Not_A_Namespace' } });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toContain('Invalid namespace');
  });

  it('passes complete through: without it an absent referent is at most a warning', async () => {
    const partial = await client.callTool({ name: 'diagnose_manifests', arguments: { manifests: subsetOnly.split('---')[0]!, version: '1.14' } });
    const complete = await client.callTool({ name: 'diagnose_manifests', arguments: { manifests: subsetOnly.split('---')[0]!, version: '1.14', complete: true } });
    const severities = (r: typeof partial) => (r.structuredContent as { findings: { severity: string }[] }).findings.map((f) => f.severity);
    expect(severities(partial)).not.toContain('ERROR');
    expect(severities(complete)).toContain('ERROR');
  });

  it('reports YAML that cannot be read, and oversize input, as tool errors with REST\'s messages', async () => {
    const bad = await client.callTool({ name: 'diagnose_manifests', arguments: { manifests: 'kind: [unclosed\n  - x' } });
    expect(bad.isError).toBe(true);
    const rest = await t.http.post('/api/v1/diagnose').send({ manifests: 'kind: [unclosed\n  - x' });
    expect(textOf(bad)).toContain(rest.body.parseErrors[0].message);

    const big = `${subsetOnly}\n# ${'x'.repeat(5000)}\n`;
    const over = await client.callTool({ name: 'diagnose_manifests', arguments: { manifests: big } });
    expect(over.isError).toBe(true);
    const restOver = await t.http.post('/api/v1/diagnose').send({ manifests: big });
    expect(restOver.status).toBe(413);
    expect(textOf(over)).toBe(restOver.body.detail);
  });
});

describe('resources and prompt', () => {
  it('lists each guideline once as kb://guidelines/{version}/{key} and reads any version', async () => {
    const { resources } = await client.listResources();
    const keys = resources.map((r) => r.name);
    expect(new Set(keys).size).toBe(keys.length);
    expect(resources.find((r) => r.name === 'envoy-is-crashing-under-load')?.uri).toBe('kb://guidelines/1.8/envoy-is-crashing-under-load');
    const read = await client.readResource({ uri: 'kb://guidelines/0.8/envoy-is-crashing-under-load' });
    const content = read.contents[0] as { text: string; mimeType: string };
    expect(content.text).toContain(V08_URL);
    const latest = await client.readResource({ uri: 'kb://guidelines/latest/avoid-503-errors-while-reconfiguring-service-routes' });
    expect((latest.contents[0] as { text: string }).text).toContain('Istio 1.14');
    await expect(client.readResource({ uri: 'kb://guidelines/0.8/no-such-guideline' })).rejects.toThrow(/No entry "no-such-guideline" in version 0.8/);
  });

  it('completes template variables', async () => {
    const ref = { type: 'ref/resource' as const, uri: 'kb://guidelines/{version}/{key}' };
    const versions = await client.complete({ ref, argument: { name: 'version', value: '1.' } });
    expect(versions.completion.values).toEqual(['1.14', '1.8', '1.5', '1.0']);
    const keys = await client.complete({ ref, argument: { name: 'key', value: 'envoy' }, context: { arguments: { version: '0.8' } } });
    expect(keys.completion.values).toEqual(['envoy-is-crashing-under-load']);
  });

  it('builds a prompt that answers from cited passages only', async () => {
    const p = await client.getPrompt({ name: 'answer_from_guidelines', arguments: { question: 'envoy crashes under load', version: '0.8' } });
    const text = (p.messages[0]?.content as { text: string }).text;
    expect(text).toMatch(/using ONLY the passages below/);
    expect(text).toContain(V08_URL);
    expect(text).not.toContain('v1.8');
  });
});

describe('observability', () => {
  it('logs each tool call with operation = tool name and counts it in the metrics', async () => {
    logs.length = 0;
    await client.callTool({ name: 'list_versions', arguments: {} });
    await client.callTool({ name: 'get_guideline', arguments: { slug: 'nope' } });
    expect(logs.map((l) => [l.obj['operation'], (l.obj['mcp'] as { outcome: string }).outcome])).toEqual([
      ['list_versions', 'ok'],
      ['get_guideline', 'error'],
    ]);
    const metrics = await t.ctx.metrics.registry.metrics();
    expect(metrics).toMatch(/istio_kb_mcp_tool_calls_total\{tool="get_guideline",transport="memory",outcome="error"\} [1-9]/);
    expect(metrics).toMatch(/istio_kb_searches_total\{surface="mcp",result="ok"\} [1-9]/);
  });
});
