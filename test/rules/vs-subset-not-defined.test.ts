import { testRule } from './tester.ts';
import rule from '../../src/rules/checks/vs-subset-not-defined.ts';

const reviewsDr = `apiVersion: networking.istio.io/v1alpha3
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews
  subsets:
  - name: v1
    labels:
      version: v1
  - name: v2
    labels:
      version: v2
`;
const vs = (host: string, subset: string, ns = 'default', name = 'reviews') => `apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  hosts:
  - reviews
  http:
  - route:
    - destination:
        host: ${host}
        subset: ${subset}
`;

// audit6: the current Istio samples' DestinationRule (networking.istio.io/v1) next to an older task's v1alpha3 route.
const bookinfoV1Dr = `${reviewsDr.replace('networking.istio.io/v1alpha3', 'networking.istio.io/v1')}---\n${vs('reviews', 'v2')}`;

testRule(rule, {
  valid: [
    { name: 'the same v1 DestinationRule judged as 1.22 defines the subset', version: '1.22', yaml: bookinfoV1Dr },
    {
      name: 'guidelines helloworld VirtualService with its DestinationRule',
      yaml: `apiVersion: networking.istio.io/v1alpha3
kind: DestinationRule
metadata:
  name: helloworld
spec:
  host: helloworld.default.svc.cluster.local
  subsets:
  - name: v1
    labels:
      version: v1
---
apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata:
  name: helloworld
spec:
  hosts:
  - helloworld.default.svc.cluster.local
  http:
  - route:
    - destination:
        host: helloworld.default.svc.cluster.local
        subset: v1
`,
    },
    { name: 'short name in the VS, short name in the DR', yaml: `${reviewsDr}---\n${vs('reviews', 'v2')}` },
    { name: 'FQDN from another namespace', yaml: `${reviewsDr}---\n${vs('reviews.default.svc.cluster.local', 'v1', 'prod')}` },
    {
      name: 'subset defined by a wildcard DestinationRule when no exact one exists',
      yaml: `apiVersion: networking.istio.io/v1alpha3
kind: DestinationRule
metadata: {name: all, namespace: istio-system}
spec:
  host: "*.default.svc.cluster.local"
  subsets:
  - name: v1
    labels: {version: v1}
---
${vs('reviews', 'v1')}`,
    },
    { name: 'no subset, no finding', yaml: vs('reviews', '""') },
    {
      // Issue 10: with `previous`, the applied DestinationRule is part of the end state.
      name: 'the subset is defined by a DestinationRule that is already applied (previous)',
      yaml: vs('reviews', 'v2'),
      previous: reviewsDr,
    },
    { name: 'the DestinationRule comes from context', yaml: vs('reviews', 'v2'), context: reviewsDr },
    {
      name: 'a DestinationRule exported to "." serves VirtualServices of its own namespace',
      version: '1.25',
      yaml: `${reviewsDr.replace('spec:\n', 'spec:\n  exportTo: ["."]\n')}---\n${vs('reviews', 'v1')}`,
    },
  ],
  invalid: [
    {
      // audit6: audit5's istio-bookinfo folder judged as 1.20 (a v1alpha3 VirtualService next to the v1
      // destination-rule-all.yaml): the DestinationRule is refused, the route is applied, requests get 503.
      name: 'the subset is defined by a DestinationRule in an API version the judged Istio refuses: WARNING naming it',
      version: '1.20',
      yaml: bookinfoV1Dr,
      findings: [{ resource: 'VirtualService default/reviews', line: 27, severity: 'WARNING', message: 'which DestinationRule default/reviews defines in networking.istio.io/v1, an API version Istio 1.20 does not serve' }],
    },
    {
      name: 'the same with complete: ERROR',
      version: '1.20',
      complete: true,
      yaml: bookinfoV1Dr,
      findings: [{ resource: 'VirtualService default/reviews', line: 27, severity: 'ERROR', message: 'the subset does not exist' }],
    },
    {
      // Issue 10: a VirtualService file whose DestinationRule lives in a sibling file is the usual layout;
      // absence alone is a WARNING that says the input may be partial, an ERROR only with `complete`.
      name: 'no DestinationRule in the input: WARNING, may be partial',
      yaml: vs('reviews', 'v1'),
      findings: [{ resource: 'VirtualService default/reviews', line: 13, severity: 'WARNING', message: 'the input may be partial' }],
    },
    {
      name: 'no DestinationRule and the input declared complete: ERROR',
      complete: true,
      yaml: vs('reviews', 'v1'),
      findings: [{ resource: 'VirtualService default/reviews', line: 13, severity: 'ERROR', message: 'no DestinationRule for that host is in the input; requests to it fail with 503.' }],
    },
    {
      name: 'only the mesh-wide *.local DestinationRule is in the input: the exact one may sit elsewhere (WARNING)',
      yaml: `apiVersion: networking.istio.io/v1alpha3
kind: DestinationRule
metadata: {name: default, namespace: istio-system}
spec:
  host: "*.local"
  trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}
---
${vs('reviews', 'v1')}`,
      findings: [{ resource: 'VirtualService default/reviews', line: 20, severity: 'WARNING', message: 'the input may be partial' }],
    },
    {
      name: 'a DestinationRule exported to "." is invisible to clients of other namespaces (istioctl exportTo)',
      version: '1.25',
      yaml: `${reviewsDr.replace('spec:\n', 'spec:\n  exportTo: ["."]\n')}---\n${vs('reviews.default.svc.cluster.local', 'v1', 'prod')}`,
      findings: [{ resource: 'VirtualService prod/reviews', line: 28, severity: 'ERROR', message: 'its exportTo hides it from namespace prod' }],
    },
    {
      name: 'istioctl: reviews+bogus',
      yaml: `${reviewsDr}---\n${vs('reviews', 'bogus')}`,
      findings: [{ resource: 'VirtualService default/reviews', line: 27, severity: 'ERROR', message: 'routes to subset "bogus" of host reviews.default.svc.cluster.local, but DestinationRule default/reviews defines only "v1", "v2"' }],
    },
    {
      name: 'short name resolves in the VirtualService namespace: prod has no reviews DestinationRule',
      yaml: `${reviewsDr}---\n${vs('reviews', 'v1', 'prod')}`,
      findings: [{ resource: 'VirtualService prod/reviews', line: 27, severity: 'WARNING', message: 'no DestinationRule for that host' }],
    },
    {
      name: 'guidelines §3: VirtualService and DestinationRule applied without the subset; mirror too',
      yaml: `apiVersion: networking.istio.io/v1alpha3
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
        subset: v3
    mirror:
      host: reviews
      subset: v4
  tcp:
  - route:
    - destination:
        host: reviews
        subset: v1
`,
      findings: [
        { resource: 'VirtualService default/reviews', line: 12 },
        { resource: 'VirtualService default/reviews', line: 15, message: 'mirrors to subset "v4"' },
        { resource: 'VirtualService default/reviews', line: 20 },
      ],
    },
    {
      name: 'an exact-host DestinationRule hides the subsets of a wildcard one',
      yaml: `apiVersion: networking.istio.io/v1alpha3
kind: DestinationRule
metadata: {name: all, namespace: istio-system}
spec:
  host: "*.local"
  subsets:
  - name: v3
    labels: {version: v3}
---
${reviewsDr}---
${vs('reviews', 'v3')}`,
      findings: [{ resource: 'VirtualService default/reviews', line: 36 }],
    },
  ],
});
