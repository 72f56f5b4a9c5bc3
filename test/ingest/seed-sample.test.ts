import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePage } from '../../ingest/parse-page.ts';
import { samplePageHtml } from '../support/archive.ts';
import { describeIfPresent, SHARED_DIR } from '../support/shared.ts';

// The sample page: the clean v1.0 guidelines from the shipped archive (the page the project's lossy
// seed was copied from). Its YAML is intact, so every YAML snippet parses.
describe('sample page: v1.0 deploy guidelines from the shipped archive', () => {
  const page = parsePage(samplePageHtml());

  it('is v1.0 with the eight h2 sections in order', () => {
    expect(page.version).toBe('1.0');
    expect(page.url).toBe('https://istio.io/v1.0/help/ops/traffic-management/deploy-guidelines/');
    expect(page.title).toBe('Deployment and Configuration Guidelines');
    expect(page.entries.map((e) => e.slug)).toEqual([
      'multiple-virtual-services-and-destination-rules-for-the-same-host',
      '503-errors-after-setting-destination-rule',
      '503-errors-while-reconfiguring-service-routes',
      'route-rules-have-no-effect-on-ingress-gateway-requests',
      'route-rules-have-no-effect-on-my-application',
      'envoy-wont-connect-to-my-http10-service',
      'headless-tcp-services-losing-connection',
      'configuring-multiple-tls-hosts-in-a-gateway',
    ]);
    expect(page.entries.find((e) => e.slug === 'envoy-wont-connect-to-my-http10-service')?.key).toBe('envoy-wont-connect-to-my-http-1-0-service');
  });

  it('parses every YAML snippet, with the kinds it declares', () => {
    const yamlish = page.entries.flatMap((e) => e.snippets).filter((s) => s.language === 'yaml' || s.code.includes('apiVersion:'));
    expect(yamlish.length).toBeGreaterThanOrEqual(8);
    for (const snippet of yamlish) expect(snippet.parseError).toBeNull();
    expect(new Set(yamlish.flatMap((s) => s.kinds))).toEqual(new Set(['VirtualService', 'Gateway']));
  });

  it('finds the quoted error messages', () => {
    const messages = page.entries.flatMap((e) => e.errorMessages);
    expect(messages).toContain('port https.443.HTTPS: non unique port name for HTTPS port');
    expect(messages).toContain('SSL_SYSCALL_ERROR');
    expect(messages.some((m) => m.includes('CONFLICT'))).toBe(true);
  });

  it('classifies the 503 destination-rule entry', () => {
    const entry = page.entries[1];
    expect(entry?.symptoms[0]).toBe('503 errors after setting destination rule');
    expect(entry?.causes.some((c) => c.includes('probably causing a TLS conflict'))).toBe(true);
    expect(entry?.fixes.some((f) => f.includes('ensure the trafficPolicy TLS mode matches'))).toBe(true);
    expect(entry?.commands).toEqual(['istioctl authn tls-check httpbin.default.svc.cluster.local']);
  });
});

// The seed is a lossy web copy of the same page: junk before the doctype and every line's leading
// whitespace stripped, so its YAML must come out flagged as unusable rather than half-parsed.
const SEED = path.join(SHARED_DIR, 'seed/000_94a80e86b1fb7fc1.txt');
describeIfPresent(SEED, 'lossy seed copy of the sample page', () => {
  const page = parsePage(readFileSync(SEED, 'utf8'));

  it('yields the same eight sections as the clean page', () => {
    expect(page.version).toBe('1.0');
    expect(page.entries.map((e) => e.slug)).toEqual(parsePage(samplePageHtml()).entries.map((e) => e.slug));
  });

  it('flags every YAML-bearing snippet as not parseable, with a reason', () => {
    const yamlish = page.entries.flatMap((e) => e.snippets).filter((s) => s.language === 'yaml' || s.code.includes('apiVersion:'));
    expect(yamlish.length).toBeGreaterThanOrEqual(8);
    for (const snippet of yamlish) expect(snippet.parseError).toMatch(/^YAML (parse error|indentation lost)/);
  });
});
