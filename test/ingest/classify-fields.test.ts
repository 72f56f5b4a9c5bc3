// What a chatbot reads of an entry (issue 14): symptoms, causes and fixes on real sections of several
// versions of the archive, for the classes of misfiled or missing fields found on operators' questions
// (eval/README.md, "What a chatbot gets"). Read by path; skipped when ../shared is absent.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { parsePage } from '../../ingest/parse-page.ts';
import type { ParsedEntry } from '../../ingest/types.ts';
import { CORPUS_DIR, describeIfPresent } from '../support/shared.ts';

/** The entry at an archive URL path ("v1.25/docs/ops/…/#anchor"). */
function entry(at: string): ParsedEntry {
  const [page, anchor] = at.split('#');
  const file = path.join(CORPUS_DIR, `${page}index.html`);
  const found = parsePage(readFileSync(file, 'utf8'), file).entries.find((e) => e.url.endsWith(`#${anchor}`));
  if (!found) throw new Error(`no section #${anchor} in ${file}`);
  return found;
}

const X509 = 'docs/ops/common-problems/injection/#x509-certificate-related-errors';
const NO_HOSTS = 'docs/ops/common-problems/validation/#creating-configuration-fails-with-no-such-hosts-or-no-endpoints-available-errors';
const INGRESS = 'docs/ops/common-problems/network-issues/#route-rules-have-no-effect-on-ingress-gateway-requests';
const DR503 = 'docs/ops/common-problems/network-issues/#503-errors-after-setting-destination-rule';
const TCPDUMP = 'docs/ops/common-problems/injection/#limitations-for-using-tcpdump-in-pods';
const SERVER_FIRST = 'docs/ops/deployment/application-requirements/#server-first-protocols';
const END_USER = 'docs/ops/common-problems/security-issues/#end-user-authentication-fails';
const FAULT = 'docs/ops/common-problems/network-issues/#virtual-service-with-fault-injection-and-retrytimeout-policies-not-working-as-expected';

describeIfPresent(CORPUS_DIR, 'fields of real sections', () => {
  it.each([
    // "X errors are typically caused by Y": Y is the cause (X, the error, is a symptom; tested below)
    [`v1.25/${X509}`, /^An empty caBundle in the webhook configuration\.$/],
    [`v1.9/${X509}`, /^An empty caBundle in the webhook configuration\.$/],
    ['v1.0/help/ops/setup/injection/#x509-certificate-related-errors', /^An empty caBundle in the webhook configuration\.$/],
    // a component that fails closed, and what cannot happen while it is not ready
    [`v1.25/${NO_HOSTS}`, /^If the istiod pod is not ready, configuration cannot be created/],
    [`v1.25/${NO_HOSTS}`, /fail-close/],
    [`v1.4/${NO_HOSTS}`, /fail-close/],
    ['v1.1/help/ops/setup/validation/#creating-configuration-fails-with-no-such-hosts-or-no-endpoints-available-errors', /pod is not ready, configuration cannot be created/],
    // an incompatibility
    ['v1.25/docs/ops/deployment/application-requirements/#server-first-protocols', /which is incompatible with server first protocols/],
    ['v1.9/docs/ops/deployment/requirements/#server-first-protocols', /which is incompatible with server first protocols/],
    // a limitation of the product, and the clause that gives the reason ("since both … are configured")
    [`v1.25/${FAULT}`, /^Currently, Istio does not support configuring fault injections and retry/],
    [`v1.20/${FAULT}`, /since both fault and retries are configured on the same VirtualService/],
    // what a state points to
    ['v1.25/docs/ops/diagnostic-tools/proxy-cmd/#get-an-overview-of-your-mesh', /^This usually indicates a networking issue between Envoy and Istiod/],
    ['v1.4/docs/ops/diagnostic-tools/proxy-cmd/#get-an-overview-of-your-mesh', /^This usually indicates a networking issue between Envoy and (?:Pilot|Istiod)/],
    // what the request's host selects
    [`v1.25/${INGRESS}`, /gateway host \(e\.g\., myapp\.com\) which will activate the rules/],
    [`v1.4/${INGRESS}`, /gateway host \(e\.g\., myapp\.com\) which will activate the rules/],
    ['v1.1/help/ops/traffic-management/troubleshooting/#route-rules-have-no-effect-on-ingress-gateway-requests', /which will activate the rules/],
  ])('%s has the cause %s', (at, cause) => {
    const e = entry(at);
    expect(e.causes.some((c) => cause.test(c)), JSON.stringify(e.causes)).toBe(true);
  });

  it.each([
    [`v1.25/${FAULT}`],
    [`v1.20/${FAULT}`],
  ])('%s: why the workaround works is not a cause', (at) => {
    const e = entry(at);
    expect(e.causes.filter((c) => /^This works because/.test(c))).toEqual([]);
    expect(e.causes.length).toBeGreaterThan(0);
  });

  it.each([
    [`v1.25/${X509}`, /^x509: certificate signed by unknown authority errors\.$/, /^An empty caBundle in the webhook configuration\.$/],
    ['v1.0/help/ops/setup/injection/#x509-certificate-related-errors', /^x509: certificate signed by unknown authority (?:related )?errors\.$/, /^An empty caBundle/],
    [`v1.25/${DR503}`, /^Requests to a service immediately start generating HTTP 503 errors after you applied a DestinationRule/, /^The DestinationRule is probably causing a TLS conflict/],
    [`v1.9/${DR503}`, /^Requests to a service immediately start generating HTTP 503 errors/, /^The DestinationRule is probably causing a TLS conflict/],
    ['v1.0/help/ops/traffic-management/deploy-guidelines/#503-errors-after-setting-destination-rule', /start generating HTTP 503 errors/, /probably causing a TLS conflict/],
    [`v1.25/${TCPDUMP}`, /^Tcpdump doesn.t work in the sidecar pod\.$/, /^The container doesn.t run as root\.$/],
    [`v1.4/${TCPDUMP}`, /^Tcpdump doesn.t work in the sidecar pod\.$/, /^The container doesn.t run as root\.$/],
  ])('%s: a sentence with a symptom and its cause gives each to its field', (at, symptom, cause) => {
    const e = entry(at);
    expect(e.symptoms.some((s) => symptom.test(s)), JSON.stringify(e.symptoms)).toBe(true);
    expect(e.causes.some((c) => cause.test(c)), JSON.stringify(e.causes)).toBe(true);
    expect(e.causes.some((c) => symptom.test(c) || /^If requests/.test(c))).toBe(false);
    expect(e.symptoms.some((s) => cause.test(s) || /run as root/.test(s))).toBe(false);
  });

  it.each([
    ['v1.25/docs/ops/common-problems/security-issues/#ensure-istiod-accepts-the-policies', /^The following steps help you ensure/, /^Run the following command to enable the debug logging/],
    ['v1.9/docs/ops/common-problems/security-issues/#ensure-istiod-accepts-the-policies', /^The following steps help you ensure/, /^Run the following command/],
    ['v1.4/docs/ops/common-problems/security-issues/#ensure-pilot-accepts-the-policies', /^The following steps help you ensure/, /./],
    [`v1.25/${SERVER_FIRST}`, /^Because TLS communication is not server first/, /^Configure mTLS mode STRICT/],
    ['v1.9/docs/ops/deployment/requirements/#server-first-protocols', /^Because TLS communication is not server first/, /^Configure mTLS mode STRICT/],
  ])('%s: the lead of a list of steps is in no field, its items are the fixes', (at, lead, firstStep) => {
    const e = entry(at);
    for (const field of [e.symptoms, e.causes, e.fixes]) expect(field.filter((s) => lead.test(s))).toEqual([]);
    expect(e.fixes.some((f) => firstStep.test(f)), JSON.stringify(e.fixes)).toBe(true);
  });

  it.each([
    ['v1.25/docs/ops/common-problems/network-issues/#configuring-sni-routing-when-not-sending-sni'],
    ['v1.13/docs/ops/common-problems/network-issues/#tls-configuration-mistakes'],
  ])('%s: the reason given in a withdrawn lead ("…, so … do one of the following:") is a cause', (at) => {
    const e = entry(at);
    expect(e.causes).toContain('Most cloud load balancers will not forward the SNI.');
    expect(e.fixes.filter((f) => /one of the following:$/.test(f))).toEqual([]);
  });

  it.each([
    ['v1.25/docs/ops/best-practices/traffic-management/#avoid-503-errors-while-reconfiguring-service-routes', /^To make sure services will have zero down-time .*make-before-break/],
    ['v1.4/docs/ops/best-practices/traffic-management/#avoid-503-errors-while-reconfiguring-service-routes', /make-before-break/],
    ['v1.4/docs/ops/common-problems/security-issues/#authorization-is-too-permissive', /^To verify, follow these steps:/],
  ])('%s: a lead that is an instruction stays a fix', (at, lead) => {
    expect(entry(at).fixes.some((f) => lead.test(f))).toBe(true);
  });

  it.each([
    [`v1.25/${END_USER}`],
    [`v1.9/${END_USER}`],
    ['v1.0/help/ops/security/end-user-auth/#end-user-authentication'],
  ])('%s: the intro "With Istio, you can …" is not a fix', (at) => {
    const e = entry(at);
    expect(e.fixes.filter((f) => /^With Istio, you can/.test(f))).toEqual([]);
    expect(e.fixes.length).toBeGreaterThan(0);
  });

  it.each([
    [`v1.25/${TCPDUMP}`, /^However any other container in the same pod will see all the packets/],
    [`v1.13/${TCPDUMP}`, /^However any other container in the same pod will see all the packets/],
    ['v1.25/docs/ops/common-problems/injection/#automatic-sidecar-injection-fails-if-the-kubernetes-api-server-has-proxy-settings', /^One workaround is to remove the proxy settings/],
    ['v1.4/docs/ops/common-problems/injection/#automatic-sidecar-injection-fails-if-the-kubernetes-api-server-has-proxy-settings', /workaround is to remove the proxy settings/],
    ['v1.0/help/ops/misc/#automatic-sidecar-injection-will-fail-if-the-kube-apiserver-has-proxy-settings', /^A workaround is to remove the proxy settings/],
  ])('%s: the workaround is a fix', (at, workaround) => {
    const e = entry(at);
    expect(e.fixes.some((f) => workaround.test(f)), JSON.stringify(e.fixes)).toBe(true);
    expect(e.causes.some((c) => workaround.test(c))).toBe(false);
  });

  it.each([
    ['v1.25/docs/ops/common-problems/injection/#cluster-is-not-scaled-down-automatically'],
    ['v1.4/docs/ops/common-problems/injection/#cluster-is-not-scaled-down-automatically'],
    ['v1.25/docs/ops/diagnostic-tools/proxy-cmd/#what-envoy-version-is-istio-using'],
    ['v1.9/docs/ops/diagnostic-tools/proxy-cmd/#what-envoy-version-is-istio-using'],
    ['v1.0/help/ops/misc/#what-envoy-version-is-istio-using'],
    ['v1.25/docs/ops/common-problems/validation/#invalid-configuration-is-accepted'],
    ['v1.1/help/ops/setup/validation/#invalid-configuration-is-accepted'],
    ['v1.25/docs/ops/common-problems/injection/#the-result-of-sidecar-injection-was-not-what-i-expected'],
    ['v0.8/help/troubleshooting/#no-grafana-output-when-connecting-from-a-local-web-client-to-istio-remotely-hosted'],
  ])('%s: a title that states the problem or asks the question is the symptom', (at) => {
    const e = entry(at);
    expect(e.symptoms[0]).toBe(e.title);
  });

  it.each([
    [`v1.25/${NO_HOSTS}`],
    [`v1.9/${NO_HOSTS}`],
    ['v1.0/help/ops/setup/validation/#creating-configuration-fails-with-no-such-hosts-or-no-endpoints-available-errors'],
  ])('%s: "you’ll see an error" is a symptom', (at) => {
    const e = entry(at);
    expect(e.symptoms.some((s) => /you’ll see an error about no/.test(s)), JSON.stringify(e.symptoms)).toBe(true);
  });

  it.each([
    ['v1.25/docs/ops/common-problems/injection/#automatic-sidecar-injection-fails-if-the-kubernetes-api-server-has-proxy-settings'],
    ['v1.9/docs/ops/common-problems/injection/#automatic-sidecar-injection-fails-if-the-kubernetes-api-server-has-proxy-settings'],
    ['v1.1/help/ops/misc/#automatic-sidecar-injection-fails-if-the-kubernetes-api-server-has-proxy-settings'],
  ])('%s: "With these settings, X fails" makes the settings the cause', (at) => {
    const e = entry(at);
    expect(e.causes.some((c) => /^When the Kubernetes API server includes proxy settings/.test(c)), JSON.stringify(e.causes)).toBe(true);
    expect(e.symptoms.some((s) => /^With these settings, Sidecar injection fails/.test(s))).toBe(true);
  });

  const SEEMINGLY_VALID = 'docs/ops/common-problems/validation/#seemingly-valid-configuration-is-rejected';
  const INVALID_ACCEPTED = 'docs/ops/common-problems/validation/#invalid-configuration-is-accepted';
  const X509_VALIDATION = 'docs/ops/common-problems/validation/#creating-configuration-fails-with-x509-certificate-errors';
  const V08 = 'v0.8/help/troubleshooting/';

  it.each([
    // what is known to go wrong most often
    [`v1.25/${SEEMINGLY_VALID}`, /^The most commonly reported problems with configuration are YAML indentation/],
    [`v1.7/${SEEMINGLY_VALID}`, /^The most commonly reported problems with configuration are YAML indentation/],
    // "may be caused by", as "is caused by"
    [`${V08}#no-traces-appearing-in-zipkin-when-running-istio-locally-on-mac`, /^This may be caused by a known Docker issue/],
    ['v1.2/docs/ops/misc/#no-traces-appearing-in-zipkin-when-running-istio-locally-on-mac', /^This may be caused by a known Docker issue/],
    // when it happened (past tense, as the older docs tell a fixed bug)
    [`v1.4/${X509_VALIDATION}`, /^This typically happened when the istio\.yaml was re-applied/],
    ['v1.0/help/ops/setup/validation/#creating-configuration-fails-with-x509-certificate-errors', /^This typically happened when/],
    // a diagnosis hedged as likely, or a state named as wrong
    ['v1.7/docs/ops/common-problems/security-issues/#keys-and-certificates-errors', /it is likely that something is wrong with your Citadel/],
    ['v1.0/help/ops/security/keys-and-certs/#keys-and-certificates', /it is likely that something is wrong with your Citadel/],
    [`${V08}#verify-mixer-metrics-configuration-exists`, /there is likely an issue with Mixer configuration for your service/],
    [`v1.25/${INVALID_ACCEPTED}`, /your cluster is misconfigured\.$/],
    ['v1.0/help/ops/setup/validation/#invalid-configuration-is-accepted', /your cluster is misconfigured\.$/],
    // a common mistake, named as such
    ['v1.25/docs/ops/common-problems/security-issues/#make-sure-there-are-no-typos-in-the-policy-yaml-file', /^One common mistake is specifying multiple items unintentionally/],
    ['v1.9/docs/ops/common-problems/security-issues/#authorization-is-too-restrictive-or-permissive', /^One common mistake is specifying multiple items unintentionally/],
    ['v1.25/docs/ops/common-problems/network-issues/#route-rules-dont-seem-to-affect-traffic-flow', /^Another potential issue is that the route rules may simply be slow/],
    ['v1.1/help/ops/traffic-management/troubleshooting/#route-rules-don-t-seem-to-affect-traffic-flow', /^Another potential issue is that the route rules may simply be slow/],
    // what is dropped without a word
    ['v1.25/docs/ops/common-problems/network-issues/#unchanged-envoy-filter-configuration-suddenly-stops-working', /the INSERT_BEFORE operation will be silently ignored/],
    ['v1.13/docs/ops/common-problems/network-issues/#unchanged-envoy-filter-configuration-suddenly-stops-working', /the INSERT_BEFORE operation will be silently ignored/],
  ])('%s has the cause %s', (at, cause) => {
    const e = entry(at);
    expect(e.causes.some((c) => cause.test(c)), JSON.stringify(e.causes)).toBe(true);
  });

  it.each([
    // an instruction after a manner adverb
    [`v1.25/${SEEMINGLY_VALID}`, /^Manually verify your configuration is correct/],
    ['v1.0/help/ops/setup/validation/#seemingly-valid-configuration-is-rejected', /^Manually verify your configuration is correct/],
    // instructions whose verb the list lacked
    [`${V08}#no-grafana-output-when-connecting-from-a-local-web-client-to-istio-remotely-hosted`, /^Validate the client and server date and time match/],
    [`${V08}#verify-mixer-metrics-configuration-exists`, /^Validate that there are values for mixer_config_resolve_count/],
    [`${V08}#kubernetes-webhook-setup-script-files-are-missing-from-05-release-package`, /^Download the missing files/],
    [`${V08}#verify-prometheus-configuration`, /^Connect to the Prometheus UI and verify/],
    ['v1.4/docs/ops/common-problems/security-issues/#end-user-authentication-fails', /^Get the Istio proxy \(i\.e\., Envoy\) logs/],
    ['v1.0/help/ops/security/end-user-auth/#end-user-authentication', /^Get the Istio proxy \(i\.e\., Envoy\) logs/],
    // "a simple solution", as "a solution"
    [`${V08}#no-grafana-output-when-connecting-from-a-local-web-client-to-istio-remotely-hosted`, /^A simple solution to this problem is to verify a time synchronization service/],
    // an instruction after "For example," or "Or, better yet,", and "Remember to …"
    ['v1.25/docs/ops/best-practices/traffic-management/#set-default-routes-for-services', /^Or, better yet, define a proper route rule/],
    ['v1.4/docs/ops/best-practices/traffic-management/#set-default-routes-for-services', /^For example, add a simple route rule/],
    ['v1.1/help/ops/traffic-management/deploy-guidelines/#configuring-multiple-tls-hosts-in-a-gateway', /^For example, change the second one to https2/],
    ['v1.7/docs/ops/common-problems/security-issues/#repairing-citadel', /^Remember to replace istio\.default/],
    // what a response flag means, then what to check
    ['v1.25/docs/ops/common-problems/network-issues/#requests-are-rejected-by-envoy', /^UO: Upstream overflow with circuit breaking, check your circuit breaker configuration/],
    ['v1.10/docs/ops/common-problems/network-issues/#requests-are-rejected-by-envoy', /^NR: No route configured, check your DestinationRule or VirtualService/],
  ])('%s has the fix %s', (at, fix) => {
    const e = entry(at);
    expect(e.fixes.some((f) => fix.test(f)), JSON.stringify(e.fixes)).toBe(true);
    expect(e.causes.some((c) => fix.test(c))).toBe(false);
  });

  it.each([
    // a "since" clause does not take a fix or a stated 404 away from its bucket
    ['v1.25/docs/ops/common-problems/network-issues/#404-errors-occur-when-multiple-gateways-configured-with-same-tls-certificate', 'symptoms', /it will then return a 404/],
    ['v1.25/docs/ops/common-problems/network-issues/#envoy-wont-connect-to-my-http10-service', 'fixes', /since the NGINX default is 1.0/],
  ] as const)('%s keeps its %s', (at, field, text) => {
    const e = entry(at);
    expect(e[field].some((s) => text.test(s)), JSON.stringify(e[field])).toBe(true);
  });
});
