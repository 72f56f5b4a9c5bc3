import { testRule } from './tester.ts';
import rule from '../../src/rules/checks/mtls-conflict.ts';

const meshPolicy = `apiVersion: authentication.istio.io/v1alpha1
kind: MeshPolicy
metadata:
  name: default
spec:
  peers:
  - mtls: {}
---
apiVersion: networking.istio.io/v1alpha3
kind: DestinationRule
metadata:
  name: default
  namespace: istio-system
spec:
  host: "*.local"
  trafficPolicy:
    tls:
      mode: ISTIO_MUTUAL
---
`;

const wideAndSpecific = `apiVersion: networking.istio.io/v1alpha3
kind: DestinationRule
metadata:
  name: mtls-istio-mutual
  namespace: microservices-demo
spec:
  host: "*.microservices-demo.svc.cluster.local"
  trafficPolicy:
    tls:
      mode: ISTIO_MUTUAL
---
apiVersion: networking.istio.io/v1alpha3
kind: DestinationRule
metadata:
  name: boards
  namespace: microservices-demo
spec:
  host: boards
`;

testRule(rule, {
  valid: [
    { name: 'global mTLS with the fixed DestinationRule from the guidelines', yaml: `${meshPolicy}apiVersion: networking.istio.io/v1alpha3
kind: DestinationRule
metadata:
  name: httpbin
spec:
  host: httpbin
  trafficPolicy:
    tls:
      mode: ISTIO_MUTUAL
` },
    { name: 'PERMISSIVE MeshPolicy without DestinationRules', yaml: `apiVersion: authentication.istio.io/v1alpha1
kind: MeshPolicy
metadata:
  name: default
spec:
  peers:
  - mtls:
      mode: PERMISSIVE
` },
    { name: 'auto mTLS (1.5+): a DestinationRule without tls is fine', version: '1.5', yaml: `apiVersion: security.istio.io/v1beta1
kind: PeerAuthentication
metadata:
  name: default
  namespace: istio-system
spec:
  mtls:
    mode: STRICT
---
apiVersion: networking.istio.io/v1alpha3
kind: DestinationRule
metadata:
  name: httpbin
spec:
  host: httpbin
  trafficPolicy:
    loadBalancer:
      simple: RANDOM
` },
    { name: 'explicit DISABLE toward a workload without sidecar', yaml: `${meshPolicy}apiVersion: v1
kind: Service
metadata:
  name: legacy
  namespace: old
spec:
  selector:
    app: legacy
  ports:
  - port: 80
    name: http
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: legacy
  namespace: old
spec:
  template:
    metadata:
      labels:
        app: legacy
      annotations:
        sidecar.istio.io/inject: "false"
---
apiVersion: networking.istio.io/v1alpha3
kind: DestinationRule
metadata:
  name: legacy
  namespace: old
spec:
  host: legacy.old.svc.cluster.local
  trafficPolicy:
    tls:
      mode: DISABLE
` },
  ],
  invalid: [
    { name: 'guidelines §2: DestinationRule without tls under global mTLS', yaml: `${meshPolicy}apiVersion: networking.istio.io/v1alpha3
kind: DestinationRule
metadata:
  name: httpbin
spec:
  host: httpbin
  subsets:
  - name: v1
    labels:
      version: v1
`, findings: [{ resource: 'DestinationRule default/httpbin', line: 24, severity: 'ERROR', message: 'MeshPolicy default requires mutual TLS' }] },
    { name: 'short host in another namespace, port-level DISABLE', yaml: `${meshPolicy}apiVersion: v1
kind: Service
metadata:
  name: db
  namespace: prod
spec:
  ports:
  - port: 5432
    name: tcp-db
---
apiVersion: networking.istio.io/v1alpha3
kind: DestinationRule
metadata:
  name: db
  namespace: prod
spec:
  host: db
  trafficPolicy:
    tls:
      mode: ISTIO_MUTUAL
    portLevelSettings:
    - port:
        number: 5432
      tls:
        mode: DISABLE
`, findings: [{ resource: 'DestinationRule prod/db', line: 44, message: 'db.prod.svc.cluster.local:5432' }] },
    // Issue 10: the DestinationRule (or the mesh policy) is often applied by the installer or from
    // another file: absence alone is a WARNING that says so, an ERROR only when the input is complete.
    { name: 'absence of the mesh-wide DestinationRule: WARNING', yaml: `apiVersion: authentication.istio.io/v1alpha1
kind: MeshPolicy
metadata:
  name: default
spec:
  peers:
  - mtls: {}
`, findings: [{ resource: 'MeshPolicy default/default', line: 6, severity: 'WARNING', message: 'the input may be partial' }] },
    { name: 'absence of the mesh-wide DestinationRule in a complete input: ERROR', complete: true, yaml: `apiVersion: authentication.istio.io/v1alpha1
kind: MeshPolicy
metadata:
  name: default
spec:
  peers:
  - mtls: {}
`, findings: [{ resource: 'MeshPolicy default/default', line: 6, severity: 'ERROR' }] },
    { name: 'ISTIO_MUTUAL and no policy in the input (the installer may set it): WARNING', yaml: `apiVersion: networking.istio.io/v1alpha3
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews
  trafficPolicy:
    tls:
      mode: ISTIO_MUTUAL
`, findings: [{ resource: 'DestinationRule default/reviews', line: 9, severity: 'WARNING', message: 'the input may be partial' }] },
    // Issue 10 (istioctl exportTo): a DestinationRule exported to "." is invisible to clients of other
    // namespaces, so their view of the service's mTLS differs.
    { name: '1.4: ISTIO_MUTUAL DestinationRule exported to "." while a VirtualService in another namespace routes to the STRICT service', version: '1.4', yaml: `apiVersion: authentication.istio.io/v1alpha1
kind: Policy
metadata: {name: default, namespace: shop}
spec:
  peers:
  - mtls: {}
---
apiVersion: v1
kind: Service
metadata: {name: cart, namespace: shop}
spec:
  ports: [{name: http, port: 80}]
---
apiVersion: networking.istio.io/v1alpha3
kind: DestinationRule
metadata: {name: cart, namespace: shop}
spec:
  host: cart
  exportTo: ["."]
  trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}
---
apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata: {name: cart, namespace: web}
spec:
  hosts: [cart.shop.svc.cluster.local]
  http:
  - route:
    - destination: {host: cart.shop.svc.cluster.local}
`, findings: [{ resource: 'DestinationRule shop/cart', line: 19, severity: 'ERROR', message: 'its exportTo hides it from namespace web' }] },
    { name: 'STRICT MeshPolicy and no mesh-wide DestinationRule: one finding on the MeshPolicy', yaml: `apiVersion: authentication.istio.io/v1alpha1
kind: MeshPolicy
metadata:
  name: default
spec:
  peers:
  - mtls: {}
`, findings: [{ resource: 'MeshPolicy default/default', line: 6 }] },
    { name: 'ISTIO_MUTUAL toward a server without policy (1.0, no auto mTLS)', yaml: `apiVersion: networking.istio.io/v1alpha3
kind: DestinationRule
metadata:
  name: reviews
  namespace: default
spec:
  host: reviews
  trafficPolicy:
    tls:
      mode: ISTIO_MUTUAL
`, findings: [{ resource: 'DestinationRule default/reviews', line: 10, message: 'no authentication policy enables mutual TLS' }] },
    { name: 'PeerAuthentication STRICT with a mesh-wide DISABLE rule (1.25, auto mTLS on)', version: '1.25', yaml: `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: disable-mesh-mtls
  namespace: bookinfo
spec:
  host: "*.local"
  trafficPolicy:
    tls:
      mode: DISABLE
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: istio-system
spec:
  mtls:
    mode: STRICT
`, findings: [{ resource: 'DestinationRule bookinfo/disable-mesh-mtls', line: 10, message: 'requires mutual TLS' }] },
    { name: 'workload PeerAuthentication DISABLE vs ISTIO_MUTUAL', version: '1.8', yaml: `apiVersion: security.istio.io/v1beta1
kind: PeerAuthentication
metadata:
  name: plain
  namespace: shop
spec:
  selector:
    matchLabels:
      app: cart
  mtls:
    mode: DISABLE
---
apiVersion: v1
kind: Service
metadata:
  name: cart
  namespace: shop
spec:
  selector:
    app: cart
  ports:
  - port: 80
    name: http
---
apiVersion: networking.istio.io/v1alpha3
kind: DestinationRule
metadata:
  name: cart
  namespace: shop
spec:
  host: cart.shop.svc.cluster.local
  trafficPolicy:
    tls:
      mode: ISTIO_MUTUAL
`, findings: [{ resource: 'DestinationRule shop/cart', line: 34, message: 'disables mutual TLS' }] },
    // audit8, RedHatGov/service-mesh-workshop-code deployment/workshop/istio-configuration: a namespace-wide
    // ISTIO_MUTUAL rule and per-service rules without tls, no authentication policy in the files. That a
    // per-service rule "replaces ISTIO_MUTUAL" is a problem only if a policy outside the input enables mutual
    // TLS: a warning of a partial input. In an input declared complete no policy enables it, so the servers
    // accept the plain text the per-service rules send; only the namespace-wide rule fails (the ERROR), and
    // the rules that replace it are not reported as failing too.
    { name: 'a wide ISTIO_MUTUAL rule, a specific rule without tls, no policy (1.4): both rest on what the input may lack, both warnings', version: '1.4', yaml: wideAndSpecific, findings: [
      { resource: 'DestinationRule microservices-demo/mtls-istio-mutual', line: 10, severity: 'WARNING', message: 'the input may be partial' },
      { resource: 'DestinationRule microservices-demo/boards', line: 17, severity: 'WARNING', message: 'this replaces ISTIO_MUTUAL from DestinationRule microservices-demo/mtls-istio-mutual (host *.microservices-demo.svc.cluster.local). With mutual TLS enabled globally (no policy in the input enables it' },
    ] },
    { name: 'the same input declared complete: the servers accept plain text, only the ISTIO_MUTUAL rule fails', version: '1.4', complete: true, yaml: wideAndSpecific, findings: [
      { resource: 'DestinationRule microservices-demo/mtls-istio-mutual', line: 10, severity: 'ERROR', message: 'no authentication policy enables mutual TLS' },
    ] },
  ],
});
