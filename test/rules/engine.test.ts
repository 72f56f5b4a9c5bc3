import { describe, expect, it } from 'vitest';
import { BadUserInputError, InputTooLargeError } from '../../src/errors.ts';
import { formatPath, runDiagnose } from '../../src/rules/engine.ts';
import { defineRule, type Rule, type RuleContext } from '../../src/rules/types.ts';
import { gatewayWithoutNamespace } from '../support/manifests.ts';

// A probe rule: one finding per VirtualService, at spec.hosts[0], with a settable severity.
function probe(overrides: Partial<Rule> = {}, severity?: 'INFO' | 'WARNING' | 'ERROR'): Rule {
  return defineRule({
    id: 'probe',
    title: 'probe',
    severity: 'WARNING',
    kinds: ['VirtualService'],
    entryKey: 'k',
    versions: {},
    description: 'test rule',
    *check(ctx) {
      for (const vs of ctx.index.ofKind('VirtualService')) {
        yield { resource: vs, path: ['spec', 'hosts', 0], message: `on ${vs.name}`, fix: 'fix it', ...(severity ? { severity } : {}) };
        yield { resource: vs, path: ['spec', 'hosts', 0], message: `on ${vs.name}`, fix: 'duplicate is dropped' };
      }
    },
    ...overrides,
  });
}

const vs = (name: string, annotations = '') => `apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata:
  name: ${name}${annotations ? `\n  annotations:\n    ${annotations}` : ''}
spec:
  hosts:
  - ${name}
`;

describe('runDiagnose', () => {
  it('turns paths into lines, dedupes and sorts findings', () => {
    const result = runDiagnose(`${vs('b')}---\n${vs('a')}`, { version: '1.0' }, [probe()]);
    expect(result.resourceCount).toBe(2);
    expect(result.findings.map((f) => [f.resource.name, f.line, f.path, f.severity, f.entryKey])).toEqual([
      ['b', 7, 'spec.hosts[0]', 'WARNING', 'k'],
      ['a', 15, 'spec.hosts[0]', 'WARNING', 'k'],
    ]);
    expect(result.findings[0]?.resource).toEqual({ kind: 'VirtualService', name: 'b', namespace: 'default', line: 1, source: 'manifests', file: 'manifests' });
  });

  it('maps paths of List items to lines of the item', () => {
    const list = `apiVersion: v1
kind: List
items:
- apiVersion: networking.istio.io/v1alpha3
  kind: VirtualService
  metadata: {name: a}
  spec:
    hosts:
    - a
`;
    const [finding] = runDiagnose(list, { version: '1.0' }, [probe()]).findings;
    expect(finding?.line).toBe(9);
    expect(finding?.resource.line).toBe(4);
  });

  it('keeps lines per file across several inputs', () => {
    const result = runDiagnose(
      [
        { file: 'one.yaml', text: vs('a') },
        { file: 'two.yaml', text: `# comment\n${vs('b')}` },
      ],
      { version: '1.0' },
      [probe()],
    );
    expect(result.findings.map((f) => [f.resource.file, f.line])).toEqual([
      ['one.yaml', 7],
      ['two.yaml', 8],
    ]);
  });

  it('honours the ignore annotation (one id, a list, or *) and counts suppressions', () => {
    const text = [vs('a', 'istio-kb.io/ignore: probe'), vs('b', 'istio-kb.io/ignore: "other, probe"'), vs('c', 'istio-kb.io/ignore: "*"'), vs('d', 'istio-kb.io/ignore: other')].join('---\n');
    const result = runDiagnose(text, { version: '1.0' }, [probe()]);
    expect(result.findings.map((f) => f.resource.name)).toEqual(['d']);
    expect(result.suppressedCount).toBe(6);
  });

  it('honours the ignore option and minSeverity', () => {
    expect(runDiagnose(vs('a'), { version: '1.0', ignore: ['probe'] }, [probe()]).findings).toEqual([]);
    expect(runDiagnose(vs('a'), { version: '1.0', minSeverity: 'ERROR' }, [probe()]).findings).toEqual([]);
    expect(runDiagnose(vs('a'), { version: '1.0', minSeverity: 'ERROR' }, [probe({}, 'ERROR')]).findings).toHaveLength(1);
  });

  it('applies only rules whose version range covers the version, and whose kinds are present', () => {
    const late = probe({ versions: { from: '1.5' } });
    expect(runDiagnose(vs('a'), { version: '1.0.6' }, [late]).findings).toEqual([]);
    expect(runDiagnose(vs('a'), { version: '1.5' }, [late]).findings).toHaveLength(1);
    const early = probe({ versions: { to: '1.0' } });
    expect(runDiagnose(vs('a'), { version: '1.1' }, [early]).findings).toEqual([]);
    let ran = false;
    const gatewaysOnly = probe({ kinds: ['Gateway'], *check() { ran = true; } });
    runDiagnose(vs('a'), { version: '1.0' }, [gatewaysOnly]);
    expect(ran).toBe(false);
  });

  it('parses versions and rejects invalid ones', () => {
    let seen: RuleContext | undefined;
    const spy = probe({ *check(ctx) { seen = ctx; } });
    runDiagnose(vs('a'), { version: 'v1.4.3' }, [spy]);
    expect(seen?.version).toEqual({ major: 1, minor: 4, name: '1.4' });
    expect(seen?.atLeast('1.4')).toBe(true);
    expect(seen?.atLeast('1.5')).toBe(false);
    expect(seen?.mesh.autoMtls).toBe(false);
    runDiagnose(vs('a'), { version: '1.5' }, [spy]);
    expect(seen?.mesh.autoMtls).toBe(true);
    runDiagnose(vs('a'), { version: '1.5', autoMtls: false }, [spy]);
    expect(seen?.mesh.autoMtls).toBe(false);
    for (const bad of ['', 'latest', '1', 'x.y', '1.0; drop']) {
      expect(() => runDiagnose(vs('a'), { version: bad }, [spy])).toThrow(BadUserInputError);
    }
  });

  it('gives rules the previous manifests as their own index', () => {
    let previousNames: string[] = [];
    const spy = probe({ *check(ctx) { previousNames = (ctx.previous?.ofKind('VirtualService') ?? []).map((r) => r.uid); } });
    runDiagnose(vs('a'), { version: '1.0', previous: vs('old') }, [spy]);
    expect(previousNames).toEqual(['previous:VirtualService/default/old#0']);
  });

  it('reports parse errors and notes but still checks the rest', () => {
    const result = runDiagnose(`${vs('a')}---\nkind: [\n---\nhello\n---\n${vs('b')}`, { version: '1.0' }, [probe()]);
    expect(result.findings.map((f) => f.resource.name)).toEqual(['a', 'b']);
    expect(result.parseErrors).toHaveLength(1);
    expect(result.notes.some((n) => n.includes('not a Kubernetes object'))).toBe(true);
  });

  it('turns a throwing rule into a note', () => {
    const broken = probe({ *check() { throw new Error('boom'); } });
    const result = runDiagnose(vs('a'), { version: '1.0' }, [broken, probe({ id: 'other' })]);
    expect(result.notes).toContain('rule probe failed and was skipped: boom');
    expect(result.findings).toHaveLength(1);
  });

  it('enforces limits and validates options', () => {
    expect(() => runDiagnose(vs('a'), { version: '1.0', limits: { maxInputBytes: 5 } }, [probe()])).toThrow(InputTooLargeError);
    expect(() => runDiagnose(vs('a'), { version: '1.0', previous: vs('b'), limits: { maxResources: 1 } }, [probe()])).toThrow(InputTooLargeError);
    expect(() => runDiagnose(vs('a'), { version: '1.0', minSeverity: 'LOUD' as never }, [probe()])).toThrow(BadUserInputError);
    expect(() => runDiagnose([{ file: 1, text: 'x' }] as never, { version: '1.0' }, [probe()])).toThrow(BadUserInputError);
  });

  it('formats paths', () => {
    expect(formatPath(['spec', 'http', 0, 'route', 1, 'destination', 'subset'])).toBe('spec.http[0].route[1].destination.subset');
    expect(formatPath(['metadata', 'labels', 'app.kubernetes.io/name'])).toBe('metadata.labels["app.kubernetes.io/name"]');
    expect(formatPath([])).toBe('');
  });
});

describe('object identity, context and evidence levels (issue 10)', () => {
  const files = (...texts: string[]) => texts.map((text, i) => ({ file: `f${i}.yaml`, text }));

  it('the same kind/namespace/name in two files is one object: the last one wins, with a note', () => {
    let seen: string[] = [];
    const spy = probe({ *check(ctx) { seen = ctx.index.ofKind('VirtualService').map((r) => `${r.file}:${r.name}`); } });
    const result = runDiagnose(files(vs('a'), vs('a'), vs('b')), { version: '1.25' }, [spy]);
    expect(seen).toEqual(['f1.yaml:a', 'f2.yaml:b']);
    expect(result.notes.some((n) => n.startsWith('f0.yaml:1: VirtualService default/a is defined again at f1.yaml:1'))).toBe(true);
  });

  it('a cluster-scoped object is named without a namespace, and one whatever namespace it was given (audit7)', () => {
    // cert-manager/istio-csr: httpbin.yaml and sleep.yaml both create Namespace sandbox.
    const ns = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: sandbox\n';
    const role = (extra: string) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: r${extra}\n`;
    const result = runDiagnose(files(ns, ns, role(''), role('\n  namespace: app')), { version: '1.25' }, [probe()]);
    expect(result.notes).toEqual([
      'f0.yaml:1: Namespace sandbox is defined again at f1.yaml:1; the later definition is used, as applying both would leave it',
      'f2.yaml:1: ClusterRole r is defined again at f3.yaml:1; the later definition is used, as applying both would leave it',
    ]);
  });

  it('context objects resolve references but are never reported on; manifests replace them', () => {
    const result = runDiagnose(files(vs('a')), { version: '1.25', context: files(vs('a'), vs('c')) }, [probe()]);
    expect(result.findings.map((f) => `${f.resource.source}:${f.resource.name}`)).toEqual(['manifests:a']);
    expect(result.inputs).toEqual({ complete: false, contextResources: 2, previousResources: 0 });
  });

  const absentProbe = (severity: 'ERROR' | 'WARNING' | 'INFO') =>
    probe({
      severity,
      *check(ctx) {
        for (const r of ctx.index.ofKind('VirtualService')) yield { resource: r, path: ['spec'], message: `needs x for ${r.name}.`, fix: 'add x', absent: 'x' };
      },
    });

  it('absence-only findings are at most WARNING and say the input may be partial, unless complete', () => {
    const partial = runDiagnose(vs('a'), { version: '1.25' }, [absentProbe('ERROR')]).findings[0];
    expect(partial).toMatchObject({ severity: 'WARNING', evidence: 'absence' });
    expect(partial?.message).toContain('the input may be partial');
    const complete = runDiagnose(vs('a'), { version: '1.25', complete: true }, [absentProbe('ERROR')]).findings[0];
    expect(complete).toMatchObject({ severity: 'ERROR', evidence: 'absence', message: 'needs x for a.' });
    // An INFO stays INFO; the cap never raises a severity.
    expect(runDiagnose(vs('a'), { version: '1.25' }, [absentProbe('INFO')]).findings[0]?.severity).toBe('INFO');
  });

  it('an absence finding names the parse errors: the referent may be in what they left unread (audit7)', () => {
    // retroryan/istio-workshop: the Deployment labelled version "1.0" failed to parse (a label key
    // written twice), and the subset that selects it was reported as selecting no pod, as if the
    // Deployment were not there.
    const broken = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n  labels:\n    version: "1"\n    version: "2"\n';
    const partial = runDiagnose(files(vs('a'), broken), { version: '1.25' }, [absentProbe('ERROR')]).findings[0];
    expect(partial).toMatchObject({ severity: 'WARNING', evidence: 'absence' });
    expect(partial?.message).toContain('the input may be partial');
    expect(partial?.message).toContain('1 parse error left part of the input unread (f1.yaml:7), and x may be in it');
    // Declared complete, the input is still not complete as read: at most a WARNING, saying why.
    const complete = runDiagnose(files(vs('a'), broken), { version: '1.25', complete: true }, [absentProbe('ERROR')]).findings[0];
    expect(complete).toMatchObject({ severity: 'WARNING', evidence: 'absence' });
    expect(complete?.message).toBe('needs x for a; but 1 parse error left part of the input unread (f1.yaml:7), and x may be in it.');
    // Contradictions do not rest on what is missing: unchanged.
    expect(runDiagnose(files(vs('a'), broken), { version: '1.25' }, [probe({}, 'ERROR')]).findings[0]).toMatchObject({ severity: 'ERROR', message: 'on a' });
  });

  it('an absence finding names the OpenShift Templates: the referent may be among their objects (audit8)', () => {
    // RedHatGov/service-mesh-workshop-code: the Service boards is one of the objects of the Template
    // boards (openshift-configuration/boards.yaml), created by `oc process`; the VirtualService routing to
    // it was reported as routing to no Service, an ERROR with --complete.
    const template = 'apiVersion: template.openshift.io/v1\nkind: Template\nmetadata:\n  name: boards\nobjects:\n- apiVersion: v1\n  kind: Service\n  metadata:\n    name: boards\n';
    const partial = runDiagnose(files(vs('a'), template), { version: '1.25' }, [absentProbe('ERROR')]).findings[0];
    expect(partial).toMatchObject({ severity: 'WARNING', evidence: 'absence' });
    expect(partial?.message).toContain('the objects of 1 OpenShift Template were not read (f1.yaml:1), and x may be in it');
    const complete = runDiagnose(files(vs('a'), template), { version: '1.25', complete: true }, [absentProbe('ERROR')]).findings[0];
    expect(complete).toMatchObject({ severity: 'WARNING', evidence: 'absence' });
    expect(complete?.message).toBe('needs x for a; but the objects of 1 OpenShift Template were not read (f1.yaml:1), and x may be in it.');
    // A Template without objects hides nothing.
    const empty = 'apiVersion: template.openshift.io/v1\nkind: Template\nmetadata:\n  name: boards\nobjects: []\n';
    expect(runDiagnose(files(vs('a'), empty), { version: '1.25', complete: true }, [absentProbe('ERROR')]).findings[0]).toMatchObject({ severity: 'ERROR', message: 'needs x for a.' });
  });

  it('contradictions keep their severity', () => {
    expect(runDiagnose(vs('a'), { version: '1.25' }, [probe({}, 'ERROR')]).findings[0]).toMatchObject({ severity: 'ERROR', evidence: 'contradiction' });
  });

  it('rejects a complete option that is not a boolean', () => {
    expect(() => runDiagnose(vs('a'), { version: '1.25', complete: 'yes' as unknown as boolean }, [probe()])).toThrow(BadUserInputError);
  });
});

describe('object identity across API versions and groups (issue 10)', () => {
  it('v1alpha3 and v1 of one kind are one object; a Gateway API Gateway is another object', () => {
    let seen: string[] = [];
    const spy = probe({ kinds: ['Gateway'], *check(ctx) { seen = ctx.index.ofKind('Gateway').map((r) => r.apiVersion); } });
    const gw = (apiVersion: string) => `apiVersion: ${apiVersion}\nkind: Gateway\nmetadata: {name: public}\nspec: {}\n`;
    runDiagnose(`${gw('networking.istio.io/v1alpha3')}---\n${gw('networking.istio.io/v1')}---\n${gw('gateway.networking.k8s.io/v1')}`, { version: '1.25' }, [spy]);
    // The Gateway API object is not indexed as an Istio Gateway at all.
    expect(seen).toEqual(['networking.istio.io/v1']);
  });
});

describe('namespace: where objects without metadata.namespace land (kubectl apply -n)', () => {
  const gatewayFindings = (namespace?: string) =>
    runDiagnose([{ file: 'gateway-customer.yml', text: gatewayWithoutNamespace }], { version: '1.25', ...(namespace ? { namespace } : {}) }).findings.filter((f) => f.ruleId === 'vs-gateway-not-found');

  it('puts them in the given namespace, so a reference from a named one resolves', () => {
    expect(gatewayFindings()).toHaveLength(1);
    // Without it, the fix says why the Gateway next to it does not count and how to say where it goes.
    expect(gatewayFindings()[0]?.fix).toContain('Gateway default/customer-gateway names no namespace, so it is judged in default: if its file is applied with `kubectl apply -n tutorial`, diagnose with that namespace too (CLI `-n tutorial`).');
    expect(gatewayFindings('tutorial')).toEqual([]);
  });

  it('resolves a repository file without namespaces against a cluster dump that names them', () => {
    const vs = 'apiVersion: networking.istio.io/v1beta1\nkind: VirtualService\nmetadata: {name: reviews}\nspec:\n  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews, subset: v2}\n';
    const context = 'apiVersion: networking.istio.io/v1beta1\nkind: DestinationRule\nmetadata: {name: reviews, namespace: shop}\nspec:\n  host: reviews\n  subsets:\n  - {name: v2, labels: {version: v2}}\n';
    const run = (namespace?: string) => runDiagnose([{ file: 'vs.yaml', text: vs }], { version: '1.25', context, ...(namespace ? { namespace } : {}) }).findings.filter((f) => f.ruleId === 'vs-subset-not-defined');
    expect(run()).toHaveLength(1);
    expect(run('shop')).toEqual([]);
  });

  it('refuses a name kubectl would refuse', () => {
    expect(() => runDiagnose('apiVersion: v1\nkind: Service\nmetadata: {name: a}\n', { version: '1.25', namespace: 'Shop_1' })).toThrow(BadUserInputError);
  });

  // audit9: an app repository's files name `default` while the job passed `-n shop`; kubectl apply -n
  // shop refuses them ("the namespace from the provided object "default" does not match the namespace
  // "shop""), and diagnose judged them as if they were applied.
  it('refuses, as kubectl apply -n does, an object that names another namespace than the one asked for', () => {
    const named = 'apiVersion: networking.istio.io/v1alpha3\nkind: VirtualService\nmetadata: {name: web, namespace: default}\nspec:\n  hosts: [web]\n  http:\n  - route:\n    - destination: {host: web, subset: v9}\n';
    const unnamed = 'apiVersion: v1\nkind: Service\nmetadata: {name: api}\nspec:\n  ports: [{port: 80, name: http}]\n';
    const cluster = 'apiVersion: authentication.istio.io/v1alpha1\nkind: MeshPolicy\nmetadata: {name: default, namespace: istio-system}\nspec:\n  peers: [{mtls: {}}]\n';
    const inputs = [{ file: 'vs.yaml', text: named }, { file: 'svc.yaml', text: unnamed }, { file: 'mesh.yaml', text: cluster }];
    const shop = runDiagnose(inputs, { version: '1.4', namespace: 'shop' }, [probe()]);
    expect(shop.parseErrors.map((e) => [e.file, e.line, e.message])).toEqual([
      [
        'vs.yaml',
        1,
        'VirtualService default/web names namespace "default", but the namespace "shop" was asked for: kubectl apply -n shop refuses it (the namespace from the provided object "default" does not match the namespace "shop") and it is not judged; drop the namespace option or the object\'s metadata.namespace.',
      ],
    ]);
    expect(shop.findings).toEqual([]);
    expect(shop.notJudgedCount).toBe(1);
    expect(shop.resourceCount).toBe(3);
    // The namespace asked for, or none asked for: nothing refused.
    for (const options of [{ namespace: 'default' }, {}]) {
      const run = runDiagnose(inputs, { version: '1.4', ...options }, [probe()]);
      expect(run.parseErrors).toEqual([]);
      expect(run.findings.map((f) => f.resource.name)).toEqual(['web']);
    }
    // Context is what the cluster has, not what is applied: it names any namespace.
    expect(runDiagnose([{ file: 'svc.yaml', text: unnamed }], { version: '1.4', namespace: 'shop', context: named }, [probe()]).parseErrors).toEqual([]);
  });
});
