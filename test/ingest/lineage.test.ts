import { describe, expect, it } from 'vitest';
import { assignKeys, type LineageEntry } from '../../ingest/lineage.ts';
import { LINEAGE_ALIASES, aliasKeyFor } from '../../ingest/lineage-aliases.ts';
import { compareVersions, pagePath, slugMatchKey, titleMatchKey } from '../../ingest/lineage-normalize.ts';
import { keyFromTitle } from '../../ingest/key.ts';
import { BadUserInputError } from '../../src/errors.ts';

const FILLER =
  'Envoy sidecars receive configuration from the control plane and apply the routes to outbound traffic ' +
  'for every workload in the namespace, so check the destination rule subsets and the virtual service hosts ' +
  'before changing the gateway listeners or the mesh wide settings for mutual TLS between the services.';

interface Spec {
  readonly version: string;
  readonly page?: string;
  readonly title: string;
  readonly slug?: string;
  readonly text?: string;
  readonly level?: number;
  readonly parent?: string;
}

function entry(spec: Spec): LineageEntry {
  const page = spec.page ?? 'docs/ops/common-problems/network-issues';
  const slug = spec.slug ?? keyFromTitle(spec.title);
  return {
    id: `${spec.version}|${page}#${slug}`,
    version: spec.version,
    pageUrl: `https://istio.io/v${spec.version}/${page}/`,
    pageTitle: 'Traffic Management Problems',
    slug,
    title: spec.title,
    level: spec.level ?? 2,
    ...(spec.parent !== undefined ? { parentId: `${spec.version}|${page}#${spec.parent}` } : {}),
    text: spec.text ?? `${spec.title}. ${FILLER}`,
  };
}

function keysOf(specs: readonly Spec[]): { keys: Map<string, string>; of: (version: string, title: string) => string } {
  const entries = specs.map(entry);
  const keys = assignKeys(entries);
  const of = (version: string, title: string) => {
    const found = entries.find((e) => e.version === version && e.title === title);
    if (!found) throw new Error(`no ${title} in ${version}`);
    return keys.get(found.id) ?? '';
  };
  return { keys, of };
}

/** Distinct texts so that unrelated synthetic entries share no shingles. */
function prose(seed: string, words = 60): string {
  return Array.from({ length: words }, (_, i) => `${seed}${(i * 7919) % 1000}`).join(' ');
}

describe('assignKeys: keys', () => {
  it('keys each guideline by its earliest title and keeps that key when newer versions are added', () => {
    const old: Spec[] = [{ version: '1.0', title: '503 errors while reconfiguring service routes', page: 'docs/a' }];
    const newer: Spec[] = [
      ...old,
      { version: '1.1', title: 'Avoid 503 errors while reconfiguring service routes', page: 'docs/a' },
      { version: '1.2', title: 'Avoid 503 errors while reconfiguring service routes', page: 'docs/a' },
    ];
    const before = keysOf(old).of('1.0', '503 errors while reconfiguring service routes');
    const after = keysOf(newer);
    expect(before).toBe('503-errors-while-reconfiguring-service-routes');
    expect(after.of('1.0', '503 errors while reconfiguring service routes')).toBe(before);
    expect(after.of('1.2', 'Avoid 503 errors while reconfiguring service routes')).toBe(before);
  });

  it('gives the same keys whatever the input order', () => {
    const specs: Spec[] = [];
    for (const version of ['0.8', '1.0', '1.1', '1.2', '1.10']) {
      specs.push({ version, title: 'Route rules have no effect on ingress gateway requests' });
      specs.push({ version, title: 'Route rules have no effect on my application' });
      specs.push({ version, title: 'Envoy is crashing under load', page: version === '1.0' ? 'docs/observing' : 'docs/x' });
    }
    const entries = specs.map(entry);
    const expected = assignKeys(entries);
    for (const seed of [1, 2, 3]) {
      const shuffled = [...entries].sort((a, b) => hash(a.id, seed) - hash(b.id, seed));
      expect(assignKeys(shuffled)).toEqual(expected);
    }
    expect(assignKeys([...entries].reverse())).toEqual(expected);
  });

  it('keeps keys unique within a version, even for equal titles on two pages', () => {
    const specs: Spec[] = ['1.0', '1.1'].flatMap((version) => [
      { version, title: 'Before you begin', page: 'docs/proxy-cmd', text: prose('proxy') },
      { version, title: 'Before you begin', page: 'docs/injection', text: prose('inject') },
    ]);
    const { keys } = keysOf(specs);
    const entries = specs.map(entry);
    const perVersion = (version: string) => entries.filter((e) => e.version === version).map((e) => keys.get(e.id));
    expect(new Set(perVersion('1.0')).size).toBe(2);
    expect(new Set(perVersion('1.1')).size).toBe(2);
    // Each page's section continues its own lineage.
    const keyOn = (version: string, page: string) => keys.get(`${version}|${page}#before-you-begin`);
    expect(keyOn('1.1', 'docs/proxy-cmd')).toBe(keyOn('1.0', 'docs/proxy-cmd'));
    expect(keyOn('1.1', 'docs/injection')).toBe(keyOn('1.0', 'docs/injection'));
  });

  it('returns an empty map for no entries and a key for every entry', () => {
    expect(assignKeys([]).size).toBe(0);
    const specs: Spec[] = [{ version: '1.0', title: '***', slug: 'weird' }];
    expect(assignKeys(specs.map(entry)).get('1.0|docs/ops/common-problems/network-issues#weird')).toBe('weird');
  });
});

describe('assignKeys: renames', () => {
  it.each([
    ['Ensure Pilot accepts the policies', 'Ensure Istiod accepts the policies'],
    ['Verifying connectivity to Istio Pilot', 'Verifying connectivity to Istiod'],
    ['Mutual TLS', 'Mutual TLS errors'],
    ['Authorization Too Permissive', 'Authorization is too permissive'],
    ["Envoy won't connect to my HTTP/1.0 service", 'Envoy won&rsquo;t connect to my HTTP/1.0 service'],
    ['What Envoy version is istio using?', 'What Envoy version is Istio using?'],
  ])('"%s" -> "%s" share a key', (before, after) => {
    const { of } = keysOf([
      { version: '1.4', title: before, page: 'docs/a' },
      { version: '1.5', title: after, page: 'docs/b' },
    ]);
    expect(of('1.5', after)).toBe(of('1.4', before));
    expect(of('1.4', before)).toBe(keyFromTitle(before));
  });

  it('links drifting heading ids of the same heading', () => {
    const { of } = keysOf([
      { version: '1.0', title: 'Route rules don’t seem to affect traffic flow', slug: 'route-rules-dont-seem-to-affect-traffic-flow' },
      { version: '1.1', title: 'Route rules don’t seem to affect traffic flow', slug: 'route-rules-don-t-seem-to-affect-traffic-flow' },
      { version: '1.2', title: 'Traffic flow is unaffected by route rules', slug: 'route-rules-dont-seem-to-affect-traffic-flow', text: prose('zz') },
    ]);
    expect(of('1.1', 'Route rules don’t seem to affect traffic flow')).toBe('route-rules-dont-seem-to-affect-traffic-flow');
    // Same id (dashes aside) within a few versions links even a retitled, rewritten section.
    expect(of('1.2', 'Traffic flow is unaffected by route rules')).toBe('route-rules-dont-seem-to-affect-traffic-flow');
  });

  it('links a retitled section with similar content on the successor page', () => {
    const text = prose('vsdr', 120);
    const { of } = keysOf([
      { version: '1.3', page: 'docs/deploy-guidelines', title: 'Avoid 503 errors while reconfiguring service routes' },
      { version: '1.3', page: 'docs/deploy-guidelines', title: 'Multiple virtual services and destination rules for the same host', text },
      { version: '1.4', page: 'docs/best-practices', title: 'Avoid 503 errors while reconfiguring service routes' },
      { version: '1.4', page: 'docs/best-practices', title: 'Split large virtual services and destination rules into multiple resources', text: `${text} extra words` },
      { version: '1.4', page: 'docs/best-practices', title: 'Set default routes for services', text: prose('defaults') },
    ]);
    expect(of('1.4', 'Split large virtual services and destination rules into multiple resources')).toBe(
      'multiple-virtual-services-and-destination-rules-for-the-same-host',
    );
    expect(of('1.4', 'Set default routes for services')).toBe('set-default-routes-for-services');
  });

  it('follows a section that moves to another page and becomes an h3 there', () => {
    const text = prose('tlshosts', 80);
    const { of } = keysOf([
      { version: '1.3', page: 'docs/deploy-guidelines', title: 'Configuring multiple TLS hosts in a gateway', text },
      { version: '1.4', page: 'docs/network-issues', title: 'Port conflict when configuring multiple TLS hosts in a gateway', text },
      { version: '1.8', page: 'docs/network-issues', title: 'TLS configuration mistakes', slug: 'tls', text: `${prose('umbrella', 80)} Port conflict when configuring multiple TLS hosts in a gateway ${text}` },
      { version: '1.8', page: 'docs/network-issues', title: 'Port conflict when configuring multiple TLS hosts in a gateway', level: 3, parent: 'tls', text },
    ]);
    const key = 'configuring-multiple-tls-hosts-in-a-gateway';
    expect(of('1.4', 'Port conflict when configuring multiple TLS hosts in a gateway')).toBe(key);
    expect(of('1.8', 'Port conflict when configuring multiple TLS hosts in a gateway')).toBe(key);
    expect(of('1.8', 'TLS configuration mistakes')).toBe('tls-configuration-mistakes');
  });

  it('does not let a broader section that absorbed a guideline as a sub-heading take its key', () => {
    const text = prose('tlshosts', 80);
    const { of } = keysOf([
      { version: '1.7', title: 'Port conflict when configuring multiple TLS hosts in a gateway', text },
      { version: '1.8', title: 'TLS configuration mistakes', text: `${prose('u', 40)} Port conflict when configuring multiple TLS hosts in a gateway ${text}` },
    ]);
    expect(of('1.8', 'TLS configuration mistakes')).toBe('tls-configuration-mistakes');
  });

  it('links single-entry pages to the sections of the page they were merged into', () => {
    const { of } = keysOf([
      { version: '1.2', page: 'docs/ops/security/mutual-tls', title: 'Mutual TLS', level: 1 },
      { version: '1.2', page: 'docs/ops/security/end-user-auth', title: 'End User Authentication', level: 1, text: prose('jwt') },
      { version: '1.3', page: 'docs/ops/troubleshooting/security-issues', title: 'Mutual TLS errors' },
      { version: '1.3', page: 'docs/ops/troubleshooting/security-issues', title: 'End-user Authentication Fails', text: prose('jwt') },
    ]);
    expect(of('1.3', 'Mutual TLS errors')).toBe('mutual-tls');
    expect(of('1.3', 'End-user Authentication Fails')).toBe('end-user-authentication');
  });
});

describe('assignKeys: gaps and different guidelines', () => {
  it('bridges a gap of a few versions by title, and a longer one only on the same page', () => {
    const { of } = keysOf([
      { version: '1.0', page: 'docs/a', title: 'Envoy is crashing under load' },
      { version: '1.3', page: 'docs/b', title: 'Envoy is crashing under load' },
      { version: '1.0', page: 'docs/a', title: 'Before you begin', text: prose('a') },
      { version: '1.1', page: 'docs/a', title: 'Unrelated' , text: prose('u') },
      { version: '1.2', page: 'docs/a', title: 'Unrelated', text: prose('u') },
      { version: '1.3', page: 'docs/a', title: 'Unrelated', text: prose('u') },
      { version: '1.4', page: 'docs/a', title: 'Unrelated', text: prose('u') },
      { version: '1.5', page: 'docs/a', title: 'Before you begin', text: prose('b') },
      { version: '1.5', page: 'docs/c', title: 'Before you begin', text: prose('c') },
    ]);
    expect(of('1.3', 'Envoy is crashing under load')).toBe('envoy-is-crashing-under-load');
    expect(of('1.5', 'Before you begin')).toBe(of('1.0', 'Before you begin'));
    const keys = keysOf([
      { version: '1.0', page: 'docs/a', title: 'Before you begin', text: prose('a') },
      { version: '1.1', page: 'docs/a', title: 'Other', text: prose('o') },
      { version: '1.2', page: 'docs/a', title: 'Other', text: prose('o') },
      { version: '1.3', page: 'docs/a', title: 'Other', text: prose('o') },
      { version: '1.4', page: 'docs/a', title: 'Other', text: prose('o') },
      { version: '1.5', page: 'docs/c', title: 'Before you begin', text: prose('c') },
    ]);
    expect(keys.of('1.5', 'Before you begin')).toBe('before-you-begin-2');
  });

  it('bridges a gap by content only within a few versions', () => {
    const text = prose('moved', 100);
    const near = keysOf([
      { version: '1.0', page: 'docs/a', title: 'Browser problem when multiple gateways configured with same TLS certificate', text },
      { version: '1.3', page: 'docs/b', title: '404 errors occur when multiple gateways configured with same TLS certificate', text },
    ]);
    expect(near.of('1.3', '404 errors occur when multiple gateways configured with same TLS certificate')).toBe(
      'browser-problem-when-multiple-gateways-configured-with-same-tls-certificate',
    );
    const far = keysOf([
      { version: '1.0', page: 'docs/a', title: 'Browser problem when multiple gateways configured with same TLS certificate', text },
      ...['1.1', '1.2', '1.3', '1.4'].map((version) => ({ version, page: 'docs/z', title: 'Filler', text: prose('f') })),
      { version: '1.5', page: 'docs/b', title: '404 errors occur when multiple gateways configured with same TLS certificate', text },
    ]);
    expect(far.of('1.5', '404 errors occur when multiple gateways configured with same TLS certificate')).toBe(
      '404-errors-occur-when-multiple-gateways-configured-with-same-tls-certificate',
    );
  });

  it('keeps look-alike guidelines apart', () => {
    const specs: Spec[] = [];
    for (const version of ['1.0', '1.1', '1.12', '1.13']) {
      specs.push({ version, title: 'Route rules have no effect on ingress gateway requests', text: prose('ingress') });
      if (version === '1.0') specs.push({ version, title: 'Route rules have no effect on my application', text: prose('app') });
      specs.push({ version, title: '503 errors after setting destination rule', text: prose('dr') });
      if (version === '1.13') specs.push({ version, title: '503 error while accessing headless services', text: prose('headless') });
    }
    const { of } = keysOf(specs);
    expect(of('1.0', 'Route rules have no effect on my application')).not.toBe(of('1.0', 'Route rules have no effect on ingress gateway requests'));
    expect(of('1.13', 'Route rules have no effect on ingress gateway requests')).toBe('route-rules-have-no-effect-on-ingress-gateway-requests');
    expect(of('1.13', '503 error while accessing headless services')).toBe('503-error-while-accessing-headless-services');
    expect(of('1.13', '503 errors after setting destination rule')).toBe('503-errors-after-setting-destination-rule');
  });

  it('lets a sub-entry continue a sub-entry lineage only under the same parent lineage', () => {
    const { of, keys } = keysOf([
      { version: '1.8', title: 'TLS configuration mistakes', slug: 'tls', text: prose('tls') },
      { version: '1.8', title: 'Double TLS', level: 3, parent: 'tls', text: prose('double') },
      { version: '1.9', title: 'TLS configuration mistakes', slug: 'tls', text: prose('tls') },
      { version: '1.9', title: 'Double TLS', level: 3, parent: 'tls', text: prose('double') },
      { version: '1.9', title: 'Security problems', slug: 'sec', text: prose('sec') },
      { version: '1.9', title: 'Double TLS', slug: 'double-tls-2', level: 3, parent: 'sec', text: prose('double') },
    ]);
    expect(of('1.9', 'TLS configuration mistakes')).toBe('tls-configuration-mistakes');
    expect(keys.get('1.9|docs/ops/common-problems/network-issues#double-tls')).toBe('double-tls');
    expect(keys.get('1.9|docs/ops/common-problems/network-issues#double-tls-2')).toBe('double-tls-2');
  });
});

describe('lineage aliases', () => {
  it('pins the v1.0 key for the v0.8 "Headless TCP … from Istiofied containers" heading', () => {
    const v08 = 'Headless TCP services losing connection from Istiofied containers';
    const v10 = 'Headless TCP services losing connection';
    expect(keysOf([{ version: '0.8', title: v08 }]).of('0.8', v08)).toBe('headless-tcp-services-losing-connection');
    const both = keysOf([
      { version: '0.8', page: 'help/troubleshooting', title: v08 },
      { version: '1.0', page: 'help/ops/deploy-guidelines', title: v10, text: prose('rewritten') },
    ]);
    expect(both.of('1.0', v10)).toBe('headless-tcp-services-losing-connection');
    expect(both.of('0.8', v08)).toBe('headless-tcp-services-losing-connection');
  });

  it('continues the restrictive lineage into the merged v1.9 authorization section, under the pinned key', () => {
    const { of } = keysOf([
      { version: '1.8', title: 'Authorization is too permissive', text: prose('permissive') },
      { version: '1.8', title: 'Authorization is too restrictive', text: prose('restrictive') },
      { version: '1.9', title: 'Authorization is too restrictive or permissive', text: prose('merged') },
    ]);
    // The pinned key holds even when older versions are not ingested.
    expect(of('1.9', 'Authorization is too restrictive or permissive')).toBe('authorization-too-restrictive');
    expect(of('1.8', 'Authorization is too restrictive')).toBe('authorization-too-restrictive');
    expect(of('1.8', 'Authorization is too permissive')).toBe('authorization-is-too-permissive');
  });

  it('stays small, lists each title once, and names keys after one of its titles', () => {
    expect(LINEAGE_ALIASES.length).toBeLessThanOrEqual(5);
    const titles = LINEAGE_ALIASES.flatMap((a) => a.titles.map(titleMatchKey));
    expect(new Set(titles).size).toBe(titles.length);
    for (const alias of LINEAGE_ALIASES) {
      expect(alias.titles.map(keyFromTitle)).toContain(alias.key);
      expect(alias.why.length).toBeGreaterThan(20);
      for (const title of alias.titles) expect(aliasKeyFor(title.toUpperCase())).toBe(alias.key);
    }
    expect(aliasKeyFor('Route rules have no effect on my application')).toBeUndefined();
  });
});

describe('lineage normalisation and input checks', () => {
  it('normalises titles, heading ids, pages and versions', () => {
    expect(titleMatchKey('Envoy won’t connect to my HTTP/1.0 service')).toBe(titleMatchKey("Envoy won't connect to my http10 service"));
    expect(titleMatchKey('Avoid 503 errors while reconfiguring service routes')).toBe(titleMatchKey('503 errors while reconfiguring service routes'));
    expect(titleMatchKey('Keys and Certificates errors')).toBe(titleMatchKey('Keys and Certificates'));
    expect(titleMatchKey('Retrieve diffs between Envoy and Istio Pilot')).toBe(titleMatchKey('Retrieve diffs between Envoy and Istiod'));
    expect(titleMatchKey('Route rules have no effect on ingress gateway requests')).not.toBe(
      titleMatchKey('Route rules have no effect on my application'),
    );
    expect(slugMatchKey('envoy-wont-connect-to-my-http10-service')).toBe(slugMatchKey('envoy-won-t-connect-to-my-http-1-0-service'));
    expect(pagePath('https://istio.io/v1.4/docs/ops/x/#frag')).toBe(pagePath('https://istio.io/v1.25/docs/ops/x'));
    expect(['1.10', '0.8', '1.2', '1.0', '1.25', '1.9'].sort(compareVersions)).toEqual(['0.8', '1.0', '1.2', '1.9', '1.10', '1.25']);
  });

  it('rejects malformed input with BadUserInputError', () => {
    const good = entry({ version: '1.0', title: 'A title' });
    expect(() => assignKeys([good, good])).toThrow(BadUserInputError);
    expect(() => assignKeys([{ ...good, level: 7 }])).toThrow(BadUserInputError);
    expect(() => assignKeys([{ ...good, id: '' }])).toThrow(BadUserInputError);
    expect(() => assignKeys(null as unknown as LineageEntry[])).toThrow(BadUserInputError);
    expect(() => assignKeys([{ ...good, title: 42 } as unknown as LineageEntry])).toThrow(BadUserInputError);
  });

  it('ignores dangling parent ids and bounds huge texts', () => {
    const long = `${'word '.repeat(200_000)}`;
    const keys = assignKeys([
      { ...entry({ version: '1.0', title: 'Big' }), text: long },
      { ...entry({ version: '1.1', title: 'Big' }), text: long, level: 3, parentId: 'nowhere' },
    ]);
    expect(new Set(keys.values())).toEqual(new Set(['big']));
  });
});

function hash(text: string, seed: number): number {
  let h = seed;
  for (const ch of text) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return h;
}

describe('assignKeys: load', () => {
  it('stays fast on a flood of unrelated entries', () => {
    const flood: LineageEntry[] = [];
    for (const version of ['1.0', '1.1']) {
      for (let i = 0; i < 1500; i += 1) {
        flood.push(entry({ version, page: `docs/p${i % 50}`, title: `Guideline ${version} ${i}`, slug: `g${version}-${i}`, text: prose(`w${version}x${i}y`, 30) }));
      }
    }
    const started = performance.now();
    const keys = assignKeys(flood);
    expect(new Set(keys.values()).size).toBe(3000);
    // Generous bound: the point is "not quadratic over everything", not a benchmark.
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
