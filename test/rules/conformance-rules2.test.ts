// Runs the rules-2 rules over the peer tools' own fixtures (read by path, never copied) and pins
// what we report. Where we differ from the reference tool, the case says why.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { runDiagnose } from '../../src/rules/engine.ts';
import type { Rule } from '../../src/rules/types.ts';
import { PEER_FIXTURES_DIR, describeIfPresent } from '../support/shared.ts';
import mtlsConflict from '../../src/rules/checks/mtls-conflict.ts';
import gatewayRouteIgnoresSubsets from '../../src/rules/checks/gateway-route-ignores-subsets.ts';
import vsMeshWildcardHost from '../../src/rules/checks/vs-mesh-wildcard-host.ts';
import servicePortName from '../../src/rules/checks/service-port-name.ts';
import podPortProtocolConflict from '../../src/rules/checks/pod-port-protocol-conflict.ts';
import gatewayHttpsPortNameConflict from '../../src/rules/checks/gateway-https-port-name-conflict.ts';

interface Case {
  readonly file: string;
  readonly rule: Rule;
  readonly version: string;
  readonly autoMtls?: boolean;
  /** "Kind ns/name" of every expected finding (duplicates = several findings). */
  readonly expected: readonly string[];
  readonly why: string;
}

const LEGACY = 'istioctl-analyze-legacy-galley-1.5';
const HEAD = 'istioctl-analyze';

const cases: Case[] = [
  // §2 — legacy Galley auth.MTLSAnalyzer (IST0113/IST0115), Istio 1.4 semantics, autoMtls off.
  { file: `${LEGACY}/mtls-global-dr-no-meshpolicy.yaml`, rule: mtlsConflict, version: '1.4', autoMtls: false,
    expected: ['DestinationRule istio-system/default'], why: 'IST0113: *.local ISTIO_MUTUAL without a MeshPolicy' },
  { file: `${LEGACY}/mtls-global-dr-no-meshpolicy.yaml`, rule: mtlsConflict, version: '1.4', autoMtls: true,
    expected: [], why: 'mesh-with-automtls.yaml: with auto mTLS a permissive install is assumed, as the analyzer skips' },
  { file: `${LEGACY}/mtls-meshpolicy.yaml`, rule: mtlsConflict, version: '1.4', autoMtls: false,
    expected: ['MeshPolicy default/default'], why: 'IST0113 global case, reported once on the MeshPolicy' },
  { file: `${LEGACY}/mtls-meshpolicy-permissive.yaml`, rule: mtlsConflict, version: '1.4', autoMtls: false,
    expected: [], why: 'PERMISSIVE accepts plain text' },
  { file: `${LEGACY}/mtls-no-dr.yaml`, rule: mtlsConflict, version: '1.4', autoMtls: false,
    expected: ['Policy missing-dr/default'], why: 'clients in missing-dr see no DestinationRule (the one in has-dr only applies to clients there)' },
  { file: `${LEGACY}/mtls-no-policy.yaml`, rule: mtlsConflict, version: '1.4', autoMtls: false,
    expected: ['DestinationRule no-policy/no-policy-service-dr'], why: 'ISTIO_MUTUAL toward a server without policy' },
  { file: `${LEGACY}/mtls-with-port.yaml`, rule: mtlsConflict, version: '1.4', autoMtls: false,
    expected: ['DestinationRule my-namespace/default'],
    why: 'port 8081 is plain text; istioctl also reports the Policy, we report the DestinationRule with the Policy as related' },
  { file: `${LEGACY}/mtls-no-sidecar.yaml`, rule: mtlsConflict, version: '1.4', autoMtls: false,
    expected: ['DestinationRule istio-system/default'], why: 'IST0115: *.local ISTIO_MUTUAL reaches a pod without istio-proxy' },
  // §2 — Kiali.
  { file: 'kiali/005.yaml', rule: mtlsConflict, version: '1.0',
    expected: ['DestinationRule default/reviews', 'DestinationRule istio-system/default'],
    why: 'KIA0204 on reviews (WARNING: it drops the mesh-wide ISTIO_MUTUAL); the bundle has no MeshPolicy, so in 1.0 the *.local rule itself conflicts too (the 004 case)' },
  { file: 'kiali/004.yaml', rule: mtlsConflict, version: '1.4', autoMtls: false,
    expected: ['DestinationRule istio-system/default'], why: 'KIA0205: mesh-wide ISTIO_MUTUAL without a policy enabling mTLS' },
  { file: 'kiali/004.yaml', rule: mtlsConflict, version: '1.25', autoMtls: false,
    expected: [], why: 'from 1.5 the default is PERMISSIVE, which accepts ISTIO_MUTUAL; Kiali still reports KIA0205 there' },
  { file: 'kiali/disabled_meshwide_checker_2.yaml', rule: mtlsConflict, version: '1.25',
    expected: ['DestinationRule bookinfo/disable-mesh-mtls'], why: 'KIA0208: *.local DISABLE while the mesh PeerAuthentication is STRICT' },
  // §4
  { file: `${HEAD}/virtualservice_route_rule_no_effects_ingress.yaml`, rule: gatewayRouteIgnoresSubsets, version: '1.0',
    expected: ['VirtualService default/testing-service-01-test-01'], why: 'IST0140' },
  { file: `${HEAD}/virtualservice_gateways.yaml`, rule: vsMeshWildcardHost, version: '1.0',
    expected: ['VirtualService default/httpbin-mesh'],
    why: 'the fixture tests gateway references only; Istio validation rejects "*" for a mesh-bound VirtualService' },
  // §5
  { file: `${HEAD}/service-no-port-name.yaml`, rule: servicePortName, version: '1.0',
    expected: ['Service my-namespace1/my-service1', 'Service my-namespace1/my-service1', 'Service my-namespace2/my-service2'], why: 'IST0118' },
  { file: `${HEAD}/service-port-name.yaml`, rule: servicePortName, version: '1.25', expected: [], why: 'named ports; managed gateway/waypoint services skipped' },
  { file: 'kiali/701.yaml', rule: servicePortName, version: '1.0', expected: ['Service bookinfo/ratings-java-svc'], why: 'KIA0601 (wrong-http)' },
  { file: `${HEAD}/deployment-multi-service.yaml`, rule: podPortProtocolConflict, version: '1.0',
    expected: ['Deployment bookinfo/multiple-svc-multiple-prot', 'Deployment bookinfo/multiple-without-port', 'Deployment bookinfo/conflicting-ports'],
    why: 'IST0116 on the first two; IST0137 (same targetPort, different ports) on conflicting-ports, which we report because the pod port 9080 gets tcp and http' },
  // §8 — the peer checks are different (duplicate hosts / certificates); ours is unique HTTPS port names.
  { file: `${HEAD}/conflicting-gateways.yaml`, rule: gatewayHttpsPortNameConflict, version: '1.0', expected: [], why: 'IST0145 (same host on port 80, HTTP): not HTTPS' },
  { file: `${HEAD}/conflicting-gateways-multiple-ports.yaml`, rule: gatewayHttpsPortNameConflict, version: '1.0', expected: [], why: 'IST0145: HTTP ports' },
  { file: `${HEAD}/gateway-different-port.yaml`, rule: gatewayHttpsPortNameConflict, version: '1.0', expected: [], why: 'different ports' },
  { file: 'kiali/201.yaml', rule: gatewayHttpsPortNameConflict, version: '1.0', expected: [], why: 'KIA0301: HTTP port 80' },
  { file: `${HEAD}/gateway-duplicate-certificate.yaml`, rule: gatewayHttpsPortNameConflict, version: '1.25', expected: [],
    why: 'IST0138 duplicate certificates; the port-name rule applies up to 1.9 only' },
];

describeIfPresent(PEER_FIXTURES_DIR, 'conformance of rules-2 with the peer tools\' fixtures', () => {
  for (const c of cases) {
    it(`${c.rule.id} on ${c.file} @${c.version}${c.autoMtls !== undefined ? ` autoMtls=${String(c.autoMtls)}` : ''}: ${c.why}`, () => {
      const text = readFileSync(path.join(PEER_FIXTURES_DIR, c.file), 'utf8');
      // Peer fixtures test an older release's semantics in a later apiVersion (see peer-fixtures.ts).
      const result = runDiagnose([{ file: c.file, text }], { version: c.version, unservedApis: 'judge', ...(c.autoMtls !== undefined ? { autoMtls: c.autoMtls } : {}) }, [c.rule]);
      expect(result.parseErrors).toEqual([]);
      const found = result.findings.map((f) => `${f.resource.kind} ${f.resource.namespace}/${f.resource.name}`).sort();
      expect(found).toEqual([...c.expected].sort());
    });
  }

  it('gateway-https-port-name-conflict on gateway-duplicate-certificate.yaml @1.0: the same Gateways share port name https on 443', () => {
    const file = `${HEAD}/gateway-duplicate-certificate.yaml`;
    const result = runDiagnose([{ file, text: readFileSync(path.join(PEER_FIXTURES_DIR, file), 'utf8') }], { version: '1.0', unservedApis: 'judge' }, [gatewayHttpsPortNameConflict]);
    // Every server after the first on the shared ingress selector is ignored by 1.0 Pilot.
    expect(result.findings.length).toBeGreaterThan(0);
    expect(result.findings.every((f) => f.path.endsWith('.port.name'))).toBe(true);
  });
});
