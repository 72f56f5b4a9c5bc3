// Where the shared corpus is, resolved like test/support/shared.ts (which cannot be imported outside
// vitest): ISTIO_KB_SHARED_DIR or ../shared next to the repository.
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SHARED_DIR = process.env['ISTIO_KB_SHARED_DIR'] ?? path.resolve(repoRoot, '../shared');
export const CORPUS_DIR = path.join(SHARED_DIR, 'corpus/istio-archive');
/** The full-archive knowledge base the eval and the search benchmarks share (ingested on first use). */
export const EVAL_DB = path.join(tmpdir(), 'istio-kb-eval', 'kb.db');
