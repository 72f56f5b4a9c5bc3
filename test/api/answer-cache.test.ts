// The REST answer cache (src/rest/cache.ts): one serialization per generation and question, a
// strong ETag, 304 on If-None-Match, answers kept within a budget of bytes (the recently asked ones),
// and an answer kept only from its second asking (a question asked once costs no cached answer).
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { AnswerCache, answerBytes, answerKey } from '../../src/rest/cache.ts';

const body = (k: string, generation = 'g1', text = 'é✓') => ({ k, generation, text });
/** What `count` answers of this test's size cost the cache. */
const answersOf = (count: number) => count * answerBytes('k10', { body: Buffer.from(JSON.stringify(body('k10'))), etag: `"${'x'.repeat(32)}"` });

async function app(budget = answersOf(8)) {
  let generation = 'g1';
  const computed: string[] = [];
  const cache = new AnswerCache(() => generation, budget);
  const server = Fastify({ logger: false });
  server.get<{ Querystring: { k: string } }>('/a', (request, reply) =>
    cache.send(request, reply, request.query.k, async () => {
      computed.push(request.query.k);
      if (request.query.k === 'missing') throw Object.assign(new Error('no such thing'), { statusCode: 404 });
      return body(request.query.k, generation, request.query.k.startsWith('big') ? 'x'.repeat(5000) : 'é✓');
    }),
  );
  await server.ready();
  const get = (k: string, headers: Record<string, string> = {}) => server.inject({ method: 'GET', url: `/a?k=${encodeURIComponent(k)}`, headers });
  return { server, get, computed, setGeneration: (g: string) => (generation = g) };
}

describe('AnswerCache', () => {
  it('answers a repeated question from the cache with the same bytes and ETag, and 304 when matched', async () => {
    const t = await app();
    const first = await t.get('x');
    const second = await t.get('x');
    const again = await t.get('x');
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(first.headers['cache-control']).toMatch(/max-age=60/);
    expect(first.headers['content-length']).toBe(String(Buffer.byteLength(first.body)));
    expect(JSON.parse(first.body)).toEqual({ k: 'x', generation: 'g1', text: 'é✓' });
    expect(second.body).toBe(first.body);
    expect(again.body).toBe(first.body);
    expect(second.headers['etag']).toBe(first.headers['etag']);
    expect(again.headers['etag']).toBe(first.headers['etag']);
    // Asked once: only remembered; asked again: kept; from then on answered from the cache.
    expect(t.computed).toEqual(['x', 'x']);
    const etag = String(first.headers['etag']);
    expect((await t.get('x', { 'if-none-match': etag })).statusCode).toBe(304);
    expect((await t.get('x', { 'if-none-match': `"other", W/${etag}` })).statusCode).toBe(304);
    expect((await t.get('x', { 'if-none-match': '"other"' })).statusCode).toBe(200);
    await t.server.close();
  });

  it('answers a question asked only once with its ETag, and 304 when matched, without keeping it', async () => {
    const t = await app();
    const first = await t.get('once');
    expect(first.statusCode).toBe(200);
    expect(first.headers['etag']).toMatch(/^"[\w-]{32}"$/);
    expect(first.headers['cache-control']).toMatch(/max-age=60/);
    expect((await t.get('other', { 'if-none-match': String(first.headers['etag']) })).statusCode).toBe(200);
    expect((await t.get('once', { 'if-none-match': String(first.headers['etag']) })).statusCode).toBe(304);
    expect(t.computed).toEqual(['once', 'other', 'once']);
    await t.server.close();
  });

  it('computes again when the generation moves', async () => {
    const t = await app();
    const first = await t.get('x');
    await t.get('x');
    t.setGeneration('g2');
    const after = await t.get('x');
    expect(JSON.parse(after.body).generation).toBe('g2');
    expect(after.headers['etag']).not.toBe(first.headers['etag']);
    expect(t.computed).toEqual(['x', 'x', 'x']);
    await t.server.close();
  });

  it('does not cache a failure', async () => {
    const t = await app();
    expect((await t.get('missing')).statusCode).toBe(404);
    expect((await t.get('missing')).statusCode).toBe(404);
    expect(t.computed).toEqual(['missing', 'missing']);
    await t.server.close();
  });

  it('keeps answers within its budget of bytes, the recently asked ones', async () => {
    const t = await app(answersOf(8));
    // Each asked twice, so kept (a question asked once is only remembered).
    for (let i = 0; i < 4; i++) for (const _ of [1, 2]) await t.get(`k${i}`);
    // k0 asked again while the others age: it stays.
    for (let i = 4; i < 40; i++) {
      await t.get('k0');
      for (const _ of [1, 2]) await t.get(`k${i}`);
    }
    t.computed.length = 0;
    await t.get('k0');
    await t.get('k39');
    expect(t.computed).toEqual([]);
    await t.get('k1');
    await t.get('k20');
    expect(t.computed).toEqual(['k1', 'k20']);
    await t.server.close();
  });

  it('counts an answer by its bytes: a large one pushes out many small ones', async () => {
    const t = await app(answersOf(40));
    for (let i = 0; i < 20; i++) for (const _ of [1, 2]) await t.get(`k${i}`);
    for (const _ of [1, 2]) await t.get('big'); // about 5 KB: more than the budget less the 20 small ones
    t.computed.length = 0;
    await t.get('big');
    await t.get('k19');
    expect(t.computed).toEqual([]);
    await t.get('k0');
    expect(t.computed).toEqual(['k0']);
    await t.server.close();
  });

  it('keys differ whenever the inputs differ', () => {
    const cases: (string | number | undefined)[][] = [
      ['search', 'a', undefined, 5, undefined],
      ['search', 'a', '5', undefined, undefined],
      ['search', 'a~', undefined, 5],
      ['search', 'a', '~', 5],
      ['search', '1:a', undefined],
      ['search', '', 'a'],
      ['search', 'a', ''],
      ['search', 'a', undefined, 15],
      ['search', 'a', undefined, 1, 5],
      ['search', 'a;b', undefined],
      ['search', 'a', 'b;'],
      ['passages', 'a', undefined, 5],
    ];
    const keys = cases.map((parts) => answerKey(...parts));
    expect(new Set(keys).size).toBe(cases.length);
    expect(answerKey('search', 'é ✓', undefined, 5)).toBe(answerKey('search', 'é ✓', undefined, 5));
  });
});
