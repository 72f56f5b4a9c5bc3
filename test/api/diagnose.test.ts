// diagnose over REST and GraphQL: the shared engine, findings linked to entries, coded errors.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startTestApp, type TestApp } from '../support/app.ts';
import { REPO_ROOT } from '../support/shared.ts';
import { gatewayWithoutNamespace, subsetOnly } from '../support/manifests.ts';

const sample = readFileSync(path.join(REPO_ROOT, 'samples/manifests/broken-bookinfo.yaml'), 'utf8');


let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

describe('POST /api/v1/diagnose', () => {
  it('accepts YAML and links findings to entries with lines', async () => {
    const res = await t.http.post('/api/v1/diagnose').query({ version: '1.0' }).set('content-type', 'application/yaml').send(sample);
    expect(res.status).toBe(200);
    expect(res.body.resourceCount).toBe(7);
    expect(res.body.version).toBe('1.0');
    const subset = res.body.findings.find((f: { ruleId: string }) => f.ruleId === 'vs-subset-not-defined');
    expect(subset).toMatchObject({
      severity: 'ERROR',
      resource: { kind: 'VirtualService', name: 'reviews-a', namespace: 'default', line: 33 },
      line: 45,
      path: 'spec.http[0].route[0].destination.subset',
      entry: { slug: '503-errors-while-reconfiguring-service-routes', version: '1.0' },
    });
    expect(subset.fix).toContain('v2');
    const ruleIds = new Set(res.body.findings.map((f: { ruleId: string }) => f.ruleId));
    for (const id of ['vs-mesh-host-conflict', 'service-port-name', 'gateway-https-port-name-conflict']) expect(ruleIds).toContain(id);
  });

  it('accepts text/plain and JSON bodies with options', async () => {
    const plain = await t.http.post('/api/v1/diagnose').set('content-type', 'text/plain').send(subsetOnly);
    expect(plain.status).toBe(200);
    expect(plain.body.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('vs-subset-not-defined');
    const json = await t.http.post('/api/v1/diagnose').send({ manifests: subsetOnly, version: '1.0.6', ignore: ['vs-subset-not-defined'] });
    expect(json.status).toBe(200);
    expect(json.body.version).toBe('1.0');
    expect(json.body.findings.map((f: { ruleId: string }) => f.ruleId)).not.toContain('vs-subset-not-defined');
  });

  it('honours the ignore annotation and minSeverity', async () => {
    const annotated = subsetOnly.replace('  name: reviews\nspec:\n  hosts', '  name: reviews\n  annotations:\n    istio-kb.io/ignore: vs-subset-not-defined\nspec:\n  hosts');
    const res = await t.http.post('/api/v1/diagnose').set('content-type', 'application/yaml').send(annotated);
    expect(res.body.findings.map((f: { ruleId: string }) => f.ruleId)).not.toContain('vs-subset-not-defined');
    expect(res.body.suppressedCount).toBeGreaterThan(0);
    const errorsOnly = await t.http.post('/api/v1/diagnose').query({ minSeverity: 'ERROR', version: '1.0' }).set('content-type', 'application/yaml').send(sample);
    expect(errorsOnly.body.findings.every((f: { severity: string }) => f.severity === 'ERROR')).toBe(true);
  });

  it('reports a broken document as a parse error and still checks the others', async () => {
    const res = await t.http.post('/api/v1/diagnose').set('content-type', 'application/yaml').send(`${subsetOnly}---\nkind: [unclosed\n`);
    expect(res.status).toBe(200);
    expect(res.body.parseErrors).toHaveLength(1);
    expect(res.body.parseErrors[0].line).toBeGreaterThan(20);
    expect(res.body.findings.length).toBeGreaterThan(0);
  });

  it('answers coded 4xx problems for bad requests', async () => {
    const missing = await t.http.post('/api/v1/diagnose').send({ version: '1.0' });
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('BAD_USER_INPUT');
    const badVersion = await t.http.post('/api/v1/diagnose').query({ version: 'x.y' }).set('content-type', 'application/yaml').send(subsetOnly);
    expect(badVersion.status).toBe(400);
    const badJson = await t.http.post('/api/v1/diagnose').set('content-type', 'application/json').send('{"manifests": ');
    expect(badJson.status).toBe(400);
    expect(badJson.headers['content-type']).toMatch(/problem\+json/);
  });

  it('lists the rules', async () => {
    const res = await t.http.get('/api/v1/rules').query({ version: '1.0' });
    expect(res.status).toBe(200);
    expect(res.body.rules.length).toBeGreaterThanOrEqual(19);
    expect(res.body.rules[0]).toHaveProperty('entryKey');
  });
});

describe('GraphQL diagnose and rules', () => {
  it('diagnose(manifests, version, previous) links findings to entries', async () => {
    const previous = subsetOnly;
    const next = subsetOnly.replace('subset: v3', 'subset: v2').replace('  - name: v1\n    labels: {version: v1}\n', '  - name: v1\n    labels: {version: v1}\n  - name: v2\n    labels: {version: v2}\n');
    const { body } = await gql(
      t,
      `query($m: String!, $p: String) { diagnose(manifests: $m, version: "1.0", previous: $p) {
        resourceCount version parseErrors { message line column }
        findings { ruleId severity message line path fix resource { kind name namespace line } related { kind name } entry { slug key title url } } } }`,
      { m: next, p: previous },
    );
    expect(body.errors).toBeUndefined();
    const d = body.data?.['diagnose'];
    expect(d.resourceCount).toBe(2);
    const order = d.findings.find((f: { ruleId: string }) => f.ruleId === 'subset-change-order');
    expect(order).toBeDefined();
    expect(order.entry.key).toBe('503-errors-while-reconfiguring-service-routes');
  });

  it('rules(version) returns rules with their entries', async () => {
    const { body } = await gql(t, '{ rules(version: "1.0") { id title severity entry { key version } } }');
    expect(body.errors).toBeUndefined();
    const rules = body.data?.['rules'] as { id: string; entry: { key: string } | null }[];
    expect(rules.length).toBeGreaterThanOrEqual(19);
    expect(rules.every((r) => r.entry !== null)).toBe(true);
  });

  it('a too large input is PAYLOAD_TOO_LARGE, not a 500', async () => {
    const small = await startTestApp({ env: { DIAGNOSE_MAX_BYTES: '2048' } });
    try {
      const { status, body } = await gql(small, 'query($m: String!) { diagnose(manifests: $m) { resourceCount } }', { m: sample });
      expect(status).toBeLessThan(500);
      expect(body.errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
    } finally {
      await small.close();
    }
  });
});

// Issue 10: `complete` and `context` on every transport; absence-only findings are warnings unless
// the input is declared complete; context resolves references and is never reported on.
const vsOnly = subsetOnly.split('---\n')[0] ?? '';
const drOnly = subsetOnly.split('---\n')[1] ?? '';

describe('diagnose inputs complete and context', () => {
  const subsetFinding = (findings: { ruleId: string }[]) => findings.find((f) => f.ruleId === 'vs-subset-not-defined') as
    | { severity: string; evidence: string; message: string }
    | undefined;

  it('REST: a VirtualService without its DestinationRule is a WARNING that says the input may be partial', async () => {
    const res = await t.http.post('/api/v1/diagnose').set('content-type', 'application/yaml').send(vsOnly);
    expect(res.status).toBe(200);
    expect(subsetFinding(res.body.findings)).toMatchObject({ severity: 'WARNING', evidence: 'absence' });
    expect(subsetFinding(res.body.findings)?.message).toContain('may be partial');
    expect(res.body.inputs).toEqual({ complete: false, contextResources: 0, previousResources: 0 });
  });

  it('REST: complete (JSON body or query) makes the absence an ERROR', async () => {
    const body = await t.http.post('/api/v1/diagnose').send({ manifests: vsOnly, complete: true });
    expect(subsetFinding(body.body.findings)).toMatchObject({ severity: 'ERROR', evidence: 'absence' });
    expect(body.body.inputs.complete).toBe(true);
    const query = await t.http.post('/api/v1/diagnose').query({ complete: 'true' }).set('content-type', 'application/yaml').send(vsOnly);
    expect(subsetFinding(query.body.findings)).toMatchObject({ severity: 'ERROR' });
    const bad = await t.http.post('/api/v1/diagnose').query({ complete: 'yes' }).set('content-type', 'application/yaml').send(vsOnly);
    expect(bad.status).toBe(400);
    const badBody = await t.http.post('/api/v1/diagnose').send({ manifests: vsOnly, complete: 'yes' });
    expect(badBody.status).toBe(400);
  });

  it('REST: context resolves the reference and is never reported on', async () => {
    const res = await t.http.post('/api/v1/diagnose').send({ manifests: vsOnly, context: `${drOnly}---\n${vsOnly.replace('name: reviews', 'name: other').replace('subset: v3', 'subset: v9')}` });
    expect(res.status).toBe(200);
    expect(res.body.inputs).toEqual({ complete: false, contextResources: 2, previousResources: 0 });
    // The DR in context defines only v1: the v3 route of the manifests is a contradiction (ERROR);
    // the context VirtualService "other" routing to v9 is not reported.
    expect(res.body.findings.filter((f: { ruleId: string }) => f.ruleId === 'vs-subset-not-defined')).toHaveLength(1);
    expect(subsetFinding(res.body.findings)).toMatchObject({ severity: 'ERROR', evidence: 'contradiction' });
    expect(res.body.findings.every((f: { resource: { source: string } }) => f.resource.source === 'manifests')).toBe(true);
  });

  it('namespace (REST body or query, GraphQL) is where objects that name none land, as kubectl apply -n', async () => {
    const gatewayMissing = (findings: { ruleId: string }[]) => findings.some((f) => f.ruleId === 'vs-gateway-not-found');
    const without = await t.http.post('/api/v1/diagnose').send({ manifests: gatewayWithoutNamespace });
    expect(gatewayMissing(without.body.findings)).toBe(true);
    const body = await t.http.post('/api/v1/diagnose').send({ manifests: gatewayWithoutNamespace, namespace: 'tutorial' });
    expect(body.status).toBe(200);
    expect(gatewayMissing(body.body.findings)).toBe(false);
    const query = await t.http.post('/api/v1/diagnose').query({ namespace: 'tutorial' }).set('content-type', 'application/yaml').send(gatewayWithoutNamespace);
    expect(gatewayMissing(query.body.findings)).toBe(false);
    const bad = await t.http.post('/api/v1/diagnose').send({ manifests: gatewayWithoutNamespace, namespace: 'Not_A_Namespace' });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toContain('Invalid namespace');
    const q = 'query($m: String!, $n: String) { diagnose(manifests: $m, namespace: $n) { findings { ruleId } } }';
    const g = await gql(t, q, { m: gatewayWithoutNamespace, n: 'tutorial' });
    expect(g.body.errors).toBeUndefined();
    expect(gatewayMissing(g.body.data?.['diagnose'].findings)).toBe(false);
    const gBad = await gql(t, q, { m: gatewayWithoutNamespace, n: 'Not_A_Namespace' });
    expect(gBad.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('REST and GraphQL say how many objects were not judged (an API version the judged Istio does not serve)', async () => {
    const v1 = drOnly.replace(/apiVersion: networking\.istio\.io\/\w+/, 'apiVersion: networking.istio.io/v1');
    expect(v1).toContain('networking.istio.io/v1\n');
    const old = await t.http.post('/api/v1/diagnose').send({ manifests: v1, version: '1.20' });
    expect(old.status).toBe(200);
    expect(old.body).toMatchObject({ resourceCount: 1, notJudgedCount: 1, version: '1.20' });
    const current = await t.http.post('/api/v1/diagnose').send({ manifests: v1, version: '1.22' });
    expect(current.body.notJudgedCount).toBe(0);
    const g = await gql(t, 'query($m: String!) { diagnose(manifests: $m, version: "1.20") { resourceCount notJudgedCount } }', { m: v1 });
    expect(g.body.data?.['diagnose']).toEqual({ resourceCount: 1, notJudgedCount: 1 });
  });

  it('GraphQL: diagnose(complete, context) and Diagnosis.inputs, Finding.evidence', async () => {
    const query = `query($m: String!, $c: String, $complete: Boolean) { diagnose(manifests: $m, context: $c, complete: $complete) {
      inputs { complete contextResources previousResources } findings { ruleId severity evidence message } } }`;
    const partial = await gql(t, query, { m: vsOnly });
    expect(partial.body.errors).toBeUndefined();
    expect(subsetFinding(partial.body.data?.['diagnose'].findings)).toMatchObject({ severity: 'WARNING', evidence: 'ABSENCE' });
    const complete = await gql(t, query, { m: vsOnly, complete: true });
    expect(subsetFinding(complete.body.data?.['diagnose'].findings)).toMatchObject({ severity: 'ERROR' });
    expect(complete.body.data?.['diagnose'].inputs).toEqual({ complete: true, contextResources: 0, previousResources: 0 });
    const withContext = await gql(t, query, { m: vsOnly.replace('subset: v3', 'subset: v1'), c: drOnly });
    expect(subsetFinding(withContext.body.data?.['diagnose'].findings)).toBeUndefined();
    expect(withContext.body.data?.['diagnose'].inputs.contextResources).toBe(1);
  });
});
