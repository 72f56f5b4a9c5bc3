// `npm run build:server`: compiles src/ and ingest/ to dist/ with tsc (tsconfig.build.json), copies
// the non-TypeScript files the code reads next to itself (e.g. src/graphql/schema.graphql) and
// removes outputs whose source is gone. Every module under src/ is included; nothing to register.
// `--if-stale` builds only when a source is newer than the last build (test set-up uses it).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(root, 'dist');
const STAMP = path.join(OUT, '.build-stamp');
const SOURCE_DIRS = ['src', 'ingest'];
const CONFIG_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package.json', 'prisma/schema.prisma'];

function* walk(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.isFile()) yield full;
  }
}

const isTs = (file) => /\.(c|m)?ts$/.test(file) && !file.endsWith('.d.ts');
const outputOf = (rel) => path.join(OUT, rel.replace(/\.ts$/, '.js').replace(/\.mts$/, '.mjs').replace(/\.cts$/, '.cjs'));

/** Sources (relative to the root) and whether the last build is older than any of them. */
function survey() {
  const sources = SOURCE_DIRS.flatMap((d) => [...walk(path.join(root, d))]).map((f) => path.relative(root, f));
  if (!existsSync(STAMP)) return { sources, stale: true };
  const built = statSync(STAMP).mtimeMs;
  const newer = [...sources, ...CONFIG_FILES].some((rel) => existsSync(path.join(root, rel)) && statSync(path.join(root, rel)).mtimeMs > built);
  const missing = sources.some((rel) => !existsSync(isTs(rel) ? outputOf(rel) : path.join(OUT, rel)));
  return { sources, stale: newer || missing || hasOrphans(sources) };
}

function orphans(sources) {
  const expected = new Set(sources.flatMap((rel) => (isTs(rel) ? [outputOf(rel), `${outputOf(rel)}.map`] : [path.join(OUT, rel)])));
  return SOURCE_DIRS.flatMap((d) => [...walk(path.join(OUT, d))]).filter((f) => !expected.has(f));
}

function hasOrphans(sources) {
  return orphans(sources).length > 0;
}

const { sources, stale } = survey();
if (process.argv.includes('--if-stale') && !stale) process.exit(0);

const started = Date.now();
// tsc's incremental state does not notice deleted outputs; without it, everything is emitted again.
if (sources.some((rel) => isTs(rel) && !existsSync(outputOf(rel)))) rmSync(path.join(OUT, '.tsbuildinfo'), { force: true });
const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')], {
  cwd: root,
  stdio: 'inherit',
});
if (tsc.status !== 0) {
  console.error('build: tsc failed');
  process.exit(tsc.status ?? 1);
}
// TypeScript 5.9 leaves some dynamic imports unrewritten (an `import('./x.ts')` inside a call's
// arguments, such as the CLI's `load: () => import('../run/diagnose.ts')`), so finish the job here.
const RELATIVE_TS = /(\bimport\s*\(\s*|\bfrom\s*|^\s*import\s*)(['"])(\.{1,2}\/[^'"]*?)\.(m|c)?ts\2/gm;
for (const file of SOURCE_DIRS.flatMap((d) => [...walk(path.join(OUT, d))]).filter((f) => f.endsWith('.js'))) {
  const js = readFileSync(file, 'utf8');
  const fixed = js.replace(RELATIVE_TS, (_, lead, quote, spec, kind) => `${lead}${quote}${spec}.${kind ? `${kind}js` : 'js'}${quote}`);
  if (fixed !== js) writeFileSync(file, fixed);
}
for (const rel of sources.filter((r) => !isTs(r))) {
  mkdirSync(path.dirname(path.join(OUT, rel)), { recursive: true });
  copyFileSync(path.join(root, rel), path.join(OUT, rel));
}
for (const file of orphans(sources)) rmSync(file);
writeFileSync(STAMP, `${new Date().toISOString()}\n`);
console.log(`build: ${sources.length} files of ${SOURCE_DIRS.join(', ')} -> dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
