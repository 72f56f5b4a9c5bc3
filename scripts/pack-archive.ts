// `npm run archive:pack -- <folder> [out.json.br]`: packs a folder of archived Istio pages laid out
// as v1.4/docs/ops/.../index.html into an archive bundle (ingest/bundle.ts): each page trimmed to
// the article the parser reads, all of them in one brotli-compressed JSON file. Provenance comes
// from the folder's MANIFEST.tsv (version, path, source_repo, source_commit, sha256, ...) when it
// has one. Without arguments it rebuilds the shipped archive from ../shared/corpus/istio-archive.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { listHtmlFiles } from '../ingest/sources.ts';
import { sha256, trimPage, writeBundle, type BundlePage, type BundleProvenance } from '../ingest/bundle.ts';
import { SHIPPED_ARCHIVE } from '../src/services/ingest.ts';
import { packagePath } from '../src/support/package-root.ts';

const [dirArg, outArg] = process.argv.slice(2);
const dir = path.resolve(dirArg ?? packagePath('..', 'shared', 'corpus', 'istio-archive'));
const out = path.resolve(outArg ?? SHIPPED_ARCHIVE);
if (!existsSync(dir)) {
  console.error(`pack-archive: ${dir} does not exist`);
  process.exit(2);
}

const manifestFile = path.join(dir, 'MANIFEST.tsv');
const manifest = existsSync(manifestFile)
  ? readFileSync(manifestFile, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split('\t'))
  : [];
const repos = new Set(manifest.map((cols) => cols[2]));
const commits = new Set(manifest.map((cols) => cols[3]));

const pages: BundlePage[] = [];
for (const file of await listHtmlFiles([dir])) {
  const rel = path.relative(dir, file).split(path.sep).join('/');
  const bytes = readFileSync(file);
  const listed = manifest.find((cols) => `${cols[0]}/${cols[1]}` === rel);
  if (manifest.length > 0 && !listed) continue; // only the pages the manifest selects
  if (listed && listed[4] !== sha256(bytes)) throw new Error(`${rel}: sha256 differs from MANIFEST.tsv`);
  pages.push({ path: rel, sha256: sha256(bytes), html: trimPage(bytes.toString('utf8'), rel) });
}

const source: BundleProvenance = {
  repository: repos.size === 1 ? `https://github.com/${[...repos][0]} (archive/; a mirror of https://github.com/istio/istio.io)` : path.basename(dir),
  commit: commits.size === 1 ? String([...commits][0]) : 'unknown',
  licence: 'Apache-2.0 (https://github.com/istio/istio.io/blob/master/LICENSE), Copyright Istio Authors',
  notes: 'Modified: each page is trimmed to its article (page chrome, navigation, scripts and styles removed) by istio-kb scripts/pack-archive.ts.',
};
const bundle = writeBundle(source, pages);
writeFileSync(out, bundle);
const rawBytes = pages.reduce((n, p) => n + p.html.length, 0);
console.log(`${pages.length} pages -> ${out}: ${(bundle.length / 1024).toFixed(0)} KiB (trimmed HTML ${(rawBytes / 1024 / 1024).toFixed(1)} MiB)`);
