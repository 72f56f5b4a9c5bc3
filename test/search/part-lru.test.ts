import { describe, expect, it } from 'vitest';
import { BUDGET_BYTES, PartLru, type PartStats } from '../../src/repositories/search/part-cache.ts';

/** Statistics of `rows` rows: about 13 bytes a row. */
const stats = (rows: number): PartStats => ({ ids: new Int32Array(rows), scores: new Float64Array(rows), flags: new Uint8Array(rows) });
// A little under a quarter of the budget each: four fit.
const quarterBudget = Math.floor(BUDGET_BYTES / 4 / 13) - 100;

describe('PartLru', () => {
  it('drops the least recently read parts when over its budget, down to three quarters of it', () => {
    const lru = new PartLru();
    for (const part of ['"a"', '"b"', '"c"']) lru.set(part, stats(quarterBudget));
    expect(lru.get('"a"')).toBeDefined(); // read: now the most recent
    lru.set('"d"', stats(quarterBudget)); // four: within the budget
    expect(lru.size).toBe(4);
    lru.set('"e"', stats(quarterBudget)); // five quarters: b and c (least recently used) go
    expect([lru.get('"b"'), lru.get('"c"')]).toEqual([undefined, undefined]);
    for (const part of ['"a"', '"d"', '"e"']) expect(lru.get(part), part).toBeDefined();
    expect(lru.size).toBe(3);
  });

  it('keeps a part larger than the whole budget when it is the only one', () => {
    const lru = new PartLru();
    lru.set('"x"', stats(quarterBudget * 5));
    expect(lru.get('"x"')?.ids.length).toBe(quarterBudget * 5);
  });

  it('replaces a part set again without counting it twice', () => {
    const lru = new PartLru();
    for (let i = 0; i < 10; i++) lru.set('"a"', stats(quarterBudget));
    lru.set('"b"', stats(quarterBudget));
    expect([lru.get('"a"'), lru.get('"b"')].every((s) => s !== undefined)).toBe(true);
  });
});
