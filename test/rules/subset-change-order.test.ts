import { testRule } from './tester.ts';
import rule from '../../src/rules/checks/subset-change-order.ts';

const dr = (subsets: string[]) => `apiVersion: networking.istio.io/v1alpha3
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews
  subsets:
${subsets.map((s) => `  - name: ${s}\n    labels:\n      version: ${s}\n`).join('')}`;
const vs = (subset: string) => `apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts:
  - reviews
  http:
  - route:
    - destination:
        host: reviews
        subset: ${subset}
`;

testRule(rule, {
  valid: [
    { name: 'no previous manifests: nothing to compare', yaml: `${dr(['v1', 'v2'])}---\n${vs('v2')}` },
    { name: 'make-before-break step 1: add the subset alone', previous: `${dr(['v1'])}---\n${vs('v1')}`, yaml: dr(['v1', 'v2']) },
    { name: 'make-before-break step 3: route to the subset that is already applied', previous: `${dr(['v1', 'v2'])}---\n${vs('v1')}`, yaml: vs('v2') },
    { name: 'removing step 1: stop routing to v1 first', previous: `${dr(['v1', 'v2'])}---\n${vs('v1')}`, yaml: vs('v2') },
    { name: 'removing step 3: remove the unused subset', previous: `${dr(['v1', 'v2'])}---\n${vs('v2')}`, yaml: dr(['v2']) },
    { name: 'unchanged bundle re-applied', previous: `${dr(['v1'])}---\n${vs('v1')}`, yaml: `${dr(['v1'])}---\n${vs('v1')}` },
  ],
  invalid: [
    {
      name: 'guidelines §3: new subset and the route to it in one kubectl apply',
      previous: `${dr(['v1'])}---\n${vs('v1')}`,
      yaml: `${dr(['v1', 'v2'])}---\n${vs('v2')}`,
      findings: [
        {
          resource: 'VirtualService default/reviews',
          line: 26,
          severity: 'WARNING',
          message: 'starts routing to subset "v2" of reviews.default.svc.cluster.local in the same change that adds the subset to DestinationRule default/reviews',
        },
      ],
    },
    {
      name: 'removing a subset in the same change that stops using it',
      previous: `${dr(['v1', 'v2'])}---\n${vs('v1')}`,
      yaml: `${dr(['v2'])}---\n${vs('v2')}`,
      findings: [{ resource: 'DestinationRule default/reviews', line: 7, message: 'in the same change that VirtualService default/reviews stops using it' }],
    },
    {
      name: 'removing a subset that the applied VirtualService still uses',
      previous: `${dr(['v1', 'v2'])}---\n${vs('v1')}`,
      yaml: dr(['v2']),
      findings: [{ resource: 'DestinationRule default/reviews', line: 7, message: 'which VirtualService default/reviews still routes to' }],
    },
  ],
});
