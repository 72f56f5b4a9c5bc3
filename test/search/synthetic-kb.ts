// A small synthetic knowledge base for the search tests: two versions of one guideline page, with
// titles, quoted error messages, identifiers in code and prose, and distractors.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { guidelinePage, writePages, type SyntheticSection } from '../support/pages.ts';

const DR_503: SyntheticSection = {
  id: '503-errors-after-setting-destination-rule',
  title: '503 errors after setting destination rule',
  body:
    '<p>If requests to a service immediately start generating HTTP 503 errors after you applied a DestinationRule, the rule probably causes a TLS conflict.</p>' +
    '<pre><code class="language-yaml">trafficPolicy:\n  tls:\n    mode: ISTIO_MUTUAL\n</code></pre><p>Make sure the TLS mode of the rule matches the mesh.</p>',
};
const INGRESS: SyntheticSection = {
  id: 'route-rules-have-no-effect-on-ingress-gateway-requests',
  title: 'Route rules have no effect on ingress gateway requests',
  body: '<p>Requests that enter through the ingress gateway use the gateway host, so the subset routing of the internal VirtualService does not apply to them.</p>',
};
const AUTHZ: SyntheticSection = {
  id: 'authorization-is-too-restrictive',
  title: 'Authorization is too restrictive',
  body:
    '<p>If every request is denied with <code>RBAC: access denied</code> or <code>upstream connect error or disconnect/reset before headers. reset reason: connection termination</code>, check the policy.</p>',
};
const HTTP10: SyntheticSection = {
  id: 'envoy-wont-connect-to-my-http10-service',
  title: 'Envoy won’t connect to my HTTP/1.0 service',
  body: '<p>Envoy requires HTTP/1.1 or HTTP/2 upstream. For NGINX set <code>proxy_http_version 1.1</code> in the location block.</p>',
};
const INJECTION: SyntheticSection = {
  id: 'the-result-of-sidecar-injection-was-not-what-i-expected',
  title: 'The result of sidecar injection was not what I expected',
  body: '<p>Check the <code>sidecar.istio.io/inject</code> annotation of the pod and the injection label of the namespace.</p>',
};
const TCPDUMP: SyntheticSection = {
  id: 'limitations-for-using-tcpdump-in-pods',
  title: 'Limitations for using tcpdump in pods',
  body: '<p>Tcpdump does not work in the proxy container because it runs as a non-root user.</p>',
};
const PORT_NAME: SyntheticSection = {
  id: 'gateway-port-name-conflict',
  title: 'Gateway port name conflict',
  body:
    '<p>Two gateways that use the same port name fail with <code>skipping server on gateway mygateway2 port https.443.HTTPS: non unique port name for HTTPS port</code> in the pilot log.</p>',
};
const DISTRACTOR: SyntheticSection = {
  id: 'destination-rules-and-subsets',
  title: 'Subsets in destination rules',
  body: '<p>A rule defines subsets; a route to a subset needs the rule first. Rules, rules, rules: destination rules everywhere in this paragraph about a destination.</p>',
};

export const V10 = [DR_503, INGRESS, AUTHZ, HTTP10, INJECTION, TCPDUMP, PORT_NAME, DISTRACTOR];
/** 1.1 drops the tcpdump guideline and rewords the 503 one. */
export const V11 = [{ ...DR_503, body: DR_503.body.replace('probably causes', 'is likely causing') }, INGRESS, AUTHZ, HTTP10, INJECTION, PORT_NAME, DISTRACTOR];

export function writeSyntheticKb(versions: readonly ('1.0' | '1.1')[] = ['1.0', '1.1']): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'istio-kb-search-'));
  const pages: Record<string, string> = {};
  for (const v of versions) pages[v] = guidelinePage(v, 'Traffic Management Best Practices', v === '1.0' ? V10 : V11);
  return writePages(dir, pages);
}
