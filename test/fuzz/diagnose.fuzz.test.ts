// Property: whatever YAML users paste (mutated real manifests, random bytes, huge scalars, alias
// bombs, deep nesting, floods of documents), diagnose answers without a 5xx within a time bound,
// every error is coded, and the engine throws nothing but the typed errors of src/errors.ts.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/errors.ts';
import { runDiagnose } from '../../src/rules/engine.ts';
import type { EngineResult } from '../../src/rules/result.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { CASE_TIMEOUT_MS, expectCodedGraphQL, expectCodedRest, runs, within } from './support.ts';
import { aliasBomb, deepNesting, EXTREMES, hugeScalar, manyDocuments, mutatedYaml, randomBytes } from './yaml-mutations.ts';
import { yamlSeeds } from './yaml-sources.ts';

/** Hostile inputs near 1 MB need more than ordinary ones, on two busy cores. */
const HOSTILE_TIMEOUT_MS = 15_000;
const LIMITS = { maxInputBytes: 1024 * 1024, maxResources: 20_000 };

const seeds = yamlSeeds();
const hostile = fc.oneof(hugeScalar, aliasBomb, deepNesting, manyDocuments);

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { RATE_LIMIT_MAX: '0' } });
});
afterAll(async () => t?.close());

/** Runs the engine; only typed errors may escape, and it must finish in `ms`. */
function engine(text: string, ms: number, previous?: string): EngineResult | null {
  const started = performance.now();
  try {
    return runDiagnose(text, { version: '1.25', limits: LIMITS, ...(previous === undefined ? {} : { previous }) });
  } catch (error) {
    if (!isAppError(error)) throw new Error(`engine threw an untyped error: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`, { cause: error });
    expect(['BAD_USER_INPUT', 'PAYLOAD_TOO_LARGE']).toContain(error.code);
    return null;
  } finally {
    const elapsed = performance.now() - started;
    expect(elapsed, `engine took ${Math.round(elapsed)} ms`).toBeLessThan(ms);
  }
}

function expectWellFormed(result: EngineResult | null): void {
  if (!result) return;
  for (const e of result.parseErrors) expect(typeof e.message).toBe('string');
  for (const f of result.findings) {
    expect(f.line).toBeGreaterThanOrEqual(1);
    expect(f.ruleId).toMatch(/^[a-z0-9-]+$/);
  }
}

async function postYaml(body: string | Buffer, ms: number) {
  const res = await within(t.http.post('/api/v1/diagnose').set('content-type', 'application/yaml').send(body).timeout(ms), ms, 'REST diagnose');
  expectCodedRest(res, `diagnose ${body.length} bytes: ${JSON.stringify(body.slice(0, 120).toString())}`);
  if (res.status === 200) expect(typeof (res.body as { resourceCount?: unknown }).resourceCount).toBe('number');
  return res;
}

describe('diagnose YAML fuzz', () => {
  it('has real YAML to mutate', () => {
    console.info(`yaml seeds: ${seeds.counts.corpus} corpus snippets, ${seeds.counts.peer} peer fixtures, ${seeds.counts.synthetic} synthetic`);
    expect(seeds.texts.length).toBeGreaterThan(0);
  });

  it('engine: mutated real manifests, also as `previous`', () => {
    fc.assert(
      fc.property(mutatedYaml(seeds.texts), fc.option(mutatedYaml(seeds.texts), { nil: undefined }), (text, previous) => {
        expectWellFormed(engine(text, CASE_TIMEOUT_MS, previous));
      }),
      runs(800),
    );
  }, 60_000);

  it('engine: random bytes decoded as text', () => {
    fc.assert(
      fc.property(randomBytes, (bytes) => {
        expectWellFormed(engine(bytes.toString('utf8'), CASE_TIMEOUT_MS));
        expectWellFormed(engine(bytes.toString('latin1'), CASE_TIMEOUT_MS));
      }),
      runs(150),
    );
  }, 60_000);

  it('engine: huge scalars, alias bombs, deep nesting, many documents', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        expectWellFormed(engine(text, HOSTILE_TIMEOUT_MS));
      }),
      runs(40),
    );
  }, 60_000);

  it('engine and REST: the far ends of every hostile generator', async () => {
    for (const text of EXTREMES) {
      expectWellFormed(engine(text, HOSTILE_TIMEOUT_MS));
      await postYaml(text, HOSTILE_TIMEOUT_MS);
    }
  }, 60_000);

  it('REST POST /api/v1/diagnose (application/yaml): mutated real manifests', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedYaml(seeds.texts), async (text) => {
        await postYaml(text, CASE_TIMEOUT_MS);
      }),
      runs(150),
    );
  }, 60_000);

  it('REST POST /api/v1/diagnose (application/yaml): random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(randomBytes, async (bytes) => {
        await postYaml(bytes, CASE_TIMEOUT_MS);
      }),
      runs(80),
    );
  }, 60_000);

  it('REST POST /api/v1/diagnose (application/yaml): hostile documents', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, async (text) => {
        await postYaml(text, HOSTILE_TIMEOUT_MS);
      }),
      runs(25),
    );
  }, 60_000);

  it('GraphQL diagnose(manifests:) with mutated and hostile YAML as variables', async () => {
    const query = `query D($m: String!, $p: String) { diagnose(manifests: $m, previous: $p) {
      resourceCount parseErrors { message line column } findings { ruleId line path resource { kind name line } entry { key } } notes } }`;
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 4, arbitrary: mutatedYaml(seeds.texts) }, { weight: 1, arbitrary: hostile }), fc.option(mutatedYaml(seeds.texts), { nil: undefined }), async (m, p) => {
        const res = await within(
          t.http.post('/graphql').set('content-type', 'application/json').send({ query, variables: { m, p } }).timeout(HOSTILE_TIMEOUT_MS),
          HOSTILE_TIMEOUT_MS,
          'GraphQL diagnose',
        );
        expectCodedGraphQL(res, `diagnose ${m.length} chars`);
      }),
      runs(60),
    );
  }, 60_000);
});
