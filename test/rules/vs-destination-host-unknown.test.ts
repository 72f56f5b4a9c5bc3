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
    {
      // GoogleCloudPlatform/microservices-demo istio-manifests/: frontend.yaml next to allow-egress-googleapis.yaml.
      name: 'an egress ServiceEntry says nothing about the Services of the cluster: a cluster-local host stays unchecked',
      yaml: `apiVersion: networking.istio.io/v1alpha3
kind: ServiceEntry
metadata: {name: allow-egress-googleapis}
spec:
  hosts: [accounts.google.com, "*.googleapis.com"]
---
${vs('frontend')}`,
    },
    { name: 'short name of a Service in the same namespace', yaml: `${service('reviews')}---\n${vs('reviews')}` },
    { name: 'FQDN and name.namespace of a Service in another namespace', yaml: `${service('reviews', 'prod')}---\n${vs('reviews.prod.svc.cluster.local')}---\n${vs('reviews.prod', 'other')}` },
    { name: 'external host with no ServiceEntry in the input at all: nothing says how egress is registered', yaml: `${service('reviews')}---\n${vs('www.google.com')}` },
    { name: 'the Service comes from context', yaml: vs('reviews-other'), context: service('reviews-other') },
    {
      name: 'Service exported by annotation to the VirtualService namespace (istioctl: hello exported to hello1,hello2,.)',
      version: '1.25',
      yaml: `${service('hello', 'hello').replace('  namespace: hello', '  namespace: hello\n  annotations:\n    networking.istio.io/exportTo: "hello1,hello2,."')}---\n${vs('hello.hello.svc.cluster.local', 'hello1')}---\n${vs('hello.hello.svc.cluster.local', 'hello')}`,
    },
    {
      name: 'before 1.1 there is no exportTo: the annotation is ignored',
      version: '1.0',
      yaml: `${service('details').replace('  namespace: default', '  namespace: default\n  annotations:\n    networking.istio.io/exportTo: banana')}---\n${vs('details.default.svc.cluster.local', 'istio-system')}`,
    },
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
      // audit6 (retaildevcrews/istio header-routing): a host written in full got a gloss that read as if
      // it were resolved in the VirtualService's namespace.
      name: 'a host written in full is named once, without "(… in namespace …)"',
      yaml: `${service('reviews')}---\n${vs('ratings.prod.svc.cluster.local')}`,
      findings: [{ resource: 'VirtualService default/reviews', line: 22, severity: 'INFO', message: 'routes to host ratings.prod.svc.cluster.local, but no Service prod/ratings' }],
    },
    {
      name: 'a short name says how it was resolved',
      yaml: `${service('reviews')}---\n${vs('reviews-bogus')}`,
      findings: [{ resource: 'VirtualService default/reviews', line: 22, severity: 'WARNING', message: 'routes to host reviews-bogus.default.svc.cluster.local ("reviews-bogus" in namespace default), but no Service' }],
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
      name: 'the partial-input clause reads right: "if Service … (or a ServiceEntry …) is applied from elsewhere"',
      yaml: `${service('reviews')}---\n${vs('ratings.prod.svc.cluster.local')}`,
      findings: [
        {
          resource: 'VirtualService default/reviews',
          line: 22,
          severity: 'INFO',
          message: 'if Service prod/ratings (or a ServiceEntry for ratings.prod.svc.cluster.local) is applied from elsewhere',
        },
      ],
    },
    {
      name: 'a ServiceEntry for a cluster-local name does say something about the registry: INFO, cannot verify',
      yaml: `apiVersion: networking.istio.io/v1alpha3
kind: ServiceEntry
metadata: {name: legacy}
spec:
  hosts: [legacy.default.svc.cluster.local]
---
${vs('reviews-bogus')}`,
      findings: [{ resource: 'VirtualService default/reviews', line: 18, severity: 'INFO', message: 'no Service default/reviews-bogus' }],
    },
    {
      // Issue 10: external hosts need a ServiceEntry to be routable (istioctl IST0101); the old
      // "external hosts are never reported" missed that. With ServiceEntries in the input, a missing
      // one is an absence: a WARNING that says the input may be partial.
      name: 'external host without a ServiceEntry while the input registers others: WARNING, may be partial',
      yaml: `${service('reviews')}---
apiVersion: networking.istio.io/v1alpha3
kind: ServiceEntry
metadata: {name: stripe}
spec:
  hosts: [api.stripe.com]
---
${vs('www.google.com')}`,
      findings: [{ resource: 'VirtualService default/reviews', line: 28, severity: 'WARNING', message: 'no ServiceEntry for www.google.com is in the input' }],
    },
    {
      name: 'complete: the missing Service is an ERROR (even without other Services in the input)',
      complete: true,
      yaml: vs('reviews-bogus'),
      findings: [{ resource: 'VirtualService default/reviews', line: 12, severity: 'ERROR', message: 'no Service default/reviews-bogus' }],
    },
    {
      name: 'istioctl cross-namespace-details: the Service exists but is exported only to banana',
      version: '1.25',
      yaml: `${service('details').replace('  namespace: default', '  namespace: default\n  annotations:\n    networking.istio.io/exportTo: banana')}---\n${vs('details.default.svc.cluster.local', 'istio-system')}---\n${vs('details.default.svc.cluster.local', 'banana')}`,
      findings: [{ resource: 'VirtualService istio-system/reviews', line: 24, severity: 'ERROR', message: 'is not exported to namespace istio-system' }],
    },
    {
      name: 'istioctl reviews-bookinfo-other: a ServiceEntry exported only to its own namespace',
      version: '1.25',
      yaml: `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: other, namespace: other}
spec:
  exportTo: ["."]
  hosts: [other.bookinfo.com]
---
${vs('other.bookinfo.com')}`,
      findings: [{ resource: 'VirtualService default/reviews', line: 19, severity: 'ERROR', message: 'ServiceEntry other/other is not exported to namespace default' }],
    },
    {
      name: 'istioctl hello-export-to-bogus: the VirtualService applies in a namespace the Service is not exported to',
      version: '1.25',
      yaml: `${service('hello', 'hello').replace('  namespace: hello', '  namespace: hello\n  annotations:\n    networking.istio.io/exportTo: "hello1,hello2,."')}---\n${vs('hello.hello.svc.cluster.local', 'hello').replace('spec:\n', 'spec:\n  exportTo: [bogus]\n')}`,
      findings: [{ resource: 'VirtualService hello/reviews', line: 25, severity: 'ERROR', message: 'not exported to namespace bogus' }],
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
