import { testRule } from './tester.ts';
import rule from '../../src/rules/checks/workload-missing-labels.ts';

const deployment = (labels: string, annotations = ''): string => `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: reviews-v1
spec:
  template:
    metadata:${annotations}
      labels:
${labels}
    spec:
      containers:
      - name: reviews
        image: reviews:v1`;

testRule(rule, {
  valid: [
    { name: 'app and version present', yaml: deployment('        app: reviews\n        version: v1') },
    { name: 'bare Pod without an istio-proxy container has no sidecar: no telemetry labels advice', yaml: `
      apiVersion: v1
      kind: Pod
      metadata:
        name: debug
        namespace: tools
      spec:
        containers:
        - name: sh
          image: busybox
    ` },
    { name: 'namespace with injection disabled', yaml: `apiVersion: v1
kind: Namespace
metadata:
  name: legacy
  labels: {istio-injection: disabled}
---${deployment('        app: reviews').replace('  name: reviews-v1', '  name: reviews-v1\n  namespace: legacy')}` },
    { name: 'namespace in the input without any injection label: the injector does not act there', yaml: `apiVersion: v1
kind: Namespace
metadata: {name: batch}
---${deployment('        app: reviews').replace('  name: reviews-v1', '  name: reviews-v1\n  namespace: batch')}` },
    { name: 'opted out of injection by the pod label', yaml: deployment('        app: reviews\n        sidecar.istio.io/inject: "false"') },
    { name: 'opted out of injection', yaml: deployment('        app: reviews', '\n      annotations:\n        sidecar.istio.io/inject: "false"') },
    { name: 'canonical labels count from 1.20', version: '1.20', yaml: deployment('        app.kubernetes.io/name: reviews\n        app.kubernetes.io/version: v1') },
    { name: 'pods owned by a controller are checked through it', yaml: `
      apiVersion: v1
      kind: Pod
      metadata:
        name: reviews-abc
        ownerReferences:
        - kind: ReplicaSet
          name: reviews-v1-123
    ` },
  ],
  invalid: [
    { name: 'namespace labelled for injection', yaml: `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: {istio-injection: enabled}
---${deployment('        app: reviews').replace('  name: reviews-v1', '  name: reviews-v1\n  namespace: shop')}`, findings: [
      { resource: 'Deployment shop/reviews-v1', line: 15, severity: 'INFO', message: '`version`' }] },
    // Issue 10 (intentional patterns): a single-version workload without `version` (sleep, httpbin) is
    // the common case a reviewer dismisses; the label matters once subsets select its pods by version.
    // The old expectation (WARNING with nothing selecting by version) is INFO now; the WARNING case follows.
    { name: 'missing version, nothing selects by version (1.0: INFO)', yaml: deployment('        app: reviews'), findings: [
      { resource: 'Deployment default/reviews-v1', line: 9, severity: 'INFO', message: '`version`' }] },
    { name: 'missing version while subsets select the Service by version (1.0: WARNING)', yaml: `${deployment('        app: reviews')}
---
apiVersion: v1
kind: Service
metadata: {name: reviews}
spec: {selector: {app: reviews}, ports: [{name: http, port: 9080}]}
---
apiVersion: networking.istio.io/v1alpha3
kind: DestinationRule
metadata: {name: reviews}
spec:
  host: reviews
  subsets:
  - {name: v1, labels: {version: v1}}
`, findings: [
      { resource: 'Deployment default/reviews-v1', line: 9, severity: 'WARNING', message: '`version`' }] },
    { name: 'missing app (1.0: WARNING)', yaml: deployment('        version: v1'), findings: [
      { resource: 'Deployment default/reviews-v1', line: 9, severity: 'WARNING', message: '`app`' }] },
    { name: 'canonical labels do not count before 1.20; INFO from 1.5', version: '1.10', yaml: deployment('        app.kubernetes.io/name: reviews\n        version: v1'), findings: [
      { resource: 'Deployment default/reviews-v1', line: 9, severity: 'INFO', message: '`app`' }] },
    // Issue 10: a Pod as the cluster shows it, with its istio-proxy container. The earlier form of
    // this case (no istio-proxy container) is a pod without a sidecar by the definition, so
    // the labels advice was a false alarm there; it moved to the valid cases.
    { name: 'bare Pod without labels, with a sidecar', yaml: `
      apiVersion: v1
      kind: Pod
      metadata:
        name: debug
        namespace: tools
      spec:
        containers:
        - name: sh
          image: busybox
        - name: istio-proxy
          image: docker.io/istio/proxyv2:1.0.6
    `, findings: [{ resource: 'Pod tools/debug', line: 4, message: '`app` or `version`' }] },
  ],
});
