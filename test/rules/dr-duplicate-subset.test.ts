import { testRule } from './tester.ts';
import rule from '../../src/rules/checks/dr-duplicate-subset.ts';

const dr = (name: string, host: string, subsets: string[], ns = 'default') => `apiVersion: networking.istio.io/v1alpha3
kind: DestinationRule
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  host: ${host}
  subsets:
${subsets.map((s) => `  - name: ${s}\n    labels:\n      version: ${s}\n`).join('')}`;

testRule(rule, {
  valid: [
    // Issue 10: one object per kind/namespace/name, whatever the number of files that define it.
    { name: 'the same DestinationRule in two documents (base and overlay) is one object', yaml: `${dr('reviews', 'reviews', ['v1'])}---\n${dr('reviews', 'reviews', ['v1', 'v2'])}` },
    { name: 'fragments defining different subsets of one host (guidelines: allowed)', yaml: `${dr('reviews-v1', 'reviews', ['v1'])}---\n${dr('reviews-v2', 'reviews', ['v2'])}` },
    { name: 'same subset name for different hosts', yaml: `${dr('a', 'reviews', ['v1'])}---\n${dr('b', 'ratings', ['v1'])}` },
    {
      name: '1.1+: DestinationRules in different namespaces are not merged',
      version: '1.1',
      yaml: `${dr('a', 'reviews.default.svc.cluster.local', ['v1'])}---\n${dr('b', 'reviews.default.svc.cluster.local', ['v1'], 'prod')}`,
    },
  ],
  invalid: [
    {
      name: 'Kiali 001: two DestinationRules define subset v1 of reviews; the later is discarded',
      yaml: `${dr('reviews-dr1', 'reviews', ['v1', 'v2'])}---\n${dr('reviews-dr2', 'reviews.default.svc.cluster.local', ['v3', 'v1'])}`,
      findings: [
        { resource: 'DestinationRule default/reviews-dr2', line: 27, severity: 'WARNING', message: 'Subset "v1" of host reviews.default.svc.cluster.local is defined in DestinationRule default/reviews-dr1 and again in default/reviews-dr2' },
      ],
    },
    {
      name: '1.0: DestinationRules merge across namespaces, third duplicate reported too',
      version: '1.0',
      yaml: `${dr('a', 'reviews.default.svc.cluster.local', ['v1'])}---\n${dr('b', 'reviews.default.svc.cluster.local', ['v1'], 'prod')}---\n${dr('c', 'reviews', ['v1'])}`,
      findings: [
        { resource: 'DestinationRule prod/b', line: 21, message: 'default/a' },
        { resource: 'DestinationRule default/c', line: 33, message: 'default/a' },
      ],
    },
  ],
});
