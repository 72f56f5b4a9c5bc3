// The version-facts table (one place for "since when does Istio behave this way", with sources) and
// the removed-API notes built from it (issue 10: old files judged by a newer Istio are not silent).
import { describe, expect, it } from 'vitest';
import { runDiagnose } from '../../src/rules/engine.ts';
import type { DiagnoseOptions } from '../../src/rules/result.ts';
import { FACTS, NEW_APIS, REMOVED_APIS, isServed, newApi, removedApi } from '../../src/rules/version-facts.ts';
import { parseVersion } from '../../src/rules/version.ts';

const meshPolicy = `apiVersion: authentication.istio.io/v1alpha1
kind: MeshPolicy
metadata:
  name: default
spec:
  peers:
  - mtls: {}
`;

describe('version facts', () => {
  it('every fact and removal names a parseable version and a source', () => {
    for (const [id, fact] of Object.entries(FACTS)) {
      expect(() => parseVersion(fact.since), id).not.toThrow();
      expect(fact.source.length, id).toBeGreaterThan(10);
    }
    for (const r of REMOVED_APIS) {
      expect(() => parseVersion(r.removedIn)).not.toThrow();
      expect(r.replacement.length).toBeGreaterThan(10);
      expect(r.source.length).toBeGreaterThan(10);
    }
  });

  it('matches specific kinds before a whole group', () => {
    expect(removedApi('config.istio.io/v1alpha2', 'RouteRule')?.removedIn).toBe('1.0');
    expect(removedApi('config.istio.io/v1alpha2', 'handler')?.removedIn).toBe('1.8');
    expect(removedApi('authentication.istio.io/v1alpha1', 'Policy')?.removedIn).toBe('1.6');
    expect(removedApi('rbac.istio.io/v1alpha1', 'ServiceRoleBinding')?.replacement).toContain('AuthorizationPolicy');
    expect(removedApi('networking.istio.io/v1beta1', 'VirtualService')).toBeUndefined();
    expect(removedApi('security.istio.io/v1beta1', 'PeerAuthentication')).toBeUndefined();
  });
});

describe('removed APIs are not silent', () => {
  const notesAt = (yaml: string, version: string) => runDiagnose([{ file: 'old.yaml', text: yaml }], { version }).notes;

  it('MeshPolicy judged as 1.25: removed in 1.6, names PeerAuthentication', () => {
    const notes = notesAt(meshPolicy, '1.25');
    const note = notes.find((n) => n.includes('MeshPolicy default (authentication.istio.io/v1alpha1)'));
    expect(note).toContain('old.yaml:1');
    expect(note).toContain('removed in Istio 1.6');
    expect(note).toContain('PeerAuthentication');
  });

  it('MeshPolicy judged as 1.5: deprecated, still applied', () => {
    expect(notesAt(meshPolicy, '1.5').find((n) => n.includes('MeshPolicy'))).toContain('deprecated since Istio 1.4');
  });

  it('MeshPolicy judged as 1.0: no remark', () => {
    expect(notesAt(meshPolicy, '1.0').some((n) => n.includes('MeshPolicy'))).toBe(false);
  });

  it('RBAC, Mixer and v1alpha2 routing kinds name their replacements', () => {
    const yaml = [
      'apiVersion: rbac.istio.io/v1alpha1\nkind: ServiceRole\nmetadata: {name: reader, namespace: shop}\nspec: {rules: []}',
      'apiVersion: config.istio.io/v1alpha2\nkind: handler\nmetadata: {name: prom, namespace: istio-system}\nspec: {compiledAdapter: prometheus}',
      'apiVersion: config.istio.io/v1alpha2\nkind: RouteRule\nmetadata: {name: reviews-default}\nspec: {destination: {name: reviews}}',
    ].join('\n---\n');
    const notes = notesAt(yaml, '1.25');
    expect(notes.find((n) => n.includes('ServiceRole shop/reader'))).toContain('AuthorizationPolicy');
    expect(notes.find((n) => n.includes('handler istio-system/prom'))).toContain('removed in Istio 1.8');
    expect(notes.find((n) => n.includes('RouteRule default/reviews-default'))).toContain('VirtualService');
  });

  it('the legacy policy no longer decides mTLS from 1.6: no mtls-conflict built on it', () => {
    const dr = 'apiVersion: networking.istio.io/v1alpha3\nkind: DestinationRule\nmetadata: {name: reviews}\nspec: {host: reviews, trafficPolicy: {tls: {mode: DISABLE}}}\n';
    const svc = 'apiVersion: v1\nkind: Service\nmetadata: {name: reviews}\nspec: {selector: {app: reviews}, ports: [{name: http, port: 9080}]}\n';
    const at = (version: string) => runDiagnose(`${meshPolicy}---\n${dr}---\n${svc}`, { version }).findings.filter((f) => f.ruleId === 'mtls-conflict');
    expect(at('1.4').length).toBeGreaterThan(0);
    expect(at('1.25')).toEqual([]);
  });
});

describe('API versions not served yet are not silent', () => {
  const notesAt = (yaml: string, version: string) => runDiagnose([{ file: 'new.yaml', text: yaml }], { version }).notes;
  // istio/istio samples/bookinfo/networking/destination-rule-all.yaml, in networking.istio.io/v1 since 1.22.
  const dr = 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: reviews\nspec:\n  host: reviews\n';
  const pa = 'apiVersion: security.istio.io/v1beta1\nkind: PeerAuthentication\nmetadata:\n  name: default\n  namespace: istio-system\nspec:\n  mtls: {mode: STRICT}\n';

  it('every row names a parseable version, what to write instead and a source', () => {
    for (const a of NEW_APIS) {
      expect(() => parseVersion(a.servedFrom)).not.toThrow();
      expect(a.before.length).toBeGreaterThan(10);
      expect(a.source.length).toBeGreaterThan(10);
    }
    expect(newApi('networking.istio.io/v1', 'VirtualService')?.servedFrom).toBe('1.22');
    expect(newApi('networking.istio.io/v1beta1', 'Gateway')?.servedFrom).toBe('1.5');
    expect(newApi('networking.istio.io/v1alpha3', 'VirtualService')).toBeUndefined();
    expect(newApi('networking.istio.io/v1', 'EnvoyFilter')).toBeUndefined();
  });

  it('networking.istio.io/v1 judged as 1.20: refused, names v1beta1; as 1.22 and later: no remark', () => {
    const note = notesAt(dr, '1.20').find((n) => n.includes('DestinationRule default/reviews'));
    expect(note).toContain('new.yaml:1');
    expect(note).toContain('served from Istio 1.22');
    expect(note).toContain('networking.istio.io/v1beta1');
    expect(notesAt(dr, '1.22').some((n) => n.includes('served from'))).toBe(false);
    expect(notesAt(dr, '1.25').some((n) => n.includes('served from'))).toBe(false);
  });

  it('PeerAuthentication judged as 1.4: refused, names the authentication API it replaced; as 1.5: no remark', () => {
    expect(notesAt(pa, '1.4').find((n) => n.includes('PeerAuthentication istio-system/default'))).toContain('MeshPolicy');
    expect(notesAt(pa, '1.5').some((n) => n.includes('served from'))).toBe(false);
  });
});

describe('objects the judged version does not serve are not judged (audit6)', () => {
  // The shape of a real repository (a per-service mTLS DestinationRule and a PERMISSIVE
  // PeerAuthentication, both in v1beta1), judged for an older mesh: the API server refuses both, so
  // the DestinationRule cannot break anything and "ISTIO_MUTUAL without a policy" would be false.
  const dr =
    'apiVersion: networking.istio.io/v1beta1\nkind: DestinationRule\nmetadata:\n  name: auth-mtls\nspec:\n  host: auth\n  trafficPolicy:\n    tls:\n      mode: ISTIO_MUTUAL\n';
  const svc = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: auth\nspec:\n  selector: {app: auth}\n  ports:\n  - port: 8000\n    name: http\n';
  const run = (version: string, extra: Partial<DiagnoseOptions> = {}) =>
    runDiagnose([{ file: 'dr.yaml', text: dr }, { file: 'svc.yaml', text: svc }], { version, autoMtls: false, ...extra });
  const mtls = (r: ReturnType<typeof run>) => r.findings.filter((f) => f.ruleId === 'mtls-conflict').map((f) => f.resource.name);

  it.each([
    ['1.4', 'skip (default)', {}, []],
    ['1.4', 'judge', { unservedApis: 'judge' as const }, ['auth-mtls']],
    ['1.0', 'skip (default)', {}, []],
  ])('judged as %s, unserved objects %s: mtls-conflict on %j', (version, _mode, extra, expected) => {
    expect(mtls(run(version, extra))).toEqual(expected);
  });

  it('counts the objects left out, so a summary does not call them checked', () => {
    expect(run('1.4').notJudgedCount).toBe(1);
    expect(run('1.4', { unservedApis: 'judge' }).notJudgedCount).toBe(0);
    expect(run('1.25').notJudgedCount).toBe(0);
  });

  it('the note says the object is not judged and what to write instead', () => {
    const note = run('1.4').notes.find((n) => n.includes('DestinationRule default/auth-mtls'));
    expect(note).toContain('refuses it');
    expect(note).toContain('not judged');
    expect(note).toContain('networking.istio.io/v1alpha3');
  });

  it('a refused object does not replace what the cluster holds: the applied v1alpha3 definition stays', () => {
    const applied = dr.replace('v1beta1', 'v1alpha3').replace('ISTIO_MUTUAL', 'DISABLE');
    const withContext = runDiagnose([{ file: 'dr.yaml', text: dr }, { file: 'svc.yaml', text: svc }], {
      version: '1.4',
      autoMtls: false,
      context: [{ file: 'cluster.yaml', text: applied }],
    });
    expect(withContext.notes.some((n) => n.includes('is defined again'))).toBe(false);
    expect(mtls(withContext)).toEqual([]);
  });

  it('a removed kind is left out too: a v1alpha1 MeshPolicy at 1.6 enables nothing', () => {
    expect(isServed('authentication.istio.io/v1alpha1', 'MeshPolicy', parseVersion('1.5'))).toBe(true);
    expect(isServed('authentication.istio.io/v1alpha1', 'MeshPolicy', parseVersion('1.6'))).toBe(false);
    expect(isServed('networking.istio.io/v1', 'VirtualService', parseVersion('1.21'))).toBe(false);
    expect(isServed('networking.istio.io/v1', 'VirtualService', parseVersion('1.22'))).toBe(true);
    expect(isServed('v1', 'Service', parseVersion('1.0'))).toBe(true);
  });

  it('an unknown mode is a clear input error', () => {
    expect(() => runDiagnose('', { version: '1.4', unservedApis: 'maybe' as never })).toThrow(/unservedApis/);
  });
});

describe('workloads in API versions Kubernetes 1.16 stopped serving (audit7)', () => {
  // istio-ecosystem/admiral install/sample/base/greeting.yaml: an apps/v1beta1 Deployment. Every
  // Kubernetes Istio 1.7 and later support refuses it, yet it was judged (an INFO "no version label")
  // and silently counted as the pods of its Service.
  const deployment = (apiVersion: string) =>
    `apiVersion: ${apiVersion}\nkind: Deployment\nmetadata:\n  name: greeting\nspec:\n  template:\n    metadata:\n      labels: {app: greeting}\n    spec:\n      containers:\n      - name: greeting\n        image: nginx\n`;
  const run = (apiVersion: string, version: string) => runDiagnose([{ file: 'd.yaml', text: deployment(apiVersion) }], { version });

  it.each([
    ['apps/v1beta1', '1.25', 1],
    ['apps/v1beta2', '1.7', 1],
    ['extensions/v1beta1', '1.25', 1],
    ['extensions/v1beta1', '1.6', 0],
    ['apps/v1beta1', '1.0', 0],
    ['apps/v1', '1.25', 0],
  ])('a Deployment in %s judged as %s: %i left out', (apiVersion, version, left) => {
    const result = run(apiVersion, version);
    expect(result.notJudgedCount).toBe(left);
    expect(result.findings.some((f) => f.ruleId === 'workload-missing-labels')).toBe(left === 0);
  });

  it('the note names Kubernetes 1.16 and apps/v1, and its sources', () => {
    const note = run('apps/v1beta1', '1.25').notes.find((n) => n.includes('Deployment default/greeting (apps/v1beta1)'));
    expect(note).toContain('no longer served since Kubernetes 1.16');
    expect(note).toContain('Use apps/v1');
    expect(note).toContain('supported-releases');
    expect(removedApi('extensions/v1beta1', 'Ingress')).toBeUndefined();
    expect(removedApi('apps/v1', 'Deployment')).toBeUndefined();
  });
});

describe('an Istio apiVersion no release serves (audit8)', () => {
  // instana/robot-shop K8s/Istio/gateway.yaml: `apiVersion: networking.istio.io/v1aplha3`. kubectl apply
  // fails (no matches for kind "VirtualService" in version "networking.istio.io/v1aplha3"), yet the
  // object was judged as a VirtualService: an ERROR on its route, nothing on the apiVersion.
  const vs = (apiVersion: string) =>
    `apiVersion: ${apiVersion}\nkind: VirtualService\nmetadata:\n  name: robotshop\nspec:\n  hosts: ["*"]\n  gateways: [robotshop-gateway]\n  http:\n  - route:\n    - destination:\n      host: web\n`;
  const run = (apiVersion: string, version = '1.25') => runDiagnose([{ file: 'gateway.yaml', text: vs(apiVersion) }], { version });

  it.each([
    ['networking.istio.io/v1aplha3', 1],
    ['networking.istio.io/v1alpha', 1],
    ['networking.istio.io/V1beta1', 1],
    ['security.istio.io/v1.0', 1],
    ['networking.istio.io/v1alpha3', 0],
    ['networking.istio.io/v1beta1', 0],
    ['networking.istio.io/v1', 0],
  ])('%s: %i left out', (apiVersion, left) => {
    const result = run(apiVersion);
    expect(result.notJudgedCount).toBe(left);
    expect(result.findings.some((f) => f.ruleId === 'vs-destination-host-unknown')).toBe(left === 0);
  });

  it('is an input error like a file that does not parse (the run is no pass), naming the version it cannot be, the ones Istio has, and its sources', () => {
    const result = run('networking.istio.io/v1aplha3');
    expect(result.parseErrors).toHaveLength(1);
    expect(result.parseErrors[0]).toMatchObject({ file: 'gateway.yaml', line: 1, source: 'manifests' });
    expect(run('networking.istio.io/v1alpha3').parseErrors).toHaveLength(0);
    const note = result.parseErrors[0]?.message;
    expect(note).toContain('VirtualService default/robotshop (networking.istio.io/v1aplha3)');
    expect(note).toContain('no Istio release serves');
    expect(note).toContain('networking.istio.io/v1alpha3');
    expect(note).toContain('not judged');
    expect(note).toContain('crd-all.gen.yaml');
    expect(isServed('networking.istio.io/v1aplha3', 'VirtualService', parseVersion('1.0'))).toBe(false);
    expect(isServed('install.istio.io/v1alpha1', 'IstioOperator', parseVersion('1.25'))).toBe(true);
    expect(isServed('example.com/v1aplha3', 'Widget', parseVersion('1.25'))).toBe(true);
  });
});
