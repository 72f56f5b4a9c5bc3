// The CLI's edges, each answered truthfully: refused diagnose input (empty stdin, no object,
// unknown version or rule id) with exit 2 and one line; case-insensitive severities; one option
// style (--json / --format) on every subcommand; JSON that says which version was applied and
// has REST's shapes; search text that keeps its layout and shows the typo correction; ingest
// exit codes (failed sources, nothing ingested, --allow-partial).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_PAGE } from '../support/archive.ts';
import { runCli } from '../support/cli.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'istio-kb-cli-edges-'));
const env = { ...process.env, DATABASE_URL: `file:${path.join(dir, 'kb.db')}`, NO_COLOR: '1', INGEST_ON_START: SAMPLE_PAGE, LOG_LEVEL: 'silent' };
const cli = (args: string[], input?: string) => runCli(args, { env, ...(input !== undefined ? { input } : {}) });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  ports: [{name: web, port: 80}]\n';

/** One line on stderr, `istio-kb: …`, exit 2. */
function refused(r: { code: number | null; stderr: string; stdout: string }, message: string): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/^istio-kb: /);
  expect(r.stderr).toContain(message);
}

describe('istio-kb diagnose refuses input that would judge nothing', () => {
  it.each([
    ['empty standard input (a failed `kubectl get … |`)', ['-'], '', 'Standard input is empty'],
    ['standard input without a Kubernetes object', ['-'], 'hello: world\n', 'No Kubernetes object'],
    ['unknown version 2.0', ['-', '--version', '2.0'], SERVICE, 'Unknown Istio version "2.0"'],
    ['unknown version 0.26', ['-', '--version', '0.26'], SERVICE, '0.8, 1.0–1.25'],
    ['unknown version 0.5', ['-', '--version', '0.5'], SERVICE, 'Unknown Istio version "0.5"'],
    ['an unknown rule id in --ignore', ['-', '--ignore', 'no-such-rule'], SERVICE, 'Unknown rule id in ignore: "no-such-rule"'],
    ['contradicting output options', ['-', '--json', '--format', 'sarif'], SERVICE, 'contradict'],
    ['an unknown severity', ['-', '--min-severity', 'loud'], SERVICE, '--min-severity'],
  ])('%s: exit 2 with one line', async (_what, args, input, message) => {
    refused(await cli(['diagnose', ...args], input), message);
  }, 90_000);

  it('an empty file named on the command line is named in the message', async () => {
    const empty = path.join(dir, 'empty.yaml');
    writeFileSync(empty, '');
    refused(await cli(['diagnose', empty]), `${empty} is empty`);
  }, 90_000);
});

describe('istio-kb diagnose options and JSON', () => {
  it('judges a cluster on a newer 1.x release than the rules know by the newest known, and says so', async () => {
    const r = await cli(['diagnose', '-', '--version', '1.28.1'], SERVICE);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("note: Istio 1.28 is newer than the newest version the rules know (1.25): judged by 1.25's semantics");
    expect(r.stdout).toContain('judged as Istio 1.25');
  }, 90_000);

  it('--json works like search --json, says which version was applied, and a patch resolves to its minor', async () => {
    const r = await cli(['diagnose', '-', '--json', '--version', '1.25.4'], SERVICE);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { version: string; findings: { ruleId: string }[] };
    expect(out.version).toBe('1.25');
    // REST's Diagnosis fields are all there (the CLI adds file, summary and schemaVersion for CI).
    expect(out).toMatchObject({ resourceCount: 1, suppressedCount: 0, parseErrors: [], notes: [] });
    expect(out.findings[0]).toMatchObject({ ruleId: expect.any(String), severity: expect.any(String), message: expect.any(String), fix: expect.any(String), line: expect.any(Number), path: expect.any(String), source: 'manifests', resource: expect.any(Object), related: [] });
    expect(out.findings.map((f) => f.ruleId)).toContain('service-port-name');
    const text = await cli(['diagnose', '-'], SERVICE);
    expect(text.stdout).toContain('judged as Istio 1.25');
  }, 90_000);

  it('reads --min-severity in any case', async () => {
    for (const severity of ['error', 'Error', 'ERROR']) {
      const r = await cli(['diagnose', '-', '--json', '--min-severity', severity], SERVICE);
      expect(r.code, r.stderr).toBe(0);
      expect((JSON.parse(r.stdout) as { findings: unknown[] }).findings).toEqual([]);
    }
  }, 90_000);
});

describe('istio-kb diagnose on a folder, as a CI job runs it', () => {
  it('reads the folder; a file it cannot read fails the run (exit 2) while the rest is still reported', async () => {
    const k8s = path.join(dir, 'k8s');
    mkdirSync(k8s, { recursive: true });
    writeFileSync(path.join(k8s, 'service.yaml'), SERVICE);
    const clean = await cli(['diagnose', k8s, '--json']);
    expect(clean.code, clean.stderr).toBe(0);
    expect((JSON.parse(clean.stdout) as { resourceCount: number }).resourceCount).toBe(1);
    // An unrendered chart template next to it: judged as it stands it would be a false finding.
    writeFileSync(path.join(k8s, 'vs.yaml'), 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: "{{ .Release.Name }}"\n');
    const broken = await cli(['diagnose', k8s, '--json']);
    expect(broken.code, broken.stderr).toBe(2);
    const out = JSON.parse(broken.stdout) as { resourceCount: number; parseErrors: { message: string }[] };
    expect(out.resourceCount).toBe(1);
    expect(out.parseErrors[0]?.message).toContain('helm template');
    // An Istio apiVersion no release serves (instana/robot-shop's networking.istio.io/v1aplha3):
    // kubectl apply refuses the object, so a CI job must not pass on it either.
    writeFileSync(path.join(k8s, 'vs.yaml'), 'apiVersion: networking.istio.io/v1aplha3\nkind: VirtualService\nmetadata:\n  name: web\nspec:\n  hosts: [web]\n');
    const typo = await cli(['diagnose', k8s]);
    expect(typo.code, typo.stderr).toBe(2);
    expect(typo.stdout).toContain('no Istio release serves version "v1aplha3"');
  }, 90_000);

  it('with -n, refuses an object that names another namespace, as kubectl apply -n does (exit 2)', async () => {
    const app = path.join(dir, 'app');
    mkdirSync(app, { recursive: true });
    writeFileSync(path.join(app, 'service.yaml'), SERVICE.replace('{name: a}', '{name: a, namespace: default}'));
    const other = await cli(['diagnose', app, '-n', 'shop']);
    expect(other.code, other.stderr).toBe(2);
    expect(other.stdout).toContain('kubectl apply -n shop refuses it');
    expect((await cli(['diagnose', app, '-n', 'default'])).code).toBe(0);
    expect((await cli(['diagnose', app])).code).toBe(0);
  }, 90_000);
});

describe('istio-kb search and entry print what REST answers', () => {
  let server: TestApp;
  beforeAll(async () => {
    // The same knowledge base as the CLI's, served: the CLI's JSON must equal REST's body.
    const first = await cli(['search', 'gateway', '--json']);
    expect(first.code, first.stderr).toBe(0);
    server = await startTestApp({ seed: false, env: { DATABASE_URL: env.DATABASE_URL } });
  }, 120_000);
  afterAll(async () => server?.close());

  it('search --json has REST\'s shape: snippet, no internal rowId, didYouMean', async () => {
    const r = await cli(['search', 'destnation', 'rule', '--json', '--limit', '3']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    const rest = await server.http.get('/api/v1/search').query({ q: 'destnation rule', limit: 3 });
    expect(out).toEqual(rest.body);
    expect(out.didYouMean).toBe('destination rule');
    expect(r.stdout).not.toContain('rowId');
    expect(out.hits[0]).toHaveProperty('snippet');
  }, 90_000);

  it('search text keeps one line per field and shows the typo correction', async () => {
    const r = await cli(['search', 'destnation', 'rule', '--limit', '5']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('Showing results for "destination rule" (searched instead of "destnation rule").');
    const blocks = r.stdout.trim().split('\n\n').slice(1);
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) {
      const lines = block.split('\n');
      expect(lines.length, block).toBeLessThanOrEqual(3);
      expect(lines[0]).toMatch(/ \(v\d+\.\d+, score [\d.]+\)$/);
      expect(lines[1]).toMatch(/^ {2}https:\/\//);
      if (lines[2] !== undefined) expect(lines[2]).toMatch(/^ {2}\S/);
    }
  }, 90_000);

  it('entry --json (or --format json) has REST\'s shape; an unknown slug is one line, exit 2', async () => {
    const slug = '503-errors-after-setting-destination-rule';
    const r = await cli(['entry', slug, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const rest = await server.http.get(`/api/v1/entries/${slug}`);
    expect(JSON.parse(r.stdout)).toEqual(rest.body);
    refused(await cli(['entry', 'nope']), 'No entry "nope".');
  }, 90_000);
});

describe('istio-kb ingest exit codes', () => {
  const sources = path.join(dir, 'sources');
  const ingestEnv = { ...env, DATABASE_URL: `file:${path.join(dir, 'ingest.db')}` };
  const ingest = (args: string[]) => runCli(['ingest', ...args], { env: ingestEnv });
  beforeAll(() => {
    mkdirSync(path.join(sources, 'empty'), { recursive: true });
    writeFileSync(path.join(sources, 'hello.html'), '<html><head><title>Hello</title></head><body><p>Not a guideline.</p></body></html>');
  });

  it('an empty folder (e.g. a compose mount that did not happen): exit 2 naming the folder', async () => {
    refused(await ingest([path.join(sources, 'empty')]), `No HTML pages in ${path.join(sources, 'empty')}`);
  }, 90_000);

  it('only a file that is not a guideline page: exit 1, nothing was ingested', async () => {
    const r = await ingest([path.join(sources, 'hello.html')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('failed: ');
    expect(r.stderr).toContain('nothing was ingested');
  }, 90_000);

  it('a failed source next to good ones: exit 1 unless --allow-partial; the good ones are ingested either way', async () => {
    const args = [SAMPLE_PAGE, path.join(sources, 'hello.html')];
    const strict = await ingest(args);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('--allow-partial');
    const partial = await ingest([...args, '--allow-partial', '--json']);
    expect(partial.code, partial.stderr).toBe(0);
    expect(JSON.parse(partial.stdout).totals.entries.unchanged).toBeGreaterThan(0);
  }, 180_000);

  it('an empty --from-file list does not fall back to the default sources', async () => {
    const list = path.join(dir, 'list.txt');
    writeFileSync(list, '# nothing yet\n');
    refused(await ingest(['--from-file', list]), 'names no source');
  }, 90_000);
});

describe('search text layout', () => {
  it('flattens a snippet cut from code into one line and drops the highlight marks', async () => {
    const { oneLine } = await import('../../src/cli/run/search.ts');
    expect(oneLine('apiVersion: v1\n  kind: <mark>Service</mark>\n\tspec:')).toBe('apiVersion: v1 kind: Service spec:');
    const long = oneLine('word '.repeat(100));
    expect(long.length).toBeLessThanOrEqual(200);
    expect(long.endsWith('…')).toBe(true);
  });
});
