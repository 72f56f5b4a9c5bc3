import { testRule } from './tester.ts';
import rule from '../../src/rules/checks/vs-fragment-overlap.ts';

const fragment = (name: string, matches: string, host = 'myapp.com', gateway = 'myapp-gateway') => `apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata:
  name: ${name}
spec:
  hosts:
  - ${host}
  gateways:
  - ${gateway}
  http:
  - match:
${matches}    route:
    - destination:
        host: ${name}
`;
const uri = (type: string, value: string) => `    - uri:
        ${type}: ${value}
`;

testRule(rule, {
  valid: [
    {
      name: 'guidelines fragments /service1 and /service2 are disjoint',
      yaml: `${fragment('myapp-service1', uri('prefix', '/service1'))}---\n${fragment('myapp-service2', uri('prefix', '/service2'))}`,
    },
    {
      name: 'overlap inside one VirtualService keeps its order (not this rule)',
      yaml: fragment('one', uri('prefix', '/a') + uri('prefix', '/a/b')),
    },
    {
      name: 'same path with different header values is disjoint',
      yaml: `${fragment('a', `${uri('prefix', '/api')}      headers: {x-team: {exact: red}}\n`)}---\n${fragment('b', `${uri('prefix', '/api')}      headers: {x-team: {exact: blue}}\n`)}`,
    },
    {
      name: 'same path on different hosts or gateways',
      yaml: `${fragment('a', uri('prefix', '/api'))}---\n${fragment('b', uri('prefix', '/api'), 'other.com')}---\n${fragment('c', uri('prefix', '/api'), 'myapp.com', 'gw2')}`,
    },
  ],
  invalid: [
    {
      name: 'istio-vet sample 2: prefix /service1 shadows /service1/start in another fragment',
      yaml: `${fragment('vs3', uri('prefix', '/service1'), 'reviews')}---\n${fragment('vs4', uri('prefix', '/service1/start'), 'reviews')}`,
      findings: [
        { resource: 'VirtualService default/vs3', line: 12, severity: 'WARNING', message: 'uri prefix "/service1" in VirtualService default/vs3 overlaps uri prefix "/service1/start" in default/vs4' },
        { resource: 'VirtualService default/vs4', line: 29 },
      ],
    },
    {
      name: 'istio-vet sample 3: prefix /search and exact /search',
      yaml: `${fragment('vs5', uri('prefix', '/search'), 'google.com')}---\n${fragment('vs6', uri('exact', '/search'), 'google.com')}`,
      findings: [
        { resource: 'VirtualService default/vs5', line: 12 },
        { resource: 'VirtualService default/vs6', line: 29, message: 'uri exact "/search"' },
      ],
    },
    {
      name: 'identical regex, second match entry of a rule',
      yaml: `${fragment('a', uri('prefix', '/x') + uri('regex', '"/v[0-9]+"'))}---\n${fragment('b', uri('regex', '"/v[0-9]+"'))}`,
      findings: [
        { resource: 'VirtualService default/a', line: 14 },
        { resource: 'VirtualService default/b', line: 31 },
      ],
    },
  ],
});
