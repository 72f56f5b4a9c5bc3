import { testRule } from './tester.ts';
import rule from '../../src/rules/checks/vs-mesh-host-conflict.ts';

const vs = (name: string, ns: string, host: string, extra = '') => `apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  hosts:
  - ${host}${extra}
  http:
  - route:
    - destination:
        host: ${host}
`;

testRule(rule, {
  valid: [
    // Issue 10: the same kind/namespace/name in two files or documents is one object (the last
    // applied wins), e.g. a folder of alternative VirtualServices or a kustomize base and overlay.
    {
      name: 'the same VirtualService defined twice (alternatives) is one object',
      yaml: `${vs('reviews', 'default', 'reviews')}---\n${vs('reviews', 'default', 'reviews', '\n  gateways: [mesh]')}`,
    },
    {
      name: 'guidelines: gateway-bound fragments myapp-service1/2 for myapp.com merge',
      yaml: `apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata:
  name: myapp-service1
spec:
  hosts:
  - myapp.com
  gateways:
  - myapp-gateway
  http:
  - match:
    - uri:
        prefix: /service1
    route:
    - destination:
        host: service1.default.svc.cluster.local
---
apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata:
  name: myapp-service2
spec:
  hosts:
  - myapp.com
  gateways:
  - myapp-gateway
  http:
  - match:
    - uri:
        prefix: /service2
    route:
    - destination:
        host: service2.default.svc.cluster.local
`,
    },
    {
      name: 'guidelines: one VirtualService for helloworld (mesh) next to a gateway one',
      yaml: `apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata:
  name: myapp
spec:
  hosts:
  - "myapp.com"
  gateways:
  - myapp-gateway
  http:
  - route:
    - destination:
        host: helloworld.default.svc.cluster.local
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
    { name: 'same short name in different namespaces is a different host', yaml: `${vs('reviews', 'a', 'reviews')}---\n${vs('reviews', 'b', 'reviews')}` },
    {
      name: 'one VirtualService listing the same host twice does not conflict with itself',
      yaml: vs('reviews', 'default', 'reviews', '\n  - reviews.default.svc.cluster.local'),
    },
    {
      name: '1.1+: exportTo "." scopes keep team-local hosts apart',
      version: '1.1',
      yaml: `${vs('ratings', 'team1', 'ratings', '\n  exportTo: ["."]')}---\n${vs('ratings', 'team2', 'ratings.team1.svc.cluster.local', '\n  exportTo: ["."]')}`,
    },
  ],
  invalid: [
    {
      name: 'short name and FQDN for the same host, both mesh-bound',
      yaml: `${vs('reviews-a', 'default', 'reviews')}---\n${vs('reviews-b', 'prod', 'reviews.default.svc.cluster.local')}`,
      findings: [
        { resource: 'VirtualService default/reviews-a', line: 8, severity: 'ERROR', message: 'default/reviews-a and prod/reviews-b both bind host reviews.default.svc.cluster.local to the mesh' },
        { resource: 'VirtualService prod/reviews-b', line: 21, severity: 'ERROR' },
      ],
    },
    {
      name: 'explicit mesh next to a gateway still binds to the mesh; pure gateway VS does not',
      yaml: `${vs('a', 'default', 'reviews', '\n  gateways: [mesh, my-gateway]')}---\n${vs('b', 'default', 'reviews')}---\n${vs('c', 'default', 'reviews', '\n  gateways: [my-gateway]')}`,
      findings: [
        { resource: 'VirtualService default/a', line: 8 },
        { resource: 'VirtualService default/b', line: 22 },
      ],
    },
    {
      name: '1.0 has no exportTo: the scoped hosts still collide',
      version: '1.0',
      yaml: `${vs('ratings', 'team1', 'ratings', '\n  exportTo: ["."]')}---\n${vs('ratings', 'team2', 'ratings.team1.svc.cluster.local', '\n  exportTo: ["."]')}`,
      findings: [
        { resource: 'VirtualService team1/ratings', line: 8 },
        { resource: 'VirtualService team2/ratings', line: 22 },
      ],
    },
    {
      name: '1.1+: a namespace-scoped host collides with a wildcard exported to all namespaces',
      version: '1.1',
      yaml: `${vs('p', 'foo', "'*.productpage.d'", '\n  exportTo: ["."]')}---\n${vs('q', 'bar', "'*.d'", '\n  exportTo: ["*"]')}`,
      findings: [
        { resource: 'VirtualService foo/p', line: 8, message: '*.productpage.d' },
        { resource: 'VirtualService bar/q', line: 22 },
      ],
    },
  ],
});
