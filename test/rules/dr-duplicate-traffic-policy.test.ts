import { testRule } from './tester.ts';
import rule from '../../src/rules/checks/dr-duplicate-traffic-policy.ts';

const dr = (name: string, host: string, policy: boolean, ns = 'default') => `apiVersion: networking.istio.io/v1alpha3
kind: DestinationRule
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  host: ${host}
${policy ? '  trafficPolicy:\n    tls:\n      mode: ISTIO_MUTUAL\n' : ''}  subsets:
  - name: ${name}
    labels:
      version: ${name}
`;

testRule(rule, {
  valid: [
    { name: 'one top-level trafficPolicy across fragments (guidelines form)', yaml: `${dr('v1', 'reviews', true)}---\n${dr('v2', 'reviews', false)}` },
    { name: 'policies for different hosts', yaml: `${dr('v1', 'reviews', true)}---\n${dr('v2', 'ratings', true)}` },
    { name: '1.1+: different namespaces', version: '1.1', yaml: `${dr('v1', 'reviews.default.svc.cluster.local', true)}---\n${dr('v2', 'reviews.default.svc.cluster.local', true, 'prod')}` },
  ],
  invalid: [
    {
      name: 'two fragments of reviews with top-level trafficPolicy; short name and FQDN',
      yaml: `${dr('v1', 'reviews', true)}---\n${dr('v2', 'reviews.default.svc.cluster.local', true)}`,
      findings: [
        { resource: 'DestinationRule default/v2', line: 23, severity: 'WARNING', message: 'DestinationRules default/v1 and default/v2 both set a top-level trafficPolicy for host reviews.default.svc.cluster.local' },
      ],
    },
  ],
});
