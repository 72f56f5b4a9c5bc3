#!/usr/bin/env node
// Builds the ops portal (src/portal/ui) into build/portal: index.html plus content-hashed assets
// (JavaScript, CSS, favicon, the rule docs), each also precompressed (brotli, gzip). Plain Node and
// esbuild, no tsx: it runs on `npm install`, where only the dependencies are guaranteed.
//
// Skips the work when its inputs (the UI sources, docs/rules, this script, the lock file) are
// unchanged since the last build; `--force` rebuilds anyway. Every file is written under a temporary
// name and renamed, assets before the index.html that refers to them, so a server reading
// build/portal never sees half a build.
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

/** Writes a file under a temporary name and renames it: a reader sees the old bytes or the new. */
function writeAtomic(file, bytes) {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, file);
}

async function build() {
  const { build: esbuild } = await import('esbuild');
  const assetDir = path.join(OUT, 'assets');
  mkdirSync(assetDir, { recursive: true });
  const assets = new Map(); // logical name -> hashed file name

  // Assets first (new names: nothing refers to them yet), precompressed copies beside them; the
  // server picks one by Accept-Encoding and never compresses at run time.
  const emit = (name, ext, bytes) => {
    const file = `${name}.${short(bytes)}.${ext}`;
    const full = path.join(assetDir, file);
    writeAtomic(full, bytes);
    writeAtomic(`${full}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
    writeAtomic(`${full}.gz`, gzipSync(bytes, { level: 9 }));
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

  // Then the page that refers to them, in one rename: a running server switches at once.
  const template = readFileSync(path.join(UI, 'index.html'), 'utf8');
  const html = template.replaceAll('%APP_JS%', scriptUrl).replaceAll('%APP_CSS%', styleUrl).replaceAll('%FAVICON%', faviconUrl);
  writeAtomic(path.join(OUT, 'index.html'), html);
  writeAtomic(path.join(OUT, STAMP), inputsHash());

  // Last, the assets of earlier builds.
  const keep = new Set([...assets.values()].flatMap((f) => [f, `${f}.br`, `${f}.gz`]));
  for (const file of readdirSync(assetDir)) if (!keep.has(file)) rmSync(path.join(assetDir, file), { force: true });
  return assets;
}

/**
 * One build at a time (test files build in parallel workers): a lock folder, created atomically.
 * A lock older than two minutes is left over from a killed build and is taken over.
 */
async function withLock(fn) {
  const lock = `${OUT}.lock`;
  mkdirSync(path.dirname(OUT), { recursive: true });
  for (const started = Date.now(); ; ) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if (error?.code !== 'EEXIST') throw error;
      let age = 0;
      try {
        age = Date.now() - statSync(lock).mtimeMs;
      } catch {
        continue;
      }
      if (age > 120_000) rmSync(lock, { recursive: true, force: true });
      else if (Date.now() - started > 180_000) throw new Error(`${lock} is held by another build`);
      else await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
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
  const assets = await withLock(async () => (!force && upToDate() ? null : build()));
  if (!assets) {
    console.log('portal: built meanwhile by another process');
    return;
  }
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
