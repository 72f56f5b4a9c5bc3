// The image's build step that fills Node's compile cache (Dockerfile, scripts/warm-compile-cache.mjs):
// it runs the start's path on a throw-away knowledge base, leaves nothing behind, and on a Node with a
// compile cache (22.1+; CI runs 20 and the LTS) fills the directory NODE_COMPILE_CACHE names.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import module from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/shared.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'istio-kb-warm-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('runs the start on a throw-away knowledge base, leaves no file, and fills the compile cache where Node has one', () => {
  const cache = path.join(dir, 'cache');
  const temp = path.join(dir, 'tmp');
  mkdirSync(temp);
  const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts/warm-compile-cache.mjs')], {
    env: { ...process.env, NODE_COMPILE_CACHE: cache, TMPDIR: temp, DATABASE_URL: 'file:/nonexistent/never-used.db' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  expect(readdirSync(temp)).toEqual([]);
  const files = (d: string): number => readdirSync(d, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? files(path.join(d, e.name)) : 1), 0);
  if (typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function') expect(files(cache)).toBeGreaterThan(200);
}, 150_000);
