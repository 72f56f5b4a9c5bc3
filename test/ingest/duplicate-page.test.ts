// Two sources of the same page in one run (a copy in another folder, the file and its URL): one page
// is written, the later source, and the earlier one is reported as skipped with the reason. Before,
// the second copy's entries collided with the first's keys and the whole run failed with a database
// constraint error.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { REPO_ROOT } from '../support/shared.ts';

const page = path.join(REPO_ROOT, 'test/fixtures/html/era-b-v1.0.html');
const dir = mkdtempSync(path.join(tmpdir(), 'istio-kb-dup-'));
const first = path.join(dir, 'a.html');
const second = path.join(dir, 'b.html');
copyFileSync(page, first);
copyFileSync(page, second);

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ seed: false });
});
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the same page from two sources in one run', () => {
  it('writes it once, from the later source, and reports the earlier one as skipped', async () => {
    const summary = await t.ctx.ingest.ingest([first, second]);
    const single = await startTestApp({ sources: [page] });
    const alone = await single.ctx.kb.versions();
    await single.close();
    expect(await t.ctx.kb.versions()).toEqual(alone.map((v) => ({ ...v, ingestedAt: expect.any(Date), updatedAt: expect.any(Date) })));
    expect(summary.problems).toEqual([{ source: first, kind: 'skipped', reason: expect.stringContaining(`as ${second}, which was used`) }]);
    expect(summary.problems.some((p) => p.kind === 'failed')).toBe(false);
  });
});
