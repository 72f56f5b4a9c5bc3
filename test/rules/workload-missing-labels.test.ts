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
    { name: 'missing version (1.0: WARNING)', yaml: deployment('        app: reviews'), findings: [
      { resource: 'Deployment default/reviews-v1', line: 9, severity: 'WARNING', message: '`version`' }] },
    { name: 'canonical labels do not count before 1.20; INFO from 1.5', version: '1.10', yaml: deployment('        app.kubernetes.io/name: reviews\n        version: v1'), findings: [
      { resource: 'Deployment default/reviews-v1', line: 9, severity: 'INFO', message: '`app`' }] },
    { name: 'bare Pod without labels', yaml: `
      apiVersion: v1
      kind: Pod
      metadata:
        name: debug
        namespace: tools
      spec:
        containers:
        - name: sh
          image: busybox
    `, findings: [{ resource: 'Pod tools/debug', line: 4, message: '`app` or `version`' }] },
  ],
});
