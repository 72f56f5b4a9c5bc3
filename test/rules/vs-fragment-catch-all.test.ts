import { testRule } from './tester.ts';
import rule from '../../src/rules/checks/vs-fragment-catch-all.ts';

// Guidelines §1: the fragments myapp-service1/myapp-service2 of myapp.com on myapp-gateway.
const fragment = (name: string, http: string, extra = '') => `apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata:
  name: ${name}
spec:
  hosts:
  - myapp.com
  gateways:
  - myapp-gateway${extra}
  http:
${http}`;

const prefixRoute = (prefix: string, host: string) => `  - match:
    - uri:
        prefix: ${prefix}
    route:
    - destination:
        host: ${host}
`;
const defaultRoute = (host: string) => `  - route:
    - destination:
        host: ${host}
`;

testRule(rule, {
  valid: [
    {
      name: 'guidelines fragments with specific prefixes',
      yaml: `${fragment('myapp-service1', prefixRoute('/service1', 'service1.default.svc.cluster.local'))}---\n${fragment('myapp-service2', prefixRoute('/service2', 'service2.default.svc.cluster.local'))}`,
    },
    {
      name: 'a single catch-all across the fragments (the recommended form)',
      yaml: `${fragment('myapp-service1', prefixRoute('/service1', 'service1'))}---\n${fragment('myapp-default', defaultRoute('frontend'))}`,
    },
    {
      name: 'catch-alls on different gateways are not merged',
      yaml: `${fragment('a', defaultRoute('x'))}---\n${fragment('b', defaultRoute('y')).replace('myapp-gateway', 'other-gateway')}`,
    },
    {
      name: 'mesh VirtualServices are not fragments (vs-mesh-host-conflict covers them)',
      yaml: `${fragment('a', defaultRoute('x')).replace('  - myapp-gateway', '  - mesh')}---\n${fragment('b', defaultRoute('y')).replace('  - myapp-gateway', '  - mesh')}`,
    },
    {
      name: 'header conditions make a prefix-/ rule specific',
      yaml: `${fragment('a', defaultRoute('x'))}---\n${fragment('b', `  - match:
    - uri:
        prefix: /
      headers:
        end-user:
          exact: jason
    route:
    - destination:
        host: y
`)}`,
    },
  ],
  invalid: [
    {
      name: 'two fragments each with a default route',
      yaml: `${fragment('myapp-service1', prefixRoute('/service1', 'service1') + defaultRoute('frontend'))}---\n${fragment('myapp-service2', defaultRoute('legacy'))}`,
      findings: [
        { resource: 'VirtualService default/myapp-service1', line: 17, severity: 'WARNING', message: 'default/myapp-service1 and default/myapp-service2 each have a catch-all rule for host myapp.com on gateway default/myapp-gateway' },
        { resource: 'VirtualService default/myapp-service2', line: 31 },
      ],
    },
    {
      name: 'prefix / and regex .* count as catch-all, also across namespaces with ns/name gateway refs',
      version: '1.1',
      yaml: `${fragment('a', `  - match:
    - uri:
        prefix: /
    route:
    - destination:
        host: x
`)}---\n${fragment('b', `  - match:
    - uri:
        regex: ".*"
    route:
    - destination:
        host: y
`).replace('name: b', 'name: b\n  namespace: prod').replace('  - myapp-gateway', '  - default/myapp-gateway')}`,
      findings: [
        { resource: 'VirtualService default/a', line: 11 },
        { resource: 'VirtualService prod/b', line: 29 },
      ],
    },
  ],
});
