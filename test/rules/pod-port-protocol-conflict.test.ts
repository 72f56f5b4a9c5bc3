import { testRule } from './tester.ts';
import rule from '../../src/rules/checks/pod-port-protocol-conflict.ts';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: details
spec:
  template:
    metadata:
      labels:
        app: details
    spec:
      containers:
      - name: details
        ports:
        - containerPort: 9080
          name: web
---
`;
const service = (name: string, port: string, extra = ''): string => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector:
    app: details
  ports:
  - port: 9080
    name: ${port}${extra}
---
`;

testRule(rule, {
  valid: [
    { name: 'two Services, same protocol', yaml: deployment + service('a', 'http') + service('b', 'http-alt') },
    { name: 'http and grpc share the HTTP listener type', yaml: deployment + service('a', 'http') + service('b', 'grpc') },
    { name: 'one Service only', yaml: deployment + service('a', 'tcp') },
  ],
  invalid: [
    { name: 'requirements page: HTTP and TCP on one port', yaml: deployment + service('a', 'http') + service('b', 'tcp'), findings: [
      { resource: 'Deployment default/details', line: 14, severity: 'WARNING', message: 'Service default/b port 9080 (tcp) as TCP' }] },
    { name: 'named targetPort resolves to the container port; unnamed means TCP', yaml: deployment + service('a', 'http') + service('b', 'metrics', '\n    targetPort: web'), findings: [
      { resource: 'Deployment default/details', line: 14, message: 'pod port 9080' }] },
  ],
});
