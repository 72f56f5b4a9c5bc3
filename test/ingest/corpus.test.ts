import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { parsePage } from '../../ingest/parse-page.ts';
import type { ParsedPage } from '../../ingest/types.ts';
import { CORPUS_DIR, describeIfPresent } from '../support/shared.ts';

describeIfPresent(CORPUS_DIR, 'ingest: the archived Istio corpus (MANIFEST.tsv)', () => {
  const rows = readFileSync(path.join(CORPUS_DIR, 'MANIFEST.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t'));
  const parsed = new Map<string, ParsedPage>();
  let elapsedMs = 0;

  it('parses every page with the folder version, titled entries and no see-also', () => {
    const started = performance.now();
    for (const [version = '', relative = ''] of rows) {
      const file = path.join(CORPUS_DIR, version, relative);
      parsed.set(`${version}/${relative}`, parsePage(readFileSync(file, 'utf8'), file));
    }
    elapsedMs = performance.now() - started;

    expect(parsed.size).toBe(207);
    for (const [key, page] of parsed) {
      expect(`v${page.version}`, key).toBe(key.split('/')[0]);
      expect(page.entries.length, key).toBeGreaterThanOrEqual(1);
      for (const entry of page.entries) {
        expect(entry.title, key).not.toBe('');
        expect(entry.title, key).not.toMatch(/^see also$/i);
        expect(entry.slug, key).not.toBe('see-also');
      }
    }
    const entries = [...parsed.values()].flatMap((p) => p.entries);
    const snippets = entries.flatMap((e) => e.snippets);
    const failures = snippets.filter((s) => s.parseError !== null).length;
    console.log(`[corpus] pages=${parsed.size} entries=${entries.length} snippets=${snippets.length} parseFailures=${failures} time=${Math.round(elapsedMs)}ms`);
  });

  it('makes every h3 id of an h2 section a level-3 entry after its parent', () => {
    const subEntries = [...parsed.values()].flatMap((p) => p.entries.filter((e) => e.level === 3));
    console.log(`[corpus] h3 sub-entries=${subEntries.length}`);
    expect(subEntries.length).toBe(219);
    for (const [key, page] of parsed) {
      page.entries.forEach((e, i) => {
        expect(e.position, key).toBe(i);
        if (e.level !== 3) return expect(e.parentSlug, key).toBeUndefined();
        const parent = page.entries.find((p) => p.slug === e.parentSlug);
        expect(parent?.level, `${key} ${e.slug}`).toBe(2);
        expect(parent!.position, key).toBeLessThan(e.position);
      });
    }
    const children = (key: string, parent: string): string[] =>
      (parsed.get(key)?.entries ?? []).filter((e) => e.parentSlug === parent).map((e) => e.title);
    expect(children('v1.8/docs/ops/common-problems/network-issues/index.html', 'tls-configuration-mistakes')).toEqual([
      'Sending HTTPS to an HTTP port',
      'Gateway to virtual service TLS mismatch',
      'Double TLS (TLS origination for a TLS request)',
      '404 errors occur when multiple gateways configured with same TLS certificate',
      'Port conflict when configuring multiple TLS hosts in a gateway',
    ]);
    expect(children('v1.10/docs/ops/common-problems/network-issues/index.html', 'tls-configuration-mistakes')).toContain(
      'Configuring SNI routing when not sending SNI',
    );
    expect(children('v1.9/docs/ops/common-problems/security-issues/index.html', 'authorization-is-too-restrictive-or-permissive')).toHaveLength(4);
  });

  it('parses the clean v1.0 deploy-guidelines YAML without errors', () => {
    const page = parsed.get('v1.0/help/ops/traffic-management/deploy-guidelines/index.html');
    expect(page?.entries).toHaveLength(8);
    const snippets = page?.entries.flatMap((e) => e.snippets) ?? [];
    expect(snippets.filter((s) => s.parseError !== null)).toEqual([]);
    // The page names DestinationRule only in prose and in a kind-less `trafficPolicy:` fragment,
    // so the kinds found in its YAML are VirtualService and Gateway (the latter from a bash heredoc).
    expect(new Set(snippets.flatMap((s) => s.kinds))).toEqual(new Set(['VirtualService', 'Gateway']));
    expect(snippets.some((s) => s.language === 'yaml' && s.code.startsWith('trafficPolicy:') && s.parseError === null)).toBe(true);
  });
});
