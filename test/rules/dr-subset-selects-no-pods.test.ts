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

// Argo Rollouts (audit6, the shape of argoproj/rollouts-demo examples/istio-subset): a Rollout's pod
// template is a workload; its DestinationRule names a stable and a canary subset with the same labels,
// to which Argo adds rollouts-pod-template-hash at run time. Both subsets select the Rollout's pods.
const rollout = (versionLabel: string) => `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports:
  - {name: http, port: 80, targetPort: http}
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: web}
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web${versionLabel}}
  strategy:
    canary:
      trafficRouting:
        istio:
          virtualService: {name: web, routes: [primary]}
          destinationRule: {name: web, canarySubsetName: canary, stableSubsetName: stable}
---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: {name: web}
spec:
  hosts: [web]
  http:
  - name: primary
    route:
    - destination: {host: web, subset: stable}
      weight: 100
    - destination: {host: web, subset: canary}
      weight: 0
`;
const argoDr = (stable: string, canary: string) => `---
apiVersion: networking.istio.io/v1beta1
kind: DestinationRule
metadata: {name: web}
spec:
  host: web
  subsets:
  - name: canary
    labels: {${canary}}
  - name: stable
    labels: {${stable}}
`;

// Argo's ephemeral metadata (canaryMetadata/stableMetadata, previewMetadata/activeMetadata): labels
// the Rollout merges into the pods of its canary and stable ReplicaSets, a documented way to pin a
// subset to the canary or stable pods.
const withMetadata = (yaml: string, metadata: string) => yaml.replace('    canary:\n', `    canary:\n${metadata}`);
const roleMetadata = '      canaryMetadata: {labels: {role: canary}}\n      stableMetadata: {labels: {role: stable}}\n';
const blueGreen = rollout('')
  .replace(/ {2}strategy:\n[\s\S]*?(?=---)/, '  strategy:\n    blueGreen:\n      activeService: web\n      previewMetadata: {labels: {role: preview}}\n      activeMetadata: {labels: {role: active}}\n')
  .replace('subset: stable', 'subset: active')
  .replace('subset: canary', 'subset: preview');

testRule(rule, {
  valid: [
    {
      name: "Argo Rollouts: subsets pinned to the canaryMetadata and stableMetadata labels select the canary and stable pods",
      complete: true,
      version: '1.25',
      yaml: withMetadata(rollout(''), roleMetadata) + argoDr('app: web, role: stable', 'app: web, role: canary'),
    },
    {
      name: "Argo Rollouts (blue-green): subsets pinned to the activeMetadata and previewMetadata labels",
      complete: true,
      version: '1.25',
      yaml: blueGreen + argoDr('app: web, role: active', 'app: web, role: preview').replace(/canary/g, 'preview').replace(/stable/g, 'active'),
    },
    { name: 'Argo Rollouts: stable and canary subsets with the same labels select the Rollout pods (complete input)', complete: true, version: '1.25', yaml: rollout('') + argoDr('app: web', 'app: web') },
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
    // Issue 10: node labels are endpoint labels Istio adds from the node, not pod template labels.
    {
      name: 'subsets by zone and node (topology.kubernetes.io/*, kubernetes.io/hostname), routed to',
      yaml: `${bookinfo}---\n${dr(subset('zone-a', '      topology.kubernetes.io/zone: europe-west1-b\n') + subset('node1', '      kubernetes.io/hostname: node-1\n      version: v1\n'))}---
apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata: {name: reviews}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: zone-a}
      weight: 50
    - destination: {host: reviews, subset: node1}
      weight: 50
`,
    },
    { name: 'security.istio.io/tlsMode is added by the injector', yaml: `${bookinfo}---\n${dr(subset('meshed', '      security.istio.io/tlsMode: istio\n'))}` },
    { name: 'no workloads and not complete: the Service may be deployed from elsewhere', yaml: `${dr(subset('v3', '      version: v3\n'))}---\napiVersion: v1\nkind: Service\nmetadata: {name: reviews}\nspec: {selector: {app: reviews}}\n` },
  ],
  invalid: [
    {
      name: 'Argo Rollouts: a subset pinned to a role no ephemeral metadata sets selects no pod',
      complete: true,
      version: '1.25',
      yaml: withMetadata(rollout(''), roleMetadata) + argoDr('app: web, role: stable', 'app: web, role: preview'),
      findings: [{ resource: 'DestinationRule default/web', line: 47, severity: 'ERROR', message: 'selects app=web, role=preview, but no pod of Service default/web has these labels' }],
    },
    {
      name: 'Argo Rollouts: a subset selecting a version label the Rollout template does not carry selects no pod (Argo only adds the hash)',
      complete: true,
      version: '1.25',
      yaml: rollout(', version: v1') + argoDr('app: web, version: v1', 'app: web, version: v2'),
      findings: [{ resource: 'DestinationRule default/web', line: 45, severity: 'ERROR', message: 'selects app=web, version=v2, but no pod of Service default/web has these labels' }],
    },
    {
      // Issue 10 (intentional patterns): declaring subsets before a route uses them is the documented
      // way, so an unreferenced subset that selects no pod was a false alarm at WARNING; it is INFO now.
      name: 'Kiali 003: version v10 and an unknown label select no pod (INFO when no route uses them)',
      yaml: `${bookinfo}---\n${dr(subset('v10', '      version: v10\n') + subset('nf', '      notfoundlabel: x\n'))}`,
      findings: [
        { resource: 'DestinationRule default/reviews', line: 42, severity: 'INFO', message: 'selects version=v10, but no pod of Service default/reviews has these labels (pods have version=v1; version=v2)' },
        { resource: 'DestinationRule default/reviews', line: 45, severity: 'INFO' },
      ],
    },
    {
      name: 'complete: a routed subset of a Service without any workload in the input',
      complete: true,
      yaml: `${dr(subset('v3', '      version: v3\n'))}---
apiVersion: v1
kind: Service
metadata: {name: reviews}
spec: {selector: {app: reviews}}
---
apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata: {name: reviews}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: v3}
`,
      findings: [{ resource: 'DestinationRule default/reviews', line: 9, severity: 'ERROR', message: 'no workload of Service default/reviews is in the input' }],
    },
    {
      // The same case declared complete keeps the ERROR of the old expectation; without `complete` the
      // reviews-v3 Deployment may come from another file (bookinfo ships it apart, ratings v2-mysql-vm
      // runs on a VM), so the missing workload is only absence evidence: a WARNING (issue 10).
      name: 'ERROR when a VirtualService routes to it (complete input)',
      complete: true,
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
    {
      name: 'WARNING that says so when a VirtualService routes to it and the input may be partial',
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
      findings: [{ resource: 'DestinationRule default/reviews', line: 42, severity: 'WARNING', message: 'the input may be partial' }],
    },
  ],
});
