// The real-world set for issue 10: manifests written by others, run the way users run diagnose.
//  - the YAML of the archived Istio pages (../shared/corpus), each snippet on its own, at the
//    earliest and the latest version whose page shows it;
//  - the peer tools' fixtures (../shared/peer-fixtures), each file on its own, at its era;
//  - layouts built the way repositories hold them (test/fixtures/real-world): one file per
//    resource, DestinationRule and VirtualService apart, kustomize base + overlays, a folder of
//    alternatives, several teams sharing a Gateway, an app repository relying on the installer.
// Shared material is read by path, never copied.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parsePage } from '../../../ingest/parse-page.ts';
import { yamlSourcesOf } from '../../../ingest/yaml-source.ts';
import type { DiagnoseOptions, ManifestInput } from '../../../src/rules/result.ts';
import { fileURLToPath } from 'node:url';

// The same locations as test/support/shared.ts, without importing vitest (scripts reuse this list).
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SHARED_DIR = process.env['ISTIO_KB_SHARED_DIR'] ?? path.resolve(REPO_ROOT, '../shared');
export const CORPUS_DIR = path.join(SHARED_DIR, 'corpus/istio-archive');
export const PEER_FIXTURES_DIR = path.join(SHARED_DIR, 'peer-fixtures');

export interface RealWorldRun {
  readonly id: string;
  readonly manifests: readonly ManifestInput[];
  readonly options: DiagnoseOptions;
}

const LAYOUTS = path.join(REPO_ROOT, 'test/fixtures/real-world');

function minor(v: string): string {
  const name = v.replace(/^v/, '');
  return name === '0.8' ? '1.0' : name;
}

function byVersion(a: string, b: string): number {
  const [a1 = 0, a2 = 0] = a.split('.').map(Number);
  const [b1 = 0, b2 = 0] = b.split('.').map(Number);
  return a1 - b1 || a2 - b2;
}

/** Every YAML snippet with a `kind:` on the archived pages, once per distinct text. */
export function corpusRuns(): RealWorldRun[] {
  const manifest = path.join(CORPUS_DIR, 'MANIFEST.tsv');
  if (!existsSync(manifest)) return [];
  const rows = readFileSync(manifest, 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
  const snippets = new Map<string, { versions: Set<string>; page: string }>();
  for (const [version, page] of rows) {
    if (!version || !page) continue;
    const parsed = parsePage(readFileSync(path.join(CORPUS_DIR, version, page), 'utf8'), page);
    for (const entry of parsed.entries) {
      for (const s of entry.snippets) {
        if (s.kinds.length === 0) continue;
        for (const source of yamlSourcesOf({ type: 'code', language: s.language, code: s.code, outputIs: null })) {
          if (!/kind:/.test(source.text)) continue;
          const known = snippets.get(source.text) ?? { versions: new Set<string>(), page: `${version}/${page}#${entry.slug}` };
          known.versions.add(minor(version));
          snippets.set(source.text, known);
        }
      }
    }
  }
  const runs: RealWorldRun[] = [];
  for (const [text, { versions, page }] of snippets) {
    const hash = createHash('sha256').update(text).digest('hex').slice(0, 10);
    const sorted = [...versions].sort(byVersion);
    for (const version of new Set([sorted[0] ?? '1.0', sorted[sorted.length - 1] ?? '1.0'])) {
      runs.push({ id: `snippet ${hash}@${version} (${page})`, manifests: [{ file: `${hash}.yaml`, text }], options: { version } });
    }
  }
  return runs;
}

/** Each peer fixture file alone, at the era of the tool that wrote it. */
export function peerFixtureRuns(): RealWorldRun[] {
  if (!existsSync(PEER_FIXTURES_DIR)) return [];
  const runs: RealWorldRun[] = [];
  for (const dir of readdirSync(PEER_FIXTURES_DIR).sort()) {
    const full = path.join(PEER_FIXTURES_DIR, dir);
    if (!statSync(full).isDirectory()) continue;
    const version = dir.includes('legacy') ? '1.4' : dir === 'istio-vet' ? '1.1' : '1.25';
    for (const file of readdirSync(full).filter((f) => f.endsWith('.yaml')).sort()) {
      if (file === 'mesh-with-automtls.yaml') continue; // a mesh config, not resources
      // Judged at the tool's era though written in a later apiVersion (see peer-fixtures.ts).
      runs.push({ id: `peer ${dir}/${file}@${version}`, manifests: [{ file: `${dir}/${file}`, text: readFileSync(path.join(full, file), 'utf8') }], options: { version, unservedApis: 'judge' } });
    }
  }
  return runs;
}

function filesOf(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(LAYOUTS, dir)).sort()) {
    const rel = path.join(dir, entry);
    if (statSync(path.join(LAYOUTS, rel)).isDirectory()) out.push(...filesOf(rel));
    else if (entry.endsWith('.yaml')) out.push(rel);
  }
  return out;
}

function inputs(files: readonly string[]): ManifestInput[] {
  return files.map((file) => ({ file, text: readFileSync(path.join(LAYOUTS, file), 'utf8') }));
}

/** Layouts as repositories hold them, run as a CI job or a developer would. */
export function layoutRuns(): RealWorldRun[] {
  const bookinfo = filesOf('bookinfo-split');
  const bookinfoVs = bookinfo.filter((f) => f.includes('virtual-service-'));
  const notVs = bookinfo.filter((f) => !bookinfoVs.includes(f));
  const kustomize = filesOf('kustomize');
  const teams = filesOf('multi-team-gateway');
  const run = (id: string, files: readonly string[], options: Partial<DiagnoseOptions> & { previousFiles?: string[]; contextFiles?: string[] } = {}): RealWorldRun => {
    const { previousFiles, contextFiles, ...rest } = options;
    return {
      id: `layout ${id}`,
      manifests: inputs(files),
      options: {
        version: '1.25',
        ...rest,
        ...(previousFiles ? { previous: inputs(previousFiles) } : {}),
        ...(contextFiles ? { context: inputs(contextFiles) } : {}),
      },
    };
  };
  return [
    run('bookinfo-split: the whole folder', bookinfo),
    run('bookinfo-split: the whole folder, complete', bookinfo, { complete: true }),
    run('bookinfo-split: the whole folder at 1.4', bookinfo, { version: '1.4' }),
    ...bookinfoVs.map((f) => run(`bookinfo-split: ${path.basename(f)} alone`, [f])),
    run('bookinfo-split: the VirtualServices, DestinationRules already applied (previous)', bookinfoVs, { previousFiles: bookinfo.filter((f) => f.includes('destination-rule')) }),
    run('bookinfo-split: the VirtualServices with the rest of the cluster as context, complete', bookinfoVs, { contextFiles: notVs, complete: true }),
    run('bookinfo-alternatives: a folder of alternative VirtualServices and DestinationRules', filesOf('bookinfo-alternatives')),
    run('kustomize: base and overlay files together', kustomize),
    run('kustomize: base only', kustomize.filter((f) => f.includes('/base/'))),
    run('multi-team-gateway at 1.5', teams, { version: '1.5' }),
    run('multi-team-gateway at 1.25', teams),
    run('locality: zone-pinned subsets', filesOf('locality')),
    run('legacy-namespace at 1.4', filesOf('legacy-namespace'), { version: '1.4' }),
    run('installer-mtls: the app repository alone at 1.4', ['installer-mtls/reviews-dr.yaml'], { version: '1.4' }),
    run('installer-mtls: with the cluster as context at 1.4', ['installer-mtls/reviews-dr.yaml'], { version: '1.4', contextFiles: ['installer-mtls/cluster-meshpolicy.yaml'] }),
    run('egress', filesOf('egress')),
  ];
}

/**
 * Manifests of public repositories (test/fixtures/real-world/public, Apache-2.0, attributed in its
 * ATTRIBUTION.md), run as a CI job runs diagnose: each folder, each file alone, at the newest
 * version and at the version of the sample's era (audit6's field test).
 */
export function publicRuns(): RealWorldRun[] {
  const sets = ['gcp-istio-samples/canary', 'gcp-istio-samples/grpc-greeter', 'gcp-istio-samples/vm-migration', 'gcp-istio-samples/zone-printer', 'istio-samples/external', 'istio-samples/websockets', 'istio-samples/extauthz', 'authservice/e2e', 'istio-csr/carotation', 'polarsquad/backend', 'polarsquad/frontend', 'asm-workshop/canary', 'asm-workshop/authorization'];
  const era: Record<string, string> = { 'gcp-istio-samples/grpc-greeter': '1.4', 'gcp-istio-samples/vm-migration': '1.4', 'istio-samples/external': '1.20', 'istio-samples/websockets': '1.0', 'authservice/e2e': '1.20', 'istio-csr/carotation': '1.4', 'polarsquad/backend': '0.8', 'polarsquad/frontend': '0.8', 'asm-workshop/canary': '1.4', 'asm-workshop/authorization': '1.4' };
  const runs: RealWorldRun[] = [];
  for (const set of sets) {
    const files = filesOf(path.join('public', set));
    for (const version of new Set(['1.25', era[set] ?? '1.25'])) {
      runs.push({ id: `public ${set} (folder) @${version}`, manifests: inputs(files), options: { version } });
    }
    for (const file of files) runs.push({ id: `public ${set}/${path.basename(file)} alone @1.25`, manifests: inputs([file]), options: { version: '1.25' } });
  }
  return runs;
}
