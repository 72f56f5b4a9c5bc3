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
    { name: 'PASSTHROUGH servers are not terminated', yaml:
      gateway('a', server('https', 'a.example.com', 'PASSTHROUGH')) + gateway('b', server('https', 'b.example.com', 'PASSTHROUGH')) },
  ],
  invalid: [
    { name: 'guidelines §8: two Gateways, same selector, both named https', yaml:
      gateway('httpbin', server('https', 'httpbin.example.com')) + gateway('bookinfo', server('https', 'bookinfo.com'), 'ingressgateway', 'shop'), findings: [
        { resource: 'Gateway shop/bookinfo', line: 32, severity: 'ERROR', message: 'Gateway default/httpbin servers[0]' }] },
    { name: 'duplicate inside one Gateway', yaml: gateway('mygateway', server('https', 'a.com') + server('https', 'b.com')), findings: [
      { resource: 'Gateway default/mygateway', line: 22, message: 'same Gateway' }] },
  ],
});
