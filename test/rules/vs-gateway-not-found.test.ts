import { testRule } from './tester.ts';
import rule from '../../src/rules/checks/vs-gateway-not-found.ts';

const gateway = `
apiVersion: networking.istio.io/v1alpha3
kind: Gateway
metadata:
  name: myapp-gateway
  namespace: default
spec:
  selector:
    istio: ingressgateway
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["myapp.com"]
`;

testRule(rule, {
  valid: [
    {
      name: 'guidelines myapp VirtualService with its Gateway in the bundle',
      yaml: `${gateway}---
apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata:
  name: myapp
spec:
  hosts:
  - myapp.com
  gateways:
  - myapp-gateway
  http:
  - route:
    - destination:
        host: service1.default.svc.cluster.local
`,
    },
    {
      name: 'mesh and namespace-qualified references',
      yaml: `${gateway}---
apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata:
  name: myapp
  namespace: prod
spec:
  hosts: [myapp.com]
  gateways: [mesh, default/myapp-gateway, myapp-gateway.default]
`,
    },
    { name: 'the Gateway comes from context (another team applies it)', yaml: `apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata: {name: myapp, namespace: shop}
spec:
  hosts: [myapp.com]
  gateways: [istio-system/public]
`, context: 'apiVersion: networking.istio.io/v1alpha3\nkind: Gateway\nmetadata: {name: public, namespace: istio-system}\nspec:\n  selector: {istio: ingressgateway}\n  servers: []\n' },
  ],
  invalid: [
    {
      name: 'gateway missing from the bundle',
      yaml: `apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata:
  name: myapp
spec:
  hosts:
  - myapp.com
  gateways:
  - mesh
  - myapp-gateway
`,
      findings: [{ resource: 'VirtualService default/myapp', line: 10, severity: 'INFO', message: 'default/myapp-gateway' }],
    },
    {
      name: 'complete input: the missing Gateway is an ERROR',
      complete: true,
      yaml: `apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata:
  name: myapp
spec:
  hosts: [myapp.com]
  gateways: [myapp-gateway]
`,
      findings: [{ resource: 'VirtualService default/myapp', line: 7, severity: 'ERROR', message: 'default/myapp-gateway' }],
    },
    {
      name: 'short gateway name resolves in the VirtualService namespace, not the Gateway one',
      yaml: `${gateway}---
apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata:
  name: myapp
  namespace: prod
spec:
  hosts: [myapp.com]
  gateways: [myapp-gateway]
`,
      findings: [{ resource: 'VirtualService prod/myapp', line: 21, message: 'prod/myapp-gateway' }],
    },
  ],
});
