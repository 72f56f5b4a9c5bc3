// Realistic generated bundles for the benchmarks: per app a Service, two Deployments, a
// VirtualService and a DestinationRule with cross-references (a Gateway per 20 apps), and a few
// planted problems (a route to an undefined subset, a second mesh VirtualService for a host).

const APP_SIZE = 5; // Service, Deployment x2, VirtualService, DestinationRule per app (plus a Gateway per 20 apps)

function app(i: number, ns: string): string {
  const name = `svc-${i}`;
  const broken = i % 97 === 0; // a few real problems: a route to an undefined subset
  const conflict = i % 101 === 0; // and a second mesh VirtualService for the same host
  const gateway = `gw-${Math.floor(i / 20)}`;
  const docs = [
    `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
  labels: {app: ${name}}
spec:
  selector:
    app: ${name}
  ports:
  - name: http
    port: 9080
    targetPort: 9080`,
    ...['v1', 'v2'].map(
      (v) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}-${v}
  namespace: ${ns}
  labels: {app: ${name}, version: ${v}}
spec:
  replicas: 2
  selector:
    matchLabels: {app: ${name}, version: ${v}}
  template:
    metadata:
      labels:
        app: ${name}
        version: ${v}
    spec:
      containers:
      - name: ${name}
        image: example/${name}:${v}
        ports:
        - containerPort: 9080
        resources:
          requests: {cpu: 100m, memory: 128Mi}`,
    ),
    `apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  hosts:
  - ${name}
  - ${name}.example.com
  gateways:
  - mesh
  - istio-system/${gateway}
  http:
  - match:
    - headers:
        end-user:
          exact: jason
    route:
    - destination:
        host: ${name}
        subset: v2
  - match:
    - uri:
        prefix: /api/${name}
    route:
    - destination:
        host: ${name}.${ns}.svc.cluster.local
        subset: ${broken ? 'v3' : 'v1'}
      weight: 90
    - destination:
        host: ${name}
        subset: v2
      weight: 10
  - route:
    - destination:
        host: ${name}
        subset: v1`,
    `apiVersion: networking.istio.io/v1alpha3
kind: DestinationRule
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  host: ${name}
  trafficPolicy:
    tls:
      mode: ISTIO_MUTUAL
  subsets:
  - name: v1
    labels:
      version: v1
  - name: v2
    labels:
      version: v2`,
  ];
  if (conflict) {
    docs.push(`apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata:
  name: ${name}-canary
  namespace: ${ns}
spec:
  hosts:
  - ${name}
  http:
  - route:
    - destination:
        host: ${name}`);
  }
  if (i % 20 === 0) {
    docs.push(`apiVersion: networking.istio.io/v1alpha3
kind: Gateway
metadata:
  name: ${gateway}
  namespace: istio-system
spec:
  selector:
    istio: ingressgateway
  servers:
  - port: {number: 80, name: http-${gateway}, protocol: HTTP}
    hosts: ["*.example.com"]`);
  }
  return docs.join('\n---\n');
}

/** About `resources` Kubernetes objects in one multi-document YAML text. */
export function bundle(resources: number): string {
  const apps = Math.max(1, Math.round(resources / (APP_SIZE + 0.06)));
  const parts: string[] = [];
  for (let i = 0; i < apps; i++) parts.push(app(i, `team-${i % 10}`));
  return parts.join('\n---\n') + '\n';
}

/**
 * A `kubectl get svc,vs,dr -A -o yaml` dump: one `kind: List` of `resources` items (Services,
 * VirtualServices and DestinationRules of many apps), about 260 bytes per item, as the CLI gets it.
 */
export function kubectlDump(resources: number): string {
  const items: string[] = [];
  const uid = (n: number) => `${(n * 2654435761).toString(16).padStart(8, '0').slice(-8)}-4e1c-4b7a-9d2e-${String(n).padStart(12, '0')}`;
  for (let i = 0; items.length < resources; i++) {
    const name = `app-${i}`;
    const ns = `team-${i % 25}`;
    items.push(
      `- apiVersion: v1
  kind: Service
  metadata:
    name: ${name}
    namespace: ${ns}
    uid: ${uid(3 * i)}
    labels: {app: ${name}}
  spec:
    selector: {app: ${name}}
    ports:
    - {name: http, port: 8080, protocol: TCP, targetPort: 8080}
    type: ClusterIP`,
      `- apiVersion: networking.istio.io/v1beta1
  kind: VirtualService
  metadata:
    name: ${name}
    namespace: ${ns}
    uid: ${uid(3 * i + 1)}
  spec:
    hosts: [${name}]
    http:
    - route:
      - destination: {host: ${name}, subset: ${i % 199 === 0 ? 'v9' : 'v1'}}`,
      `- apiVersion: networking.istio.io/v1beta1
  kind: DestinationRule
  metadata:
    name: ${name}
    namespace: ${ns}
    uid: ${uid(3 * i + 2)}
  spec:
    host: ${name}
    subsets:
    - {name: v1, labels: {version: v1}}`,
    );
  }
  return `apiVersion: v1\nitems:\n${items.slice(0, resources).join('\n')}\nkind: List\nmetadata:\n  resourceVersion: ""\n`;
}
