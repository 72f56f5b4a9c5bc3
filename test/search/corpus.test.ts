// The evaluation targets on the whole archive: the judged query set (eval/queries.json) through the
// real service and the plain BM25 baseline, on a fresh ingest.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AppContext } from '../../src/app.ts';
import { openEvalContext, runEval, type EvalReport } from '../../eval/harness.ts';
import { computeMetrics } from '../../eval/metrics.ts';
import { isBlind, isFresh, isScoredApart, isUnseen, loadQueries } from '../../eval/queries.ts';
import { TEST_PROVIDER, testDatabaseUrl } from '../support/provider.ts';
import { CORPUS_DIR, describeIfPresent } from '../support/shared.ts';

describeIfPresent(CORPUS_DIR, 'search quality on the archive (eval/queries.json)', () => {
  let dir: string;
  let ctx: AppContext;
  let report: EvalReport;
  let pgCtx: AppContext | undefined;
  let sqliteReport: EvalReport | undefined;
  const queries = loadQueries();

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'istio-kb-eval-'));
    const db = path.join(dir, 'kb.db');
    ctx = await openEvalContext(db, CORPUS_DIR);
    report = await runEval(ctx, db, queries);
    if (TEST_PROVIDER === 'postgresql') {
      // The same judged set on PostgreSQL (the SQLite database above serves the baseline and the comparison).
      sqliteReport = report;
      pgCtx = await openEvalContext(db, CORPUS_DIR, { databaseUrl: await testDatabaseUrl(dir) });
      report = await runEval(pgCtx, db, queries);
    }
  });
  afterAll(async () => {
    await pgCtx?.close();
    await ctx?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('has at least 60 judged queries of every kind', () => {
    expect(queries.length).toBeGreaterThanOrEqual(60);
    expect(new Set(queries.map((q) => q.kind))).toEqual(new Set(['operator', 'paraphrase', 'error', 'unquoted-error', 'typo', 'abbrev', 'identifier', 'version', 'prefix']));
  });

  it('judges only keys that a fresh ingest has (keys drift when lineage changes)', async () => {
    const keys = queries.flatMap((q) => q.keys);
    const versions = await ctx.kb.versionsOfKeys([...new Set(keys)]);
    const missing = [...new Set(keys)].filter((k) => (versions.get(k) ?? []).length === 0);
    expect(missing).toEqual([]);
  });

  const metricsOf = (blind: boolean) =>
    computeMetrics(
      report.outcomes
        .filter((o) => isBlind(o.query) === blind && !isUnseen(o.query) && !isScoredApart(o.query))
        .map((o) => ({ rank: o.rank, hitCount: o.top.length })),
    );

  // The targets of the set the ranking was developed on (every query but the blind set, as before
  // the blind set was added), and clearly above plain BM25 on all the queries they were set on
  // (every query but the unseen and fresh sets, which came later).
  it('meets MRR@10 >= 0.9 and P@1 >= 0.85, clearly above plain BM25', () => {
    const judged = metricsOf(false);
    expect(judged.mrr10).toBeGreaterThanOrEqual(0.9);
    expect(judged.p1).toBeGreaterThanOrEqual(0.85);
    const tuned = report.outcomes.filter(
      (o) => !isUnseen(o.query) && !isScoredApart(o.query),
    );
    const service = computeMetrics(tuned.map((o) => ({ rank: o.rank, hitCount: o.top.length })));
    const baseline = computeMetrics(tuned.map((o) => ({ rank: o.baselineRank, hitCount: o.baselineTop.length })));
    expect(service.mrr10 - baseline.mrr10).toBeGreaterThanOrEqual(0.1);
    expect(service.zeroResultRate).toBe(0);
  });

  // The blind set (not tuned on in round 2, tuned on from round 3) measured 0.777 / 0.735 before
  // issue 14's second round and 0.796 / 0.755 after it (SQLite): a floor below both, so a change that
  // generalises worse fails.
  it('keeps the blind set above MRR@10 0.75 and P@1 0.7', () => {
    const blind = metricsOf(true);
    expect(blind.queries).toBeGreaterThanOrEqual(40);
    expect(blind.mrr10).toBeGreaterThanOrEqual(0.75);
    expect(blind.p1).toBeGreaterThanOrEqual(0.7);
  });

  // The unseen set (not tuned on in round 3, tuned on from round 4; eval/README.md "Round 3") measured
  // MRR@10 0.857 / P@1 0.807 at main 8f06361 (SQLite and PostgreSQL alike). The floor is that minus
  // 0.05, rounded down: a regression guard, checked on the whole set and never query by query.
  it('keeps the unseen set above MRR@10 0.8 and P@1 0.75', () => {
    const unseen = computeMetrics(report.outcomes.filter((o) => isUnseen(o.query)).map((o) => ({ rank: o.rank, hitCount: o.top.length })));
    expect(unseen.queries).toBeGreaterThanOrEqual(45);
    expect(unseen.mrr10).toBeGreaterThanOrEqual(0.8);
    expect(unseen.p1).toBeGreaterThanOrEqual(0.75);
  });

  // The fresh set (never tuned on; eval/README.md "Round 4") measured MRR@10 0.818 / P@1 0.737 at main
  // 7603fc7 (SQLite and PostgreSQL alike). The floor is that minus 0.05 (about three of its 57 queries
  // losing first place), rounded down to the hundredth: a regression guard for changes that generalise
  // worse, checked on the whole set and never query by query, so it leaks no single query's rank.
  it('keeps the fresh set above MRR@10 0.76 and P@1 0.68', () => {
    const fresh = computeMetrics(report.outcomes.filter((o) => isFresh(o.query)).map((o) => ({ rank: o.rank, hitCount: o.top.length })));
    expect(fresh.queries).toBeGreaterThanOrEqual(45);
    expect(fresh.mrr10).toBeGreaterThanOrEqual(0.76);
    expect(fresh.p1).toBeGreaterThanOrEqual(0.68);
  });

  // The same ranking code on both stores, fed the same statistics (the PostgreSQL index answers each
  // part of a question as FTS5 does: src/repositories/postgres/search-index.ts).
  it.runIf(TEST_PROVIDER === 'postgresql')('ranks on PostgreSQL within 0.01 MRR@10 and P@1 of SQLite (same ranking code)', () => {
    const s = sqliteReport?.service;
    console.log(
      `[providers] MRR@10 sqlite ${s?.mrr10.toFixed(3)} postgresql ${report.service.mrr10.toFixed(3)}; P@1 sqlite ${s?.p1.toFixed(3)} postgresql ${report.service.p1.toFixed(3)}`,
    );
    if (!s) throw new Error('no SQLite report to compare with');
    expect(Math.abs(report.service.mrr10 - s.mrr10)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(report.service.p1 - s.p1)).toBeLessThanOrEqual(0.01);
  });

  // A page must not depend on its size: the text boosts are read only near the page's last score, and
  // a best row reached there by the phrase alone was once boosted less than with a larger page, so
  // "reviews.default.svc.cluster" showed another 5th hit at first 5 than first 10, and its second page
  // repeated a hit of the first while another was never shown.
  it('answers a page of k with the first k of a longer page, and page 2 continues page 1 (hits and passages)', async () => {
    const kb = (pgCtx ?? ctx).kb;
    const keys = (page: Awaited<ReturnType<typeof kb.search>>) => page.items.map((i) => `${i.node.key}@${i.node.version}`);
    const asked = [
      ...['reviews.default.svc.cluster', 'details.default', 'istiod.istio-system'].map((q) => ({ q, version: null })),
      ...queries.map((q) => ({ q: q.q, version: q.version })),
    ];
    const differing: string[] = [];
    for (const { q, version } of asked) {
      const long = keys(await kb.search({ query: q, version, first: 20 }));
      const page1 = await kb.search({ query: q, version, first: 5 });
      const page2 = page1.hasNextPage ? keys(await kb.search({ query: q, version, first: 5, after: page1.endCursor })) : [];
      const first3 = keys(await kb.search({ query: q, version, first: 3 }));
      const both = [...keys(page1), ...page2];
      if (both.join() !== long.slice(0, both.length).join() || first3.join() !== long.slice(0, 3).join()) differing.push(q);
      // Passages too: those of 5 and of 10 start as those of 20 do (passagesInTiers).
      const passages = async (first: number) => (await kb.passages({ query: q, version, first })).passages.map((p) => p.id);
      const all = await passages(20);
      for (const first of [5, 10]) {
        const some = await passages(first);
        if (some.join() !== all.slice(0, some.length).join()) differing.push(`${q} (passages, first ${first})`);
      }
    }
    expect(differing).toEqual([]);
  });

  // Written to a chatbot, a question comes wrapped in courtesies; the answer must not move.
  it('ranks every judged question wrapped in courtesies as the bare question', async () => {
    const kb = (pgCtx ?? ctx).kb;
    const keys = async (q: string, version: string | null) => (await kb.search({ query: q, version, first: 5 })).items.map((i) => `${i.node.key}@${i.node.version}`).join();
    const moved: string[] = [];
    for (const { id, q, version } of queries) if ((await keys(`hi, please help: ${q} thanks`, version)) !== (await keys(q, version))) moved.push(id);
    expect(moved).toEqual([]);
  });

  // On the queries the ranking was developed on; the blind, unseen, fresh, real, later, field and learn sets measure
  // (or measured) generalisation and gate nothing query by query (their misses would otherwise have to be
  // tuned away).
  it('puts pasted error lines and identifiers first', () => {
    for (const kind of ['error', 'identifier']) {
      const misses = report.outcomes.filter(
        (o) =>
          o.query.kind === kind &&
          !isBlind(o.query) &&
          !isUnseen(o.query) &&
          !isScoredApart(o.query) &&
          o.rank !== 1,
      );
      expect(misses.map((o) => o.query.id)).toEqual([]);
    }
  });
});
