import { testRule } from './tester.ts';
import rule from '../../src/rules/checks/gateway-https-port-name-conflict.ts';

const server = (name: string, host: string, mode = 'SIMPLE'): string => `  - port:
      number: 443
      name: ${name}
      protocol: HTTPS
    tls:
      mode: ${mode}
      serverCertificate: /etc/certs/tls.crt
      privateKey: /etc/certs/tls.key
    hosts:
    - "${host}"
`;
const gateway = (name: string, servers: string, selector = 'ingressgateway', ns = 'default'): string => `apiVersion: networking.istio.io/v1alpha3
kind: Gateway
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  selector:
    istio: ${selector}
  servers:
${servers}---
`;

testRule(rule, {
  valid: [
    { name: 'guidelines: unique names in one Gateway', yaml: gateway('mygateway', server('https-httpbin', 'httpbin.example.com') + server('https-bookinfo', 'bookinfo.com')) },
    { name: 'different selectors are different gateway workloads', yaml:
      gateway('a', server('https', 'a.example.com')) + gateway('b', server('https', 'b.example.com'), 'other-gateway') },
    // Issue 10: since istio/istio 48075e1e (first tagged 1.1.1) the HTTPS route name includes the
    // Gateway name and namespace, so two Gateway resources no longer collide (the trial's 1.2–1.9 false alarms).
    ...['1.1', '1.2', '1.9'].map((version) => ({
      name: `${version}: two Gateways with the same selector may both name their HTTPS server "https"`,
      version,
      yaml: gateway('httpbin', server('https', 'httpbin.example.com')) + gateway('bookinfo', server('https', 'bookinfo.com'), 'ingressgateway', 'shop'),
    })),
    { name: 'PASSTHROUGH servers are not terminated', yaml:
      gateway('a', server('https', 'a.example.com', 'PASSTHROUGH')) + gateway('b', server('https', 'b.example.com', 'PASSTHROUGH')) },
  ],
  invalid: [
    { name: 'guidelines §8: two Gateways, same selector, both named https', yaml:
      gateway('httpbin', server('https', 'httpbin.example.com')) + gateway('bookinfo', server('https', 'bookinfo.com'), 'ingressgateway', 'shop'), findings: [
        { resource: 'Gateway shop/bookinfo', line: 32, severity: 'ERROR', message: 'Gateway default/httpbin servers[0]' }] },
    { name: 'duplicate inside one Gateway', yaml: gateway('mygateway', server('https', 'a.com') + server('https', 'b.com')), findings: [
      { resource: 'Gateway default/mygateway', line: 22, message: 'same Gateway' }] },
    { name: '1.9: servers of the same Gateway resource still collide', version: '1.9',
      yaml: gateway('mygateway', server('https', 'a.com') + server('https', 'b.com')) + gateway('other', server('https', 'c.com')), findings: [
        { resource: 'Gateway default/mygateway', line: 22, severity: 'ERROR', message: 'same Gateway' }] },
  ],
});
