// A small report shared by the formatter tests.
import type { Report } from '../../src/report/types.ts';
import type { RuleMeta } from '../../src/rules/types.ts';

const vs = { kind: 'VirtualService', namespace: 'default', name: 'myapp', line: 1, source: 'manifests', file: 'vs.yaml' } as const;
const dr = { kind: 'DestinationRule', namespace: 'default', name: 'httpbin', line: 20, source: 'manifests', file: 'dr.yaml' } as const;
const mesh = { kind: 'MeshPolicy', namespace: 'default', name: 'default', line: 1, source: 'manifests', file: 'dr.yaml' } as const;

export const report: Report = {
  resourceCount: 14,
  suppressedCount: 1,
  notes: ['document 3 in vs.yaml is not a Kubernetes object'],
  inputs: { complete: false, contextResources: 3, previousResources: 0 },
  parseErrors: [{ message: 'bad indentation', line: 7, column: 3, source: 'manifests', file: 'broken.yaml' }],
  findings: [
    {
      ruleId: 'mtls-conflict', severity: 'ERROR', message: 'DestinationRule default/httpbin has no tls settings', fix: 'Set tls.mode ISTIO_MUTUAL.',
      resource: dr, related: [mesh], line: 24, path: 'spec.trafficPolicy', entryKey: '503-errors-after-setting-destination-rule', evidence: 'contradiction',
      entry: { key: '503-errors-after-setting-destination-rule', version: '1.0', title: '503 errors after setting destination rule', url: 'https://istio.io/v1.0/help/ops/traffic-management/deploy-guidelines/#503-errors-after-setting-destination-rule' },
    },
    {
      ruleId: 'gateway-route-ignores-subsets', severity: 'WARNING', message: 'VirtualService default/myapp routes without a subset', fix: 'Add subset v1.',
      resource: vs, related: [], line: 16, path: 'spec.http[0].route[0].destination.host', entryKey: 'route-rules-have-no-effect-on-ingress-gateway-requests', evidence: 'absence', entry: null,
    },
    {
      ruleId: 'service-port-name', severity: 'INFO', message: 'Service default/web port 80 has no name', fix: 'Name it http.',
      resource: { ...vs, kind: 'Service', name: 'web', line: 30 }, related: [], line: 38, path: 'spec.ports[0]', entryKey: 'route-rules-have-no-effect-on-my-application', evidence: 'contradiction', entry: null,
    },
  ],
};

export const rules: RuleMeta[] = [
  { id: 'mtls-conflict', title: 'mTLS conflict', severity: 'ERROR', kinds: ['DestinationRule'], entryKey: '503-errors-after-setting-destination-rule', versions: { from: '1.0' }, description: 'Detects TLS conflicts.' },
  { id: 'gateway-route-ignores-subsets', title: 'Gateway ignores subsets', severity: 'WARNING', kinds: ['VirtualService'], entryKey: 'route-rules-have-no-effect-on-ingress-gateway-requests', versions: { from: '1.0' }, description: 'Detects gateway routes without subsets.' },
];
