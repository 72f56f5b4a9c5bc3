#!/usr/bin/env node
// Builds the ops portal (src/portal/ui) into build/portal: index.html plus content-hashed assets
// (JavaScript, CSS, favicon, the rule docs), each also precompressed (brotli, gzip). Plain Node and
// esbuild, no tsx: it runs on `npm install`, where only the dependencies are guaranteed.
//
// Skips the work when its inputs (the UI sources, docs/rules, this script, the lock file) are
// unchanged since the last build; `--force` rebuilds anyway. The new build is written beside the old
// one and swapped in with renames, so a server reading build/portal never sees half a build.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const UI = path.join(root, 'src/portal/ui');
const RULE_DOCS = path.join(root, 'docs/rules');
export const OUT = path.join(root, 'build/portal');
const STAMP = '.inputs';
/** The Diagnose page's "Load an example" bundle. */
const EXAMPLE = 'samples/manifests/broken-bookinfo.yaml';

/** Every file under `dir`, sorted, as paths relative to the repository root. */
function files(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(root, path.join(d.parentPath, d.name)))
    .sort();
}

function inputsHash() {
  const hash = createHash('sha256');
  for (const file of [...files(UI), ...files(RULE_DOCS), EXAMPLE, 'scripts/build-portal.mjs', 'package-lock.json']) {
    if (!existsSync(path.join(root, file))) continue;
    hash.update(file).update('\0').update(readFileSync(path.join(root, file))).update('\0');
  }
  return hash.digest('hex');
}

const short = (bytes) => createHash('sha256').update(bytes).digest('base64url').replace(/[-_]/g, 'x').slice(0, 10);

function ruleDocs() {
  const docs = {};
  for (const file of files(RULE_DOCS).filter((f) => f.endsWith('.md'))) {
    docs[path.basename(file, '.md')] = readFileSync(path.join(root, file), 'utf8');
  }
  return JSON.stringify(docs);
}

async function build() {
  const { build: esbuild } = await import('esbuild');
  const staging = `${OUT}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(path.join(staging, 'assets'), { recursive: true });
  const assets = new Map(); // logical name -> hashed file name

  const emit = (name, ext, bytes) => {
    const file = `${name}.${short(bytes)}.${ext}`;
    writeFileSync(path.join(staging, 'assets', file), bytes);
    assets.set(`${name}.${ext}`, file);
    return `/assets/${file}`;
  };

  const docsUrl = emit('rule-docs', 'json', Buffer.from(ruleDocs()));
  const faviconUrl = emit('favicon', 'svg', readFileSync(path.join(UI, 'favicon.svg')));

  const result = await esbuild({
    entryPoints: { app: path.join(UI, 'main.tsx') },
    bundle: true,
    format: 'esm',
    splitting: false,
    minify: true,
    sourcemap: false,
    target: ['chrome109', 'firefox115', 'safari15.6'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    loader: { '.yaml': 'text' },
    define: { RULE_DOCS_URL: JSON.stringify(docsUrl), 'process.env.NODE_ENV': '"production"' },
    legalComments: 'none',
    outdir: 'out',
    write: false,
    logLevel: 'warning',
  });
  let scriptUrl = '';
  let styleUrl = '';
  for (const out of result.outputFiles) {
    const ext = path.extname(out.path).slice(1);
    if (ext === 'js') scriptUrl = emit('app', 'js', Buffer.from(out.contents));
    else if (ext === 'css') styleUrl = emit('app', 'css', Buffer.from(out.contents));
  }
  if (!scriptUrl || !styleUrl) throw new Error('esbuild produced no app.js/app.css');

  const template = readFileSync(path.join(UI, 'index.html'), 'utf8');
  const html = template.replaceAll('%APP_JS%', scriptUrl).replaceAll('%APP_CSS%', styleUrl).replaceAll('%FAVICON%', faviconUrl);
  writeFileSync(path.join(staging, 'index.html'), html);

  // Precompressed copies: the server picks one by Accept-Encoding and never compresses at run time.
  for (const file of readdirSync(path.join(staging, 'assets'))) {
    const full = path.join(staging, 'assets', file);
    const bytes = readFileSync(full);
    writeFileSync(`${full}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
    writeFileSync(`${full}.gz`, gzipSync(bytes, { level: 9 }));
  }
  writeFileSync(path.join(staging, STAMP), inputsHash());

  // Swap: the old build moves aside, the new one moves in, the old one goes.
  const old = `${OUT}.old-${process.pid}`;
  if (existsSync(OUT)) renameSync(OUT, old);
  renameSync(staging, OUT);
  rmSync(old, { recursive: true, force: true });
  return assets;
}

function upToDate() {
  const stamp = path.join(OUT, STAMP);
  return existsSync(stamp) && existsSync(path.join(OUT, 'index.html')) && readFileSync(stamp, 'utf8') === inputsHash();
}

async function main() {
  const force = process.argv.includes('--force');
  // An install before the sources are there (a Docker layer caching `npm ci`) has nothing to build.
  if (!existsSync(path.join(UI, 'main.tsx'))) {
    console.log(`portal: no sources in ${path.relative(process.cwd(), UI) || UI}; skipped (run npm run build:portal once they are there)`);
    return;
  }
  if (!force && upToDate()) {
    console.log(`portal: ${path.relative(process.cwd(), OUT) || '.'} is up to date`);
    return;
  }
  const started = Date.now();
  const assets = await build();
  const sizes = [...assets.values()].map((f) => {
    const raw = statSync(path.join(OUT, 'assets', f)).size;
    const br = statSync(path.join(OUT, 'assets', `${f}.br`)).size;
    return `${f} ${(raw / 1024).toFixed(1)} KiB (${(br / 1024).toFixed(1)} KiB br)`;
  });
  console.log(`portal: built ${path.relative(process.cwd(), OUT)} in ${Date.now() - started} ms\n  ${sizes.join('\n  ')}`);
}

main().catch((error) => {
  console.error(`portal: build failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
