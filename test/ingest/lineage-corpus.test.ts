import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { assignKeys, type LineageEntry } from '../../ingest/lineage.ts';
import { lineageEntriesOf } from '../../ingest/lineage-from-parsed.ts';
import { compareVersions, pagePath } from '../../ingest/lineage-normalize.ts';
import { parsePage } from '../../ingest/parse-page.ts';
import { CORPUS_DIR, describeIfPresent } from '../support/shared.ts';

const DEPLOY_GUIDELINES_V10_KEYS = [
  'multiple-virtual-services-and-destination-rules-for-the-same-host',
  '503-errors-after-setting-destination-rule',
  '503-errors-while-reconfiguring-service-routes',
  'route-rules-have-no-effect-on-ingress-gateway-requests',
  'route-rules-have-no-effect-on-my-application',
  'envoy-wont-connect-to-my-http-1-0-service',
  'headless-tcp-services-losing-connection',
  'configuring-multiple-tls-hosts-in-a-gateway',
];
const DEPLOY_GUIDELINES_V10 = 'v1.0/help/ops/traffic-management/deploy-guidelines/index.html';

describeIfPresent(CORPUS_DIR, 'ingest: lineage keys over the archived Istio corpus', () => {
  let entries: LineageEntry[] = [];
  let keys = new Map<string, string>();
  let elapsedMs = 0;

  beforeAll(() => {
    const rows = readFileSync(path.join(CORPUS_DIR, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1);
    entries = rows.flatMap((line) => {
      const [version = '', relative = ''] = line.split('\t');
      const file = path.join(CORPUS_DIR, version, relative);
      return lineageEntriesOf(parsePage(readFileSync(file, 'utf8'), file));
    });
    const started = performance.now();
    keys = assignKeys(entries);
    elapsedMs = performance.now() - started;
  });

  /** The key of the one entry of `version` on a page whose path contains `page`, with heading id `slug`. */
  function keyOf(version: string, page: string, slug: string): string {
    const found = entries.filter((e) => e.version === version && e.slug === slug && pagePath(e.pageUrl).includes(page));
    expect(found.map((e) => e.id), `${version} ${page}#${slug}`).toHaveLength(1);
    return keys.get(found[0]?.id ?? '') ?? '';
  }

  function versionsOf(key: string): string[] {
    return [...new Set(entries.filter((e) => keys.get(e.id) === key).map((e) => e.version))].sort(compareVersions);
  }

  it('keys every entry, uniquely within each version, and prints a summary', () => {
    expect(keys.size).toBe(entries.length);
    const perVersion = new Map<string, string[]>();
    for (const e of entries) perVersion.set(e.version, [...(perVersion.get(e.version) ?? []), keys.get(e.id) ?? '']);
    for (const [version, list] of perVersion) expect(new Set(list).size, version).toBe(list.length);
    const distinct = new Set(keys.values()).size;
    console.log(
      `[lineage] versions=${perVersion.size} entries=${entries.length} distinctKeys=${distinct} time=${elapsedMs.toFixed(1)}ms`,
    );
    printRetitledKeys();
  });

  it('gives the v1.0 deploy-guidelines sections the keys the diagnose rules reference, alone or with the corpus', () => {
    const pageUrlPart = '/help/ops/traffic-management/deploy-guidelines';
    const onPage = entries.filter((e) => e.version === '1.0' && pagePath(e.pageUrl) === pageUrlPart);
    expect(onPage.map((e) => keys.get(e.id)).sort()).toEqual([...DEPLOY_GUIDELINES_V10_KEYS].sort());

    const file = path.join(CORPUS_DIR, DEPLOY_GUIDELINES_V10);
    const alone = lineageEntriesOf(parsePage(readFileSync(file, 'utf8'), file));
    expect([...assignKeys(alone).values()].sort()).toEqual([...DEPLOY_GUIDELINES_V10_KEYS].sort());
  });

  it('links the known renames', () => {
    const same = (a: string, b: string) => expect(b).toBe(a);
    same(keyOf('1.0', 'deploy-guidelines', '503-errors-while-reconfiguring-service-routes'),
      keyOf('1.1', 'deploy-guidelines', 'avoid-503-errors-while-reconfiguring-service-routes'));
    same('multiple-virtual-services-and-destination-rules-for-the-same-host',
      keyOf('1.4', 'best-practices/traffic-management', 'split-virtual-services'));
    same('configuring-multiple-tls-hosts-in-a-gateway',
      keyOf('1.4', 'network-issues', 'port-conflict-when-configuring-multiple-tls-hosts-in-a-gateway'));
    same('configuring-multiple-tls-hosts-in-a-gateway',
      keyOf('1.8', 'network-issues', 'port-conflict-when-configuring-multiple-tls-hosts-in-a-gateway'));
    same(keyOf('1.2', 'deploy-guidelines', 'browser-problem-when-multiple-gateways-configured-with-same-tls-certificate'),
      keyOf('1.3', 'network-issues', '404-errors-occur-when-multiple-gateways-configured-with-same-tls-certificate'));
    same('envoy-wont-connect-to-my-http-1-0-service', keyOf('1.1', 'troubleshooting', 'envoy-won-t-connect-to-my-http-1-0-service'));
    same('envoy-wont-connect-to-my-http-1-0-service', keyOf('1.15', 'network-issues', 'envoy-wont-connect-to-my-http10-service'));
    same(keyOf('1.14', 'network-issues', 'route-rules-don-t-seem-to-affect-traffic-flow'),
      keyOf('1.15', 'network-issues', 'route-rules-dont-seem-to-affect-traffic-flow'));
    same(keyOf('1.4', 'security-issues', 'ensure-pilot-accepts-the-policies'),
      keyOf('1.5', 'security-issues', 'ensure-istiod-accepts-the-policies'));
    same('headless-tcp-services-losing-connection',
      keyOf('0.8', 'help/troubleshooting', 'headless-tcp-services-losing-connection-from-istiofied-containers'));
  });

  it('links the v1.0–1.2 security pages to the sections of the merged v1.3 page', () => {
    const pairs: [string, string, string][] = [
      ['security/mutual-tls', 'mutual-tls', 'mutual-tls-errors'],
      ['security/keys-and-certs', 'keys-and-certificates', 'keys-and-certificates-errors'],
      ['security/end-user-auth', 'end-user-authentication', 'end-user-authentication-fails'],
      ['security/authorization-permissive', 'authorization-too-permissive', 'authorization-is-too-permissive'],
      ['security/authorization-restrictive', 'authorization-too-restrictive', 'authorization-is-too-restrictive'],
    ];
    for (const [page, slug12, slug13] of pairs) {
      expect(keyOf('1.0', page, slug12)).toBe(slug12);
      expect(keyOf('1.2', page, slug12)).toBe(slug12);
      expect(keyOf('1.3', 'security-issues', slug13), slug13).toBe(slug12);
    }
    // v1.9 merges the two: the merged section continues the restrictive lineage (see lineage-aliases.ts).
    expect(keyOf('1.9', 'security-issues', 'authorization-is-too-restrictive-or-permissive')).toBe('authorization-too-restrictive');
    expect(versionsOf('authorization-too-permissive').at(-1)).toBe('1.8');
  });

  it('keeps different guidelines apart and follows the ingress guideline through every version', () => {
    const versions = [...new Set(entries.map((e) => e.version))].sort(compareVersions);
    expect(versionsOf('route-rules-have-no-effect-on-ingress-gateway-requests')).toEqual(versions.filter((v) => v !== '0.8'));
    for (const version of ['0.8', '1.0']) {
      expect(keyOf(version, version === '0.8' ? 'help/troubleshooting' : 'deploy-guidelines', 'route-rules-have-no-effect-on-my-application'))
        .toBe('route-rules-have-no-effect-on-my-application');
    }
    expect(keyOf('1.13', 'network-issues', '503-error-while-accessing-headless-services')).not.toBe(
      keyOf('1.13', 'network-issues', '503-errors-after-setting-destination-rule'),
    );
    expect(keyOf('1.8', 'network-issues', 'tls-configuration-mistakes')).toBe('tls-configuration-mistakes');
    expect(keyOf('1.4', 'best-practices/traffic-management', 'set-default-routes-for-services')).toBe('set-default-routes-for-services');
  });

  it('gives the same keys whatever the input order', () => {
    expect(assignKeys([...entries].reverse())).toEqual(keys);
  });

  /** Keys whose versions carry different titles: the merges to eyeball for false positives. */
  function printRetitledKeys(): void {
    const byKey = new Map<string, Map<string, string[]>>();
    for (const e of entries) {
      const key = keys.get(e.id) ?? '';
      const titles = byKey.get(key) ?? new Map<string, string[]>();
      const title = e.title.replace(/[’‘]/g, "'").toLowerCase();
      titles.set(title, [...(titles.get(title) ?? []), e.version]);
      byKey.set(key, titles);
    }
    const lines: string[] = [];
    for (const [key, titles] of [...byKey].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      if (titles.size < 2) continue;
      lines.push(key);
      for (const [title, versions] of titles) lines.push(`    ${span(versions)}  ${title}`);
    }
    console.log(`[lineage] keys with retitled versions (${lines.filter((l) => !l.startsWith(' ')).length}):\n${lines.join('\n')}`);
  }
});

function span(versions: string[]): string {
  const sorted = [...new Set(versions)].sort(compareVersions);
  const first = sorted[0] ?? '';
  const last = sorted.at(-1) ?? '';
  return (first === last ? first : `${first}..${last}`).padEnd(10);
}
