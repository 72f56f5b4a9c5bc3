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

// Issue 10: fragments merge only where one server of the Gateway admits them (its `hosts`, with
// `ns/host`, `./host` and `*/host` forms). The Gateway comes first in these cases, so line numbers
// of the VirtualServices shift by its length.
const gatewayWith = (servers: string) => `apiVersion: networking.istio.io/v1beta1
kind: Gateway
metadata:
  name: myapp-gateway
spec:
  selector: {istio: ingressgateway}
  servers:
${servers}---
`;
const httpServer = (port: number, hosts: string) => `  - port: {number: ${port}, name: http-${port}, protocol: HTTP}
    hosts: [${hosts}]
`;
const inNamespace = (yaml: string, ns: string) => yaml.replace(/^(  name: [^\n]+)$/m, `$1\n  namespace: ${ns}`).replace('  - myapp-gateway', '  - default/myapp-gateway');

testRule(rule, {
  valid: [
    {
      name: 'no common server: each namespace is admitted on its own port (ns/host)',
      version: '1.25',
      yaml: `${gatewayWith(httpServer(80, '"team-a/myapp.com"') + httpServer(8080, '"team-b/myapp.com"'))}${inNamespace(fragment('a', defaultRoute('x')), 'team-a')}---\n${inNamespace(fragment('b', defaultRoute('y')), 'team-b')}`,
    },
    {
      name: './host admits only VirtualServices of the Gateway namespace; the other one is not served there',
      version: '1.25',
      yaml: `${gatewayWith(httpServer(80, '"./myapp.com"'))}${fragment('a', defaultRoute('x'))}---\n${inNamespace(fragment('b', defaultRoute('y')), 'team-b')}`,
    },
    {
      name: 'the Gateway does not admit the host at all',
      version: '1.25',
      yaml: `${gatewayWith(httpServer(80, '"other.com"'))}${fragment('a', defaultRoute('x'))}---\n${fragment('b', defaultRoute('y'))}`,
    },
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
    {
      name: 'a server admitting both namespaces (*/host and a wildcard) merges them',
      version: '1.25',
      yaml: `${gatewayWith(httpServer(80, '"*/*.com"'))}${inNamespace(fragment('a', defaultRoute('x')), 'team-a')}---\n${inNamespace(fragment('b', defaultRoute('y')), 'team-b')}`,
      findings: [
        { resource: 'VirtualService team-a/a', line: 22, severity: 'WARNING' },
        { resource: 'VirtualService team-b/b', line: 37 },
      ],
    },
  ],
});
