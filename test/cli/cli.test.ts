// The CLI as a user runs it: exit codes per the contract (0 clean, 1 errors found, 2 usage or
// parse failure), formats, stdin.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../support/provider.ts';
import { REPO_ROOT } from '../support/shared.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'istio-kb-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { ...process.env, DATABASE_URL: await testDatabaseUrl(dir), NO_COLOR: '1' };

function cli(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin/istio-kb.js'), ...args], { cwd: REPO_ROOT, env, input, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
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
  it('exits 1 with findings of severity ERROR, grouped by file and resource', () => {
    const r = cli(['diagnose', broken, '--version', '1.0']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('samples/manifests/broken-bookinfo.yaml');
    expect(r.stdout).toContain('VirtualService default/reviews-a');
    expect(r.stdout).toContain('[vs-subset-not-defined]');
    expect(r.stdout).toMatch(/\d+ errors?, \d+ warnings?/);
  }, 60_000);

  it('exits 0 when there is no error', () => {
    const r = cli(['diagnose', clean]);
    expect(r.code).toBe(0);
  }, 60_000);

  it('reads standard input with -, and prints JSON', () => {
    const r = cli(['diagnose', '-', '--format', 'json', '--version', '1.0'], 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  ports: [{name: web, port: 80}]\n');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { findings: { ruleId: string }[] };
    expect(out.findings.map((f) => f.ruleId)).toContain('service-port-name');
  }, 60_000);

  it('prints SARIF 2.1.0 with rule metadata and help URIs', () => {
    const r = cli(['diagnose', broken, '--format', 'sarif', '--version', '1.0']);
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
  ])('exits 2 on usage errors: %j', (args, message) => {
    const r = cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr.toLowerCase()).toContain(message.toLowerCase());
  }, 60_000);

  it('exits 2 when nothing could be parsed', () => {
    const r = cli(['diagnose', '-'], 'kind: [unclosed\n');
    expect(r.code).toBe(2);
  }, 60_000);
});

describe('istio-kb search and entry', () => {
  it('search prints hits; entry prints a guideline', () => {
    const s = cli(['search', 'non', 'unique', 'port', 'name', '--json']);
    expect(s.code).toBe(0);
    expect((JSON.parse(s.stdout) as { hits: { slug: string }[] }).hits[0]?.slug).toBe('configuring-multiple-tls-hosts-in-a-gateway');
    const e = cli(['entry', '503-errors-after-setting-destination-rule']);
    expect(e.code).toBe(0);
    expect(e.stdout).toContain('503 errors after setting destination rule');
    expect(cli(['entry', 'nope']).code).toBe(2);
  }, 60_000);
});
