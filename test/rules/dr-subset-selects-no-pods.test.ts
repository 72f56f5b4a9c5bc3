import { testRule } from './tester.ts';
import rule from '../../src/rules/checks/dr-subset-selects-no-pods.ts';

const bookinfo = `apiVersion: v1
kind: Service
metadata:
  name: reviews
spec:
  selector:
    app: reviews
  ports:
  - name: http
    port: 9080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: reviews-v1
spec:
  selector:
    matchLabels: {app: reviews, version: v1}
  template:
    metadata:
      labels:
        app: reviews
        version: v1
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: reviews-v2
spec:
  template:
    metadata:
      labels: {app: reviews, version: v2}
`;
const dr = (subsets: string) => `apiVersion: networking.istio.io/v1alpha3
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews
  subsets:
${subsets}`;
const subset = (name: string, labels: string) => `  - name: ${name}\n    labels:\n${labels}`;

testRule(rule, {
  valid: [
    { name: 'subsets match the Deployments', yaml: `${bookinfo}---\n${dr(subset('v1', '      version: v1\n') + subset('v2', '      version: "v2"\n'))}` },
    { name: 'no workloads in the bundle: cannot tell', yaml: dr(subset('v10', '      version: v10\n')) },
    {
      name: 'Service whose workloads are not in the bundle (partial bundle)',
      yaml: `${bookinfo}---\n${dr(subset('v10', '      version: v10\n')).replace('host: reviews', 'host: ratings')}---
apiVersion: v1
kind: Service
metadata: {name: ratings}
spec: {selector: {app: ratings}}
`,
    },
    { name: 'subset without labels selects all pods of the service', yaml: `${bookinfo}---\n${dr('  - name: all\n')}` },
  ],
  invalid: [
    {
      name: 'Kiali 003: version v10 and an unknown label select no pod (WARNING when unreferenced)',
      yaml: `${bookinfo}---\n${dr(subset('v10', '      version: v10\n') + subset('nf', '      notfoundlabel: x\n'))}`,
      findings: [
        { resource: 'DestinationRule default/reviews', line: 42, severity: 'WARNING', message: 'selects version=v10, but no pod of Service default/reviews has these labels (pods have version=v1; version=v2)' },
        { resource: 'DestinationRule default/reviews', line: 45, severity: 'WARNING' },
      ],
    },
    {
      name: 'ERROR when a VirtualService routes to it',
      yaml: `${bookinfo}---\n${dr(subset('v3', '      version: v3\n'))}---
apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata: {name: reviews}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews.default.svc.cluster.local, subset: v3}
`,
      findings: [{ resource: 'DestinationRule default/reviews', line: 42, severity: 'ERROR', message: 'routes to this subset fail with 503' }],
    },
  ],
});
