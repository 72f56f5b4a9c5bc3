import { testRule } from './tester.ts';
import rule from '../../src/rules/checks/vs-destination-host-unknown.ts';

const service = (name: string, ns = 'default') => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  ports:
  - name: http
    port: 9080
`;
const vs = (host: string, ns = 'default') => `apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata:
  name: reviews
  namespace: ${ns}
spec:
  hosts:
  - reviews
  http:
  - route:
    - destination:
        host: ${host}
`;

testRule(rule, {
  valid: [
    { name: 'no Services in the bundle: nothing to check against', yaml: vs('reviews-bogus') },
    { name: 'short name of a Service in the same namespace', yaml: `${service('reviews')}---\n${vs('reviews')}` },
    { name: 'FQDN and name.namespace of a Service in another namespace', yaml: `${service('reviews', 'prod')}---\n${vs('reviews.prod.svc.cluster.local')}---\n${vs('reviews.prod', 'other')}` },
    { name: 'external hosts are never reported', yaml: `${service('reviews')}---\n${vs('www.google.com')}` },
    {
      name: 'ServiceEntry hosts, wildcard included',
      yaml: `${service('reviews')}---
apiVersion: networking.istio.io/v1alpha3
kind: ServiceEntry
metadata: {name: legacy}
spec:
  hosts: ["*.legacy.svc.cluster.local"]
---
${vs('db.legacy.svc.cluster.local')}`,
    },
  ],
  invalid: [
    {
      name: 'short name resolves in the VirtualService namespace (istio-system), not where the Service is',
      yaml: `${service('details')}---\n${service('istio-ingressgateway', 'istio-system')}---\n${vs('details', 'istio-system')}`,
      findings: [{ resource: 'VirtualService istio-system/reviews', line: 32, severity: 'WARNING', message: 'routes to host details.istio-system.svc.cluster.local' }],
    },
    {
      name: 'bogus host in a namespace with Services',
      yaml: `${service('reviews')}---\n${vs('reviews-bogus')}`,
      findings: [{ resource: 'VirtualService default/reviews', line: 22, severity: 'WARNING' }],
    },
    {
      name: 'namespace without any Service in the bundle: INFO, cannot verify',
      yaml: `${service('reviews')}---\n${vs('ratings.prod.svc.cluster.local')}`,
      findings: [{ resource: 'VirtualService default/reviews', line: 22, severity: 'INFO', message: 'cannot be verified' }],
    },
    {
      name: 'destination without host',
      yaml: `apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {}
`,
      findings: [{ resource: 'VirtualService default/reviews', line: 9, severity: 'ERROR' }],
    },
  ],
});
