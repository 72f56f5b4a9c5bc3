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
const FAULT = 'docs/ops/common-problems/network-issues/#virtual-service-with-fault-injection-and-retrytimeout-policies-not-working-as-expected';

describeIfPresent(CORPUS_DIR, 'fields of real sections', () => {
  it.each([
    // "X errors are typically caused by Y"
    [`v1.25/${X509}`, /typically caused by an empty caBundle/],
    [`v1.9/${X509}`, /typically caused by an empty caBundle/],
    ['v1.0/help/ops/setup/injection/#x509-certificate-related-errors', /typically caused by an empty caBundle/],
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
    // a "since" clause does not take a fix or a stated 404 away from its bucket
    ['v1.25/docs/ops/common-problems/network-issues/#404-errors-occur-when-multiple-gateways-configured-with-same-tls-certificate', 'symptoms', /it will then return a 404/],
    ['v1.25/docs/ops/common-problems/network-issues/#envoy-wont-connect-to-my-http10-service', 'fixes', /since the NGINX default is 1.0/],
  ] as const)('%s keeps its %s', (at, field, text) => {
    const e = entry(at);
    expect(e[field].some((s) => text.test(s)), JSON.stringify(e[field])).toBe(true);
  });
});
