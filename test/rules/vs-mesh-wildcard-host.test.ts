import { testRule } from './tester.ts';
import rule from '../../src/rules/checks/vs-mesh-wildcard-host.ts';

testRule(rule, {
  valid: [
    { name: 'guidelines: "*" on a gateway-only VirtualService', yaml: `
      apiVersion: networking.istio.io/v1alpha3
      kind: VirtualService
      metadata:
        name: myapp
      spec:
        hosts:
        - "*"
        gateways:
        - myapp-gateway
        http:
        - route:
          - destination:
              host: helloworld.default.svc.cluster.local
    ` },
    { name: 'guidelines: combined VirtualService with concrete hosts', yaml: `
      apiVersion: networking.istio.io/v1alpha3
      kind: VirtualService
      metadata:
        name: myapp
      spec:
        hosts:
        - myapp.com
        - helloworld.default.svc.cluster.local
        gateways:
        - mesh
        - myapp-gateway
    ` },
    { name: 'a wildcard domain is not the "*" host', yaml: `
      apiVersion: networking.istio.io/v1alpha3
      kind: VirtualService
      metadata:
        name: wild
      spec:
        hosts:
        - "*.example.com"
    ` },
  ],
  invalid: [
    { name: 'guidelines: combined VirtualService with "*"', yaml: `
      apiVersion: networking.istio.io/v1alpha3
      kind: VirtualService
      metadata:
        name: myapp
      spec:
        hosts:
        - "*"
        - helloworld.default.svc.cluster.local
        gateways:
        - mesh
        - myapp-gateway
    `, findings: [{ resource: 'VirtualService default/myapp', line: 8, severity: 'ERROR', message: 'lists `mesh`' }] },
    { name: 'no gateways means mesh', yaml: `
      apiVersion: networking.istio.io/v1alpha3
      kind: VirtualService
      metadata:
        name: all
        namespace: prod
      spec:
        hosts: ["*"]
    `, findings: [{ resource: 'VirtualService prod/all', line: 8, message: 'has no `gateways`' }] },
  ],
});
