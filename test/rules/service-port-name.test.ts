import { testRule } from './tester.ts';
import rule from '../../src/rules/checks/service-port-name.ts';

const svc = (ports: string, ns = 'default', extra = ''): string => `
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: ${ns}
spec:${extra}
  ports:
${ports}`;

testRule(rule, {
  valid: [
    { name: 'requirements page examples: http and http2-foo', yaml: svc(`  - port: 80\n    name: http\n  - port: 81\n    name: http2-foo`) },
    { name: 'UDP ports are exempt', yaml: svc(`  - port: 53\n    protocol: UDP`) },
    { name: 'explicit tcp is a deliberate choice', yaml: svc(`  - port: 5432\n    name: tcp-postgres`) },
    { name: 'appProtocol from 1.6', version: '1.6', yaml: svc(`  - port: 80\n    name: web\n    appProtocol: http`) },
    { name: 'system namespace skipped', yaml: svc(`  - port: 80`, 'istio-system') },
    { name: 'ExternalName skipped before 1.14', yaml: svc(`  - port: 80`, 'default', '\n  type: ExternalName\n  externalName: example.com') },
    { name: 'ExternalName with https and tls-named ports (1.25)', version: '1.25', yaml: svc(`  - port: 443\n    name: https\n  - port: 8443\n    name: tls-admin`, 'default', '\n  type: ExternalName\n  externalName: nginx.example.com') },
  ],
  invalid: [
    // Issue 10: istioctl IST0150 (documented from 1.14) was a miss.
    { name: 'ExternalName port named tcp or unnamed (IST0150): WARNING', version: '1.25', yaml: svc(`  - port: 443\n    name: tcp\n    protocol: TCP\n  - port: 8443`, 'default', '\n  type: ExternalName\n  externalName: nginx.example.com'), findings: [
      { resource: 'Service default/web', line: 12, severity: 'WARNING', message: 'ExternalName Service and its port 443 is named "tcp"' },
      { resource: 'Service default/web', line: 14, severity: 'WARNING', message: 'has no name' }] },
    { name: 'requirements page: http2foo is not valid (1.0: WARNING)', yaml: svc(`  - port: 80\n    name: http2foo`), findings: [
      { resource: 'Service default/web', line: 10, severity: 'WARNING', message: '"http2foo"' }] },
    { name: 'unnamed port points at the list entry', yaml: svc(`  - port: 80\n    targetPort: 8080`), findings: [
      { resource: 'Service default/web', line: 9, message: 'has no name' }] },
    { name: 'from 1.3 sniffing makes it INFO', version: '1.3', yaml: svc(`  - port: 9080\n    name: wrong-http`), findings: [
      { resource: 'Service default/web', line: 10, severity: 'INFO' }] },
    { name: 'appProtocol is ignored before 1.6', version: '1.5', yaml: svc(`  - port: 80\n    name: web\n    appProtocol: http`), findings: [
      { resource: 'Service default/web', line: 10 }] },
  ],
});
