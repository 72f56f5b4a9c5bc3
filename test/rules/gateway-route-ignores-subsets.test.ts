import { testRule } from './tester.ts';
import rule from '../../src/rules/checks/gateway-route-ignores-subsets.ts';

const helloworld = `apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata:
  name: helloworld
spec:
  hosts:
  - helloworld.default.svc.cluster.local
  http:
  - route:
    - destination:
        host: helloworld.default.svc.cluster.local
        subset: v1
---
`;

testRule(rule, {
  valid: [
    { name: 'guidelines fix 1: the gateway VirtualService routes to the subset', yaml: `${helloworld}apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata:
  name: myapp
spec:
  hosts:
  - "myapp.com"
  gateways:
  - myapp-gateway
  http:
  - match:
    - uri:
        prefix: /hello
    route:
    - destination:
        host: helloworld.default.svc.cluster.local
        subset: v1
` },
    { name: 'guidelines fix 2: one VirtualService bound to mesh and gateway', yaml: `apiVersion: networking.istio.io/v1alpha3
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
  http:
  - match:
    - uri:
        prefix: /hello
      gateways:
      - myapp-gateway
    route:
    - destination:
        host: helloworld.default.svc.cluster.local
        subset: v1
  - match:
    - gateways:
      - mesh
    route:
    - destination:
        host: helloworld.default.svc.cluster.local
        subset: v1
` },
    { name: 'the mesh VirtualService routes to another service, not subsets of its own host', yaml: `apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata:
  name: a
spec:
  hosts: [helloworld]
  http:
  - route:
    - destination:
        host: other
        subset: v1
---
apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata:
  name: gw
spec:
  hosts: [myapp.com]
  gateways: [gw]
  http:
  - route:
    - destination:
        host: helloworld
` },
  ],
  invalid: [
    { name: 'guidelines §4: gateway VirtualService without the subset', yaml: `${helloworld}apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata:
  name: myapp
spec:
  hosts:
  - "myapp.com"
  gateways:
  - myapp-gateway
  http:
  - match:
    - uri:
        prefix: /hello
    route:
    - destination:
        host: helloworld.default.svc.cluster.local
`, findings: [{ resource: 'VirtualService default/myapp', line: 29, severity: 'WARNING', message: 'VirtualService default/helloworld (subset v1)' }] },
    { name: 'short name vs FQDN (istioctl compares literally and misses this)', yaml: `apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata:
  name: ratings
  namespace: shop
spec:
  hosts: [ratings]
  http:
  - route:
    - destination:
        host: ratings
        subset: v2
---
apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata:
  name: ingress
  namespace: edge
spec:
  hosts: ["*"]
  gateways: [istio-system/ingress]
  http:
  - route:
    - destination:
        host: ratings.shop.svc.cluster.local
`, findings: [{ resource: 'VirtualService edge/ingress', line: 25, message: 'ratings.shop.svc.cluster.local' }] },
    { name: 'combined VirtualService whose gateway rule lacks the subset', yaml: `apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata:
  name: myapp
spec:
  hosts: [myapp.com, helloworld]
  gateways: [mesh, myapp-gateway]
  http:
  - match:
    - gateways: [mesh]
    route:
    - destination:
        host: helloworld
        subset: v1
  - route:
    - destination:
        host: helloworld
`, findings: [{ resource: 'VirtualService default/myapp', line: 17 }] },
  ],
});
