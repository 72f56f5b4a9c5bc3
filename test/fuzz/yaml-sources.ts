// Real YAML to mutate: `language-yaml` snippets of the corpus pages (through the ingest parser) and
// the peer-tool fixtures, each used by path and skipped when absent; plus synthetic manifests that
// are always there.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parsePage } from '../../ingest/parse-page.ts';
import { CORPUS_DIR, PEER_FIXTURES_DIR } from '../support/shared.ts';

export const SYNTHETIC_YAML: readonly string[] = [
  `apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata:
  name: reviews
  namespace: default
spec:
  hosts:
  - reviews
  http:
  - route:
    - destination:
        host: reviews
        subset: v1
---
apiVersion: networking.istio.io/v1alpha3
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews
  trafficPolicy:
    tls:
      mode: ISTIO_MUTUAL
  subsets:
  - name: v2
    labels:
      version: v2
`,
  `apiVersion: v1
kind: Service
metadata:
  name: web
  labels: {app: web}
spec:
  selector: {app: web}
  ports:
  - port: 80
    name: web
    targetPort: 8080
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    metadata:
      labels: {app: web, version: v1}
    spec:
      containers:
      - name: web
        image: nginx
        ports: [{containerPort: 8080}]
`,
  `apiVersion: networking.istio.io/v1beta1
kind: Gateway
metadata:
  name: gw
spec:
  selector:
    istio: ingressgateway
  servers:
  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: ["*.example.com"]
    tls: {mode: SIMPLE, credentialName: cert}
---
apiVersion: v1
kind: List
items:
- apiVersion: security.istio.io/v1beta1
  kind: PeerAuthentication
  metadata: {name: default, namespace: istio-system}
  spec: {mtls: {mode: STRICT}}
`,
];

function walk(dir: string, accept: (file: string) => boolean, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) walk(file, accept, out);
    else if (accept(file)) out.push(file);
  }
  return out;
}

/** YAML code blocks of corpus pages; every `step`-th page keeps the parse cheap but spans the eras. */
export function corpusYaml(step = 6): string[] {
  if (!existsSync(CORPUS_DIR)) return [];
  const pages = walk(CORPUS_DIR, (f) => f.endsWith('index.html')).filter((_, i) => i % step === 0);
  const out: string[] = [];
  for (const file of pages) {
    try {
      const page = parsePage(readFileSync(file, 'utf8'), file);
      for (const entry of page.entries) {
        for (const s of entry.snippets) if (s.language.includes('yaml') && s.code.trim() !== '') out.push(s.code);
      }
    } catch {
      // A page the parser refuses has no snippets to offer; the ingest tests cover that case.
    }
  }
  return out;
}

export function peerFixtureYaml(): string[] {
  if (!existsSync(PEER_FIXTURES_DIR)) return [];
  return walk(PEER_FIXTURES_DIR, (f) => /\.ya?ml$/.test(f)).map((f) => readFileSync(f, 'utf8'));
}

export interface YamlSeeds {
  readonly texts: readonly string[];
  readonly counts: { corpus: number; peer: number; synthetic: number };
}

export function yamlSeeds(): YamlSeeds {
  const corpus = corpusYaml();
  const peer = peerFixtureYaml();
  if (corpus.length === 0) console.warn(`[skip] corpus YAML snippets: ${CORPUS_DIR} is absent; using synthetic YAML only`);
  if (peer.length === 0) console.warn(`[skip] peer fixtures: ${PEER_FIXTURES_DIR} is absent; using synthetic YAML only`);
  return { texts: [...SYNTHETIC_YAML, ...corpus, ...peer], counts: { corpus: corpus.length, peer: peer.length, synthetic: SYNTHETIC_YAML.length } };
}
