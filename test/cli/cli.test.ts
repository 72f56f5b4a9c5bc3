// The CLI as a user runs it: exit codes per the contract (0 clean, 1 errors found, 2 usage or
// parse failure), formats, stdin.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SAMPLE_PAGE } from '../support/archive.ts';
import { runCli } from '../support/cli.ts';
import { testDatabaseUrl } from '../support/provider.ts';
import { REPO_ROOT } from '../support/shared.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'istio-kb-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// search and entry fill an empty knowledge base with INGEST_ON_START: one page keeps that quick.
const env = { ...process.env, DATABASE_URL: await testDatabaseUrl(dir), NO_COLOR: '1', INGEST_ON_START: SAMPLE_PAGE };

// Asynchronous (test/support/cli.ts): a synchronous spawn would block this worker's event loop.
function cli(args: string[], input?: string) {
  return runCli(args, { env, ...(input !== undefined ? { input } : {}) });
}

const broken = path.join(REPO_ROOT, 'samples/manifests/broken-bookinfo.yaml');
const clean = path.join(dir, 'clean.yaml');
writeFileSync(
  clean,
  `apiVersion: v1
kind: Service
metadata: {name: ratings, namespace: default}
spec:
  selector: {app: ratings}
  ports: [{name: http, port: 9080}]
`,
);

describe('istio-kb diagnose', () => {
  it('exits 1 with findings of severity ERROR, grouped by file and resource', async () => {
    const r = await cli(['diagnose', broken, '--version', '1.0']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('samples/manifests/broken-bookinfo.yaml');
    expect(r.stdout).toContain('VirtualService default/reviews-a');
    expect(r.stdout).toContain('[vs-subset-not-defined]');
    expect(r.stdout).toMatch(/\d+ errors?, \d+ warnings?/);
  }, 60_000);

  it('exits 0 when there is no error', async () => {
    const r = await cli(['diagnose', clean]);
    expect(r.code).toBe(0);
  }, 60_000);

  it('reads standard input with -, and prints JSON', async () => {
    const r = await cli(['diagnose', '-', '--format', 'json', '--version', '1.0'], 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  ports: [{name: web, port: 80}]\n');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { findings: { ruleId: string }[] };
    expect(out.findings.map((f) => f.ruleId)).toContain('service-port-name');
  }, 60_000);

  it('prints SARIF 2.1.0 with rule metadata and help URIs', async () => {
    const r = await cli(['diagnose', broken, '--format', 'sarif', '--version', '1.0']);
    expect(r.code).toBe(1);
    const sarif = JSON.parse(r.stdout) as { version: string; runs: { tool: { driver: { rules: { id: string; helpUri?: string }[] } }; results: { ruleId: string; locations: unknown[] }[] }[] };
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0]!;
    expect(run.results.length).toBeGreaterThan(0);
    const used = new Set(run.results.map((res) => res.ruleId));
    for (const rule of run.tool.driver.rules.filter((x) => used.has(x.id))) expect(rule.helpUri).toMatch(/^https:\/\/istio\.io\//);
  }, 60_000);

  it.each([
    [['diagnose', '/no/such/file.yaml'], 'no such file'],
    [['diagnose', broken, '--format', 'xml'], 'xml'],
    [['diagnose'], 'missing required argument'],
    [['diagnose', broken, '--version', 'abc'], 'not a doc version'],
    [['frobnicate'], 'unknown command'],
  ])('exits 2 on usage errors: %j', async (args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr.toLowerCase()).toContain(message.toLowerCase());
  }, 60_000);

  it('exits 2 when nothing could be parsed', async () => {
    const r = await cli(['diagnose', '-'], 'kind: [unclosed\n');
    expect(r.code).toBe(2);
  }, 60_000);
});

describe('istio-kb search and entry', () => {
  it('search prints hits; entry prints a guideline', async () => {
    const s = await cli(['search', 'non', 'unique', 'port', 'name', '--json']);
    expect(s.code, s.stderr).toBe(0);
    expect((JSON.parse(s.stdout) as { hits: { slug: string }[] }).hits[0]?.slug).toBe('configuring-multiple-tls-hosts-in-a-gateway');
    const e = await cli(['entry', '503-errors-after-setting-destination-rule']);
    expect(e.code).toBe(0);
    expect(e.stdout).toContain('503 errors after setting destination rule');
    expect((await cli(['entry', 'nope'])).code).toBe(2);
  }, 60_000);
});

describe('what a command loads', () => {
  const HEAVY = /node_modules\/(fastify|@fastify|@apollo|@as-integrations|graphql|@envelop|@escape\.tech|@prisma|prisma|zod|cheerio|@modelcontextprotocol)\/|src\/generated\/prisma|src\/(server|app|graphql|rest|mcp)\b/;

  async function loaded(args: string[]): Promise<string[]> {
    const trace = path.join(dir, `trace-${args[0]}.txt`);
    writeFileSync(trace, '');
    const r = await runCli(args, { nodeArgs: ['--import', path.join(REPO_ROOT, 'test/support/trace-imports.mjs')], cwd: dir, env: { ...env, IMPORT_TRACE_FILE: trace } });
    expect(r.code, r.stderr).toBeLessThan(2);
    return readFileSync(trace, 'utf8').split('\n').filter(Boolean);
  }

  it('--help loads neither the server stack, Prisma nor the rules', async () => {
    const urls = await loaded(['--help']);
    expect(urls.filter((u) => HEAVY.test(u))).toEqual([]);
    expect(urls.some((u) => /src\/rules\//.test(u))).toBe(false);
  }, 60_000);

  it('diagnose loads the rules but neither the server stack nor Prisma', async () => {
    const urls = await loaded(['diagnose', clean]);
    expect(urls.some((u) => /src\/rules\/registry/.test(u))).toBe(true);
    expect(urls.filter((u) => HEAVY.test(u))).toEqual([]);
  }, 60_000);
});

// Issue 10: a VirtualService file whose DestinationRule lives in a sibling file (the usual layout).
describe('istio-kb diagnose --complete and --context', () => {
  const vsFile = path.join(dir, 'reviews-vs.yaml');
  const drFile = path.join(dir, 'reviews-dr.yaml');
  writeFileSync(vsFile, 'apiVersion: networking.istio.io/v1beta1\nkind: VirtualService\nmetadata: {name: reviews}\nspec:\n  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews, subset: v2}\n');
  writeFileSync(drFile, 'apiVersion: networking.istio.io/v1beta1\nkind: DestinationRule\nmetadata: {name: reviews}\nspec:\n  host: reviews\n  subsets:\n  - {name: v1, labels: {version: v1}}\n  - {name: v2, labels: {version: v2}}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: reviews}\nspec:\n  selector: {app: reviews}\n  ports: [{name: http, port: 9080}]\n');

  it('alone: the missing DestinationRule is a warning (exit 0) that says the input may be partial', async () => {
    const r = await cli(['diagnose', vsFile, '--format', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { inputs: unknown; findings: { ruleId: string; severity: string; evidence: string; message: string }[] };
    expect(out.inputs).toEqual({ complete: false, contextResources: 0, previousResources: 0 });
    const f = out.findings.find((x) => x.ruleId === 'vs-subset-not-defined');
    expect(f).toMatchObject({ severity: 'WARNING', evidence: 'absence' });
    expect(f?.message).toContain('may be partial');
  }, 60_000);

  it('--complete makes the absence an error (exit 1)', async () => {
    const r = await cli(['diagnose', vsFile, '--complete', '--format', 'sarif']);
    expect(r.code).toBe(1);
    const sarif = JSON.parse(r.stdout) as { runs: { invocations: { properties: { inputs: { complete: boolean } } }[] }[] };
    expect(sarif.runs[0]?.invocations[0]?.properties.inputs.complete).toBe(true);
  }, 60_000);

  it('--context resolves the reference and is not reported on', async () => {
    const r = await cli(['diagnose', vsFile, '--complete', '--context', drFile, '--format', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { inputs: { contextResources: number }; findings: { ruleId: string }[] };
    expect(out.inputs.contextResources).toBe(2);
    expect(out.findings.map((f) => f.ruleId)).not.toContain('vs-subset-not-defined');
  }, 60_000);
});

describe('istio-kb diagnose as a local tool', () => {
  it('works without a knowledge base, writes nothing in the working directory, and cites the entry for the judged version', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'istio-kb-cwd-'));
    const home = mkdtempSync(path.join(tmpdir(), 'istio-kb-home-'));
    try {
      const { DATABASE_URL: _unset, ...rest } = env;
      const r = await runCli(['diagnose', broken, '--version', '1.4', '--format', 'json'], { cwd, env: { ...rest, HOME: home, XDG_DATA_HOME: path.join(home, 'xdg') } });
      expect(r.code, r.stderr).toBe(1);
      const out = JSON.parse(r.stdout) as { findings: { ruleId: string; entry: { version: string; url: string; title: string } | null }[] };
      const linked = out.findings.filter((f) => f.entry);
      expect(linked.length).toBe(out.findings.length);
      expect(linked.some((f) => f.entry?.version === '1.4' && f.entry.url.startsWith('https://istio.io/v1.4/'))).toBe(true);
      expect(readdirSync(cwd)).toEqual([]);
      expect(existsSync(path.join(home, 'xdg'))).toBe(false);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
      rmSync(home, { recursive: true, force: true });
    }
  }, 60_000);
});
