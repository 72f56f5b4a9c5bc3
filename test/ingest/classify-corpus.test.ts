// Field extraction on real sections of several versions of the archive (read by path; skipped when
// ../shared is absent): causes stated as a scope limit of a configuration or as the periodic
// behaviour of a component, consequences kept out of the causes, and fix lists after a lead sentence
// taken whole.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { parsePage } from '../../ingest/parse-page.ts';
import type { ParsedEntry } from '../../ingest/types.ts';
import { CORPUS_DIR, describeIfPresent } from '../support/shared.ts';

function entry(version: string, page: string, title: string): ParsedEntry {
  const file = path.join(CORPUS_DIR, version, page);
  const found = parsePage(readFileSync(file, 'utf8'), file).entries.find((e) => e.title === title);
  if (!found) throw new Error(`no section "${title}" in ${version}/${page}`);
  return found;
}

const NETWORK = 'docs/ops/common-problems/network-issues/index.html';

describeIfPresent(CORPUS_DIR, 'classifier on real sections', () => {
  it.each([
    // periodic behaviour of a control-plane component
    ['v1.4', NETWORK, 'Headless TCP services losing connection', /Envoy is restarted every 45 days/],
    ['v1.6', NETWORK, 'Headless TCP services losing connection', /Envoy is restarted every 45 days/],
    ['v0.8', 'help/troubleshooting/index.html', 'Envoy Process High CPU Usage', /refreshes the Envoy configuration every 1 second/],
    ['v1.0', 'help/ops/traffic-management/observing/index.html', "How come some of my route rules don't take effect immediately?", /eventually consistent/],
    // scope limit of a configuration
    ['v1.25', NETWORK, 'Configuring SNI routing when not sending SNI', /would only allow requests that match/],
    ['v1.20', NETWORK, 'Configuring SNI routing when not sending SNI', /would only allow requests that match/],
    ['v1.2', 'docs/ops/traffic-management/troubleshooting/index.html', 'Destination rule policy not activated', /depends on route rule evaluation/],
    ['v1.25', 'docs/ops/common-problems/injection/index.html', 'The result of sidecar injection was not what I expected', /will be ignored for pods in these namespaces/],
  ])('%s %s: "%s" has the cause', (version, page, title, cause) => {
    const e = entry(version, page, title);
    expect(e.causes.some((c) => cause.test(c)), JSON.stringify(e.causes)).toBe(true);
  });

  it.each([
    ['v1.4', NETWORK, 'Headless TCP services losing connection', /^This causes the disconnection/],
    ['v0.8', 'help/troubleshooting/index.html', 'Envoy Process High CPU Usage', /^This can cause high CPU usage/],
    ['v1.25', NETWORK, 'Configuring SNI routing when not sending SNI', /^This may cause certain requests to fail/],
  ])('%s %s: "%s" keeps the consequence out of the causes', (version, page, title, consequence) => {
    const e = entry(version, page, title);
    expect(e.causes.some((c) => consequence.test(c))).toBe(false);
    expect(e.symptoms.some((c) => consequence.test(c))).toBe(true);
  });

  it.each([
    ['v1.5', 'docs/ops/diagnostic-tools/proxy-cmd/index.html', 'Verifying connectivity to Istiod', [/^Create a sleep pod/, /^Test connectivity to Istiod using curl/]],
    ['v1.13', NETWORK, '503 error while accessing headless services', [/^Specify the correct Host header/, /^Set port name to tcp/, /^Use domain name instead of Pod IP/, /Host header as nginx.default/]],
    ['v1.8', 'docs/ops/deployment/requirements/index.html', 'Server First Protocols', [/mTLS mode STRICT/, /mTLS mode DISABLE/, /all clients to send TLS/, /application to send TLS traffic directly/]],
    ['v0.8', 'help/troubleshooting/index.html', 'Envoy Process High CPU Usage', [/increase the refresh interval/]],
  ])('%s %s: "%s" has every fix step of the list', (version, page, title, steps) => {
    const e = entry(version, page, title);
    for (const step of steps) expect(e.fixes.some((f) => step.test(f)), `${step} in ${JSON.stringify(e.fixes)}`).toBe(true);
  });
});
