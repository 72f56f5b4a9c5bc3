// Paths to the shared data that tests use by path (never copied into the repo). Tests that need
// it call `describeIfShared`, which skips with a printed reason when the folder is absent.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { describe, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const SHARED_DIR = process.env['ISTIO_KB_SHARED_DIR'] ?? path.resolve(repoRoot, '../shared');
export const CORPUS_DIR = path.join(SHARED_DIR, 'corpus/istio-archive');
export const PEER_FIXTURES_DIR = path.join(SHARED_DIR, 'peer-fixtures');
export const REPO_ROOT = repoRoot;

export function describeIfPresent(dir: string, name: string, fn: () => void): void {
  if (existsSync(dir)) {
    describe(name, fn);
    return;
  }
  const reason = `${dir} is absent (shared data is used by path, not shipped in the repo)`;
  console.warn(`[skip] ${name}: ${reason}`);
  // The suite's body is not run at all: it may read the absent data while collecting its tests.
  describe.skip(name, () => {
    it(`needs ${dir}`, () => undefined);
  });
}
