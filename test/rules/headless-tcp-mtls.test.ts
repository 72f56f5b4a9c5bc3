import { testRule } from './tester.ts';
import rule from '../../src/rules/checks/headless-tcp-mtls.ts';

const headless = (ports: string, clusterIP = 'None'): string => `
apiVersion: v1
kind: Service
metadata:
  name: mongo
  namespace: data
spec:
  clusterIP: ${clusterIP}
  selector:
    app: mongo
  ports:
${ports}`;

testRule(rule, {
  valid: [
    { name: 'headless HTTP service', yaml: headless('  - port: 80\n    name: http') },
    { name: 'ClusterIP TCP service', yaml: headless('  - port: 27017\n    name: tcp', '10.0.0.1') },
    { name: 'UDP only', yaml: headless('  - port: 53\n    protocol: UDP') },
  ],
  invalid: [
    { name: 'headless TCP service in 1.0', yaml: headless('  - port: 27017\n    name: mongo\n  - port: 9000'), findings: [
      { resource: 'Service data/mongo', line: 8, severity: 'INFO', message: '27017 (mongo), 9000' }] },
    { name: 'still applies in 1.6', version: '1.6', yaml: headless('  - port: 5432\n    name: tcp-pg'), findings: [
      { resource: 'Service data/mongo', line: 8 }] },
  ],
});
