// Names the test that holds a test worker's event loop for long. vitest's worker talks to the main
// process over RPC with a fixed 60 s timeout ("Timeout calling onTaskUpdate"): a test that blocks
// for seconds on an idle machine blocks for a minute on a busy 2-core CI runner and fails the run
// although every test passed. Blocking work in tests (spawnSync, long synchronous loops, chains of
// already-resolved promises such as better-sqlite3 queries) should yield; this says where it does not.
import { afterAll, expect } from 'vitest';

const TICK_MS = 500;
const REPORT_MS = 10_000;

let last = performance.now();
const blocks: { ms: number; test: string }[] = [];
const timer = setInterval(() => {
  const now = performance.now();
  const blocked = now - last - TICK_MS;
  if (blocked > REPORT_MS) blocks.push({ ms: Math.round(blocked), test: expect.getState().currentTestName ?? '(collection or a hook)' });
  last = now;
}, TICK_MS);
timer.unref();

afterAll(() => {
  for (const b of blocks) {
    process.stderr.write(`[event-loop] ${expect.getState().testPath ?? ''}: blocked for ${(b.ms / 1000).toFixed(1)} s around "${b.test}"\n`);
  }
});
