import { describe, expect, it } from 'vitest';
import { parsePage } from '../../ingest/parse-page.ts';
import { BadUserInputError, InputTooLargeError } from '../../src/errors.ts';
import { entry, fixture, parseFixture } from './helpers.ts';

describe('parsePage: era A (v0.8, unminified, CRLF, chroma spans)', () => {
  const page = parseFixture('era-a-v0.8.html');

  it('reads version, URL and title', () => {
    expect(page.version).toBe('0.8');
    expect(page.url).toBe('https://istio.io/v0.8/help/troubleshooting/');
    expect(page.title).toBe('Troubleshooting Guide');
  });

  it('makes one entry per h2 (keeping h3 content inside) plus one per h3 id, and skips the intro', () => {
    expect(page.entries.map((e) => e.slug)).toEqual(['route-rules-have-no-effect-on-my-application', 'envoy-is-crashing-under-load', 'check-ulimit']);
    expect(page.entries.map((e) => e.position)).toEqual([0, 1, 2]);
    expect(page.entries.map((e) => e.level)).toEqual([2, 2, 3]);
    const crash = entry(page, 'envoy-is-crashing-under-load');
    expect(crash.parentSlug).toBeUndefined();
    expect(entry(page, 'check-ulimit')).toMatchObject({ parentSlug: 'envoy-is-crashing-under-load', title: 'Check the ulimit' });
    expect(entry(page, 'check-ulimit').errorMessages).toEqual(crash.errorMessages);
    expect(crash.url).toBe('https://istio.io/v0.8/help/troubleshooting/#envoy-is-crashing-under-load');
    expect(crash.paragraphs).toContain('Check the ulimit');
    expect(crash.paragraphs.some((p) => p.includes('raise your ulimit'))).toBe(true);
    expect(page.entries.flatMap((e) => e.paragraphs).join(' ')).not.toMatch(/having trouble|InlinedTableOfContents/);
  });

  it('reads chroma-highlighted code as text and normalises CRLF', () => {
    const yaml = entry(page, 'route-rules-have-no-effect-on-my-application').snippets[1];
    expect(yaml?.language).toBe('yaml');
    expect(yaml?.code).not.toContain('\r');
    expect(yaml?.code).not.toContain('<span');
    expect(yaml?.code).toContain('metadata:\n  name: reviews-default\n');
    expect(yaml?.kinds).toEqual(['RouteRule']);
    expect(yaml?.parseError).toBeNull();
  });

  it('quotes the assert failure from the plain block introduced by "crash with:"', () => {
    expect(entry(page, 'envoy-is-crashing-under-load').errorMessages).toEqual([
      '[2017-05-17 03:00:52.735][14236][critical][assert] assert failure: fd_ != -1',
    ]);
  });
});

describe('parsePage: era B (v1.0, minified, see-also inside main)', () => {
  const page = parseFixture('era-b-v1.0.html');

  it('excludes the see-also heading and block, the pagenav and the TOC', () => {
    expect(page.entries.map((e) => e.slug)).toEqual(['verify-the-webhook-configuration', 'gateway-port-names-must-be-unique']);
    const text = page.entries.flatMap((e) => e.paragraphs).join(' ');
    expect(text).not.toMatch(/See also|Other page|Operations|Webhook config/);
  });

  it('parses command-output-as-yaml after the command line, and heredocs in bash blocks', () => {
    const [output] = entry(page, 'verify-the-webhook-configuration').snippets;
    expect(output).toMatchObject({ language: 'command-output-as-yaml', kinds: ['ValidatingWebhookConfiguration'], parseError: null });
    const [heredoc, curl] = entry(page, 'gateway-port-names-must-be-unique').snippets;
    expect(heredoc).toMatchObject({ language: 'bash', kinds: ['Gateway'], parseError: null });
    expect(heredoc?.code.startsWith('cat <<EOF | kubectl apply -f -\n')).toBe(true);
    expect(curl?.language).toBe('command');
  });

  it('collects commands, blockquote notes and error messages', () => {
    const webhook = entry(page, 'verify-the-webhook-configuration');
    expect(webhook.commands).toEqual(['kubectl get validatingwebhookconfiguration istio-galley -o yaml']);
    expect(webhook.paragraphs).toContain('Use kubectl describe to see events.');
    const gateway = entry(page, 'gateway-port-names-must-be-unique');
    expect(gateway.errorMessages).toEqual(
      expect.arrayContaining(['SSL_SYSCALL_ERROR', 'upstream connect error or disconnect/reset before headers', 'HTTP/1.1 503 Service Unavailable']),
    );
    expect(gateway.errorMessages).not.toContain('content-length: 19');
  });
});

describe('parsePage: era C (v1.1–v1.9 article, callouts, see-also nav)', () => {
  const page = parseFixture('era-c-v1.5.html');

  it('finds the article and drops title area, byline, TOC, see-also, pagenav and right TOC', () => {
    expect(page.version).toBe('1.5');
    expect(page.entries.map((e) => e.slug)).toEqual([
      'requests-are-rejected-by-envoy',
      'envoy-won-t-connect-to-my-http-1-0-service',
      'nginx',
      'check-the-configuration',
    ]);
    expect(entry(page, 'nginx')).toMatchObject({ level: 3, parentSlug: 'envoy-won-t-connect-to-my-http-1-0-service', position: 2 });
    const text = page.entries.flatMap((e) => e.paragraphs).join(' ');
    expect(text).not.toMatch(/minute read|See also|Something else|Prev|Sidebar|Istio Archive/);
  });

  it('decodes entities in titles and keys them version-independently', () => {
    const envoy = entry(page, 'envoy-won-t-connect-to-my-http-1-0-service');
    expect(envoy.title).toBe('Envoy won’t connect to my HTTP/1.0 service');
    expect(envoy.key).toBe('envoy-wont-connect-to-my-http-1-0-service');
    expect(envoy.paragraphs[0]).toBe('You should only see this if you run an old sidecar.');
    expect(envoy.paragraphs).toContain('NGINX');
  });

  it('keeps code whitespace intact and reads data-outputis=yaml output', () => {
    const [plain] = entry(page, 'envoy-won-t-connect-to-my-http-1-0-service').snippets;
    expect(plain?.code).toBe('upstream http_backend {\n    server 127.0.0.1:8080;\n\n    keepalive 16;\n}\n');
    const [output, broken] = entry(page, 'check-the-configuration').snippets;
    expect(output).toMatchObject({ language: 'bash', kinds: ['DestinationRule'], parseError: null });
    expect(entry(page, 'check-the-configuration').commands).toEqual(['kubectl get destinationrule reviews -o yaml']);
    expect(broken?.kinds).toEqual(['VirtualService']);
    expect(broken?.parseError).toMatch(/^YAML parse error at line \d+: /);
  });

  it('takes an imperative closing paragraph as the fix', () => {
    expect(entry(page, 'check-the-configuration').fixes).toEqual(['Restart the affected pods after changing the rule.']);
  });
});

describe('parsePage: h3 sub-entries (v1.8+ "TLS configuration mistakes")', () => {
  const page = parseFixture('era-c-v1.8-h3.html');
  const base = 'https://istio.io/v1.8/docs/ops/common-problems/network-issues/';

  it('adds every h3 with an id as a level-3 entry right after its h2, in document order', () => {
    expect(page.entries.map((e) => [e.slug, e.level, e.parentSlug ?? null, e.position])).toEqual([
      ['envoy-is-crashing-under-load', 2, null, 0],
      ['tls-configuration-mistakes', 2, null, 1],
      ['sending-https-to-an-http-port', 3, 'tls-configuration-mistakes', 2],
      ['gateway-mismatch', 3, 'tls-configuration-mistakes', 3],
      ['double-tls', 3, 'tls-configuration-mistakes', 4],
      ['end-user-authentication-fails', 2, null, 5],
    ]);
    const tls = entry(page, 'sending-https-to-an-http-port');
    expect(tls).toMatchObject({ title: 'Sending HTTPS to an HTTP port', key: 'sending-https-to-an-http-port', url: `${base}#sending-https-to-an-http-port` });
    expect(entry(page, 'double-tls').key).toBe('double-tls-tls-origination-for-a-tls-request');
  });

  it('bounds an h3 entry by the next h2/h3 (with or without id), keeping h4s inside', () => {
    const https = entry(page, 'sending-https-to-an-http-port');
    expect(https.paragraphs[0]).toMatch(/^If your application sends an HTTPS request/);
    expect(https.paragraphs.join(' ')).not.toMatch(/Many traffic management problems|two common TLS mismatches/);
    expect(https.snippets.map((s) => s.kinds)).toEqual([['ServiceEntry'], []]);
    expect(https.errorMessages).toContain('curl: (35) error:1408F10B:SSL routines:ssl3_get_record:wrong version number');
    expect(https.fixes.some((f) => f.startsWith('To fix this, you should change the port protocol to HTTPS'))).toBe(true);

    const mismatch = entry(page, 'gateway-mismatch');
    expect(mismatch.paragraphs).toContain('Gateway with TLS termination');
    expect(mismatch.paragraphs.join(' ')).not.toContain('This heading has no id');
    expect(entry(page, 'tls-configuration-mistakes').paragraphs).toContain('This heading has no id, so it is only part of its h2 entry.');
    expect(mismatch.commands).toEqual(['istioctl proxy-config routes deploy/istio-ingressgateway -n istio-system']);
    expect(entry(page, 'double-tls').paragraphs.join(' ')).not.toContain('end users');
  });

  it('keeps all h3 content in the h2 entry too, with its own hash', () => {
    const parent = entry(page, 'tls-configuration-mistakes');
    const children = page.entries.filter((e) => e.parentSlug === 'tls-configuration-mistakes');
    expect(parent.paragraphs[0]).toMatch(/^Many traffic management problems/);
    for (const child of children) {
      for (const paragraph of child.paragraphs) expect(parent.paragraphs).toContain(paragraph);
      expect(child.contentHash).not.toBe(parent.contentHash);
    }
    expect(parent.snippets).toHaveLength(3);
    expect(parent.errorMessages).toEqual(expect.arrayContaining(entry(page, 'sending-https-to-an-http-port').errorMessages));
  });

  it('ignores h3s of the see-also block and of pages without h2', () => {
    expect(page.entries.map((e) => e.slug)).not.toContain('not-an-entry');
    const flat = parsePage('<html><head><script>var branchName="release-1.9";</script></head><body><main><h1>T</h1><h3 id=x>X</h3><p>y</p></main></body></html>');
    expect(flat.entries.map((e) => [e.slug, e.level])).toEqual([['t', 1]]);
  });

  it('finds h3s wrapped in an element and keeps slugs unique', () => {
    const page = parsePage('<html><head><script>var branchName="release-1.9";</script></head><body><main><h1>T</h1><h2 id=a>A</h2><p>intro</p>' +
      '<section><h3 id=a>First</h3><p>one</p><h3 id=b>Second</h3><p>two</p></section><h2 id=c>C</h2><p>three</p></main></body></html>');
    expect(page.entries.map((e) => [e.slug, e.parentSlug ?? null, e.paragraphs])).toEqual([
      ['a', null, ['intro', 'First', 'one', 'Second', 'two']],
      ['a-2', 'a', ['one']],
      ['b', 'a', ['two']],
      ['c', null, ['three']],
    ]);
  });
});

describe('parsePage: era D (v1.10+, breadcrumb)', () => {
  const page = parseFixture('era-d-v1.14.html');

  it('drops the breadcrumb and parses multi-document YAML', () => {
    expect(page.version).toBe('1.14');
    expect(page.title).toBe('Traffic Management Best Practices');
    expect(page.entries.flatMap((e) => e.paragraphs).join(' ')).not.toContain('Documentation');
    expect(entry(page, 'set-default-routes-for-services').snippets[0]?.kinds).toEqual(['VirtualService', 'DestinationRule']);
  });

  it('classifies symptoms, causes and ordered fix steps', () => {
    const avoid = entry(page, 'avoid-503-errors-while-reconfiguring-service-routes');
    expect(avoid.symptoms).toContain('Otherwise, calls to the service may return 503 errors during a reconfiguration period.');
    expect(avoid.causes).toEqual(['This happens because the resources propagate to the proxies in an eventually consistent manner.']);
    expect(avoid.fixes.slice(1)).toEqual([
      'Update DestinationRules to add a new subset first.',
      'Wait a few seconds for the configuration to propagate.',
      'Update the VirtualService to refer to the new subsets.',
    ]);
    expect(avoid.errorMessages).toEqual(['no healthy upstream']);
  });
});

describe('parsePage: robustness and metadata fallbacks', () => {
  const bare = (head: string, body: string): string => `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;

  it('strips junk before the doctype', () => {
    const html = `Raw Permalink Blame\n<p>This file contains invisible Unicode characters</p>\n${fixture('era-b-v1.0.html')}`;
    const page = parsePage(html);
    expect(page.entries[0]?.paragraphs.join(' ')).not.toContain('invisible Unicode');
    expect(page.entries.map((e) => e.slug)).toEqual(['verify-the-webhook-configuration', 'gateway-port-names-must-be-unique']);
  });

  it('makes a page without h2 one level-1 entry titled by its h1', () => {
    const page = parsePage(bare('<title>Istioldie 1.0 / Mutual TLS</title>', '<main aria-labelledby=title><h1 id=title>Mutual TLS</h1><p>First ensure that Citadel is healthy.</p><ol><li>Check the keys.</li></ol></main>'));
    expect(page.entries).toHaveLength(1);
    expect(page.entries[0]).toMatchObject({ level: 1, position: 0, title: 'Mutual TLS', slug: 'mutual-tls', paragraphs: ['First ensure that Citadel is healthy.', 'Check the keys.'] });
    expect(page.url).toBe('urn:istio-kb:page:1.0:mutual-tls');
  });

  it('detects the version from og:url, then from the source path, and derives the URL from the path', () => {
    const og = parsePage(bare('<meta property="og:url" content="https://istio.io/v1.7/docs/x">', '<h1>T</h1><h2 id=a>A</h2><p>x</p>'));
    expect(og.version).toBe('1.7');
    expect(og.url).toBe('https://istio.io/v1.7/docs/x/');
    const fromPath = parsePage(bare('', '<h1>T</h1><p>x</p>'), '/data/corpus/v1.25/docs/ops/x/index.html');
    expect(fromPath.version).toBe('1.25');
    expect(fromPath.url).toBe('https://istio.io/v1.25/docs/ops/x/');
    expect(fromPath.entries[0]?.url).toBe('https://istio.io/v1.25/docs/ops/x/#t');
  });

  it('uses a fetched http(s) URL as the page URL fallback, and only its path for the version', () => {
    const fetched = parsePage(bare('', '<h1>T</h1><h2 id=a>A</h2><p>x</p>'), 'https://mirror.example/v1.12/docs/x/index.html?from=/v1.2/#top');
    expect(fetched.version).toBe('1.12');
    expect(fetched.url).toBe('https://mirror.example/v1.12/docs/x/');
    expect(fetched.entries[0]?.url).toBe('https://mirror.example/v1.12/docs/x/#a');
    expect(() => parsePage(bare('', '<h1>T</h1>'), 'https://mirror.example/docs/x?v=/v1.2/')).toThrow(BadUserInputError);
  });

  it('throws BadUserInputError without a version and for non-string input', () => {
    expect(() => parsePage(bare('<title>Docs</title>', '<h1>T</h1>'))).toThrow(BadUserInputError);
    expect(() => parsePage(42 as unknown as string)).toThrow(BadUserInputError);
  });

  it('throws InputTooLargeError for oversized input', () => {
    expect(() => parsePage('x'.repeat(9 * 1024 * 1024))).toThrow(InputTooLargeError);
  });

  it('survives hostile markup without hanging', () => {
    const deep = `${'<div>'.repeat(5000)}text${'</div>'.repeat(5000)}`;
    const started = Date.now();
    const page = parsePage(bare('<script>var branchName="release-1.9";</script>', `<h1>T</h1><h2 id=a>A</h2>${deep}<pre><code class=language-yaml>a: &a [*a]\nb: [&b x, *b, *b, *b]</code></pre><h2>No id here</h2><p>y</p>`));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(page.entries.map((e) => e.slug)).toEqual(['a', 'no-id-here']);
    expect(page.entries[0]?.paragraphs).toContain('text');
  });

  it('hashes identical guidance identically across versions and differently when content changes', () => {
    const v = (version: string, text: string): string =>
      bare(`<script>var branchName="release-${version}";</script>`, `<h1>T</h1><h2 id=a>A</h2><p>See <a href="/v${version}/docs/">docs</a> at https://github.com/istio/istio/blob/release-${version}/x ${text}</p>`);
    const a = parsePage(v('1.4', 'Same text.'));
    const b = parsePage(v('1.16', 'Same text.'));
    const c = parsePage(v('1.16', 'Other text.'));
    expect(a.entries[0]?.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.entries[0]?.contentHash).toBe(b.entries[0]?.contentHash);
    expect(a.contentHash).toBe(b.contentHash);
    expect(c.entries[0]?.contentHash).not.toBe(b.entries[0]?.contentHash);
  });
});
