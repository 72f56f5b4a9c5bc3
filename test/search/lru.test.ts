// The project's one least-recently-used map (src/support/lru.ts) under its budgets: a count, the
// bytes of the part statistics (PartLru), and values kept from their second asking (the answer caches).
import { describe, expect, it } from 'vitest';
import { ConceptKeyCounter } from '../../src/repositories/search/concept-keys.ts';
import { BUDGET_BYTES, PART_IN_PROSE, PartLru, type PartStats } from '../../src/repositories/search/part-cache.ts';
import { FromSecondAsking, Lru } from '../../src/support/lru.ts';

describe('Lru', () => {
  it('evicts the least recently used entry; a small budget keeps exactly that many', () => {
    const lru = new Lru<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    lru.get('a');
    lru.set('c', 3);
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe(1);
    expect(lru.size).toBe(2);
  });

  it('drops a quarter of a larger budget at once, the least recently read first', () => {
    const lru = new Lru<number, number>(100);
    for (let i = 0; i < 100; i++) lru.set(i, i);
    for (let i = 0; i < 10; i++) lru.get(i); // read: the most recent now
    lru.set(100, 100);
    expect(lru.size).toBe(75);
    for (let i = 0; i < 10; i++) expect(lru.get(i), String(i)).toBe(i);
    expect(lru.get(100)).toBe(100);
    // The oldest after them went: 10..35 (26 of them, to get from 101 down to 75).
    expect([10, 35].map((i) => lru.get(i))).toEqual([undefined, undefined]);
    expect(lru.get(36)).toBe(36);
  });

  it('measures what it keeps with its cost function, replaced and deleted entries included', () => {
    const lru = new Lru<string, string>(40, (key, value) => key.length + value.length);
    lru.set('a', 'x'.repeat(9)); // 10
    lru.set('a', 'x'.repeat(19)); // replaced: 20, not 30
    expect(lru.used).toBe(20);
    lru.set('b', 'y'.repeat(9)); // 30
    expect(lru.delete('b')).toBe(true);
    expect(lru.used).toBe(20);
    lru.set('c', 'z'.repeat(29)); // 50 > 40: the oldest (a) goes
    expect([lru.get('a'), lru.used]).toEqual([undefined, 30]);
    lru.clear();
    expect([lru.size, lru.used]).toEqual([0, 0]);
  });
});

describe('FromSecondAsking', () => {
  it('keeps a value from its key\'s second offer on, and remembers only the key of the first', () => {
    const cache = new FromSecondAsking<string, number>({ kept: 4 });
    cache.offer('q', 1);
    expect(cache.get('q')).toBeUndefined();
    expect(cache.size).toBe(0);
    cache.offer('q', 2);
    expect(cache.get('q')).toBe(2);
    cache.clear();
    cache.offer('q', 3);
    expect(cache.get('q')).toBeUndefined();
  });

  it('keeps within a budget of its own cost, a stream of distinct keys keeping nothing', () => {
    const cache = new FromSecondAsking<string, string>({ kept: 100, cost: (_, v) => v.length, asked: 1000 });
    for (let i = 0; i < 10_000; i++) cache.offer(`q${i}`, 'x'.repeat(50));
    expect(cache.size).toBe(0);
    for (const key of ['a', 'b', 'c', 'd']) for (const _ of [1, 2]) cache.offer(key, 'x'.repeat(30));
    // 120 > 100: the least recently used go until three quarters of the budget remain.
    expect([cache.get('a'), cache.get('b'), cache.get('c'), cache.get('d')]).toEqual([undefined, undefined, 'x'.repeat(30), 'x'.repeat(30)]);
  });
});

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

describe('Lru eviction order', () => {
  it('drops the entry set last only after every entry read before it (a second chance walk keeps the order)', () => {
    const lru = new Lru<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    lru.get('a');
    lru.get('b');
    lru.set('c', 3); // a was read before b: a goes
    expect([lru.get('a'), lru.get('b'), lru.get('c')]).toEqual([undefined, 2, 3]);
  });

  it('keeps its bound on a stream of distinct keys, with the recently read ones, in time linear in the stream', () => {
    const lru = new Lru<number, number>(1000);
    for (let i = 0; i < 100_000; i++) {
      lru.set(i, i);
      if (i % 10 === 0) lru.get(i - 500); // read some from the middle of what is kept
      expect(lru.size).toBeLessThanOrEqual(1000);
    }
    expect(lru.get(99_500)).toBe(99_500); // read when it was 500 old
    expect(lru.get(99_999)).toBe(99_999);
    expect(lru.get(90_000)).toBeUndefined();
  });
});

describe('the search caches under a stream of distinct questions', () => {
  // They were Maps emptied whole when full: a chatbot's stream filled the concept counts every ~25,000
  // questions and the identifiers' rows every ~38,000, and each time every concept still in use was
  // computed again. As Lrus, the ones in use stay.
  it('never counts a concept read throughout again, however many others come', () => {
    const reads = new Map<string, number>();
    const part = (p: string): PartStats => {
      reads.set(p, (reads.get(p) ?? 0) + 1);
      return { ids: Int32Array.of(0), scores: Float64Array.of(1), flags: Uint8Array.of(PART_IN_PROSE) };
    };
    const counter = new ConceptKeyCounter(Int32Array.of(0), 1, part);
    for (let i = 0; i < 30_000; i++) {
      expect(counter.count([`"word${i}"`])).toBe(1);
      if (i % 100 === 0) expect(counter.count(['"mtls"'])).toBe(1);
    }
    expect(reads.get('"mtls"')).toBe(1);
  });
});
