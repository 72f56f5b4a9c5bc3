// Vitest global set-up: tests that spawn the CLI or the server run the compiled build (dist/), so it
// is brought up to date first — only when a source is newer than the last build (a few ms otherwise).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Not from ./shared.ts: a global set-up must not import vitest.
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export default function setup(): void {
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts/build.mjs'), '--if-stale'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm run build:server failed; the tests that spawn the CLI or the server need the compiled build');
}
