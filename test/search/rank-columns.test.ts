// The columnar ranking (what the SQLite search runs) must give exactly what rankCandidates gives
// (what the PostgreSQL search runs, and the reference): same rows, same scores, same order, same
// total, with and without a version, with phrase boosts set afterwards. Random candidates, seeded.
import { describe, expect, it } from 'vitest';
import { ColumnRanker, type CandidateColumns } from '../../src/search/rank-columns.ts';
import { IN_PROSE, IN_PROSE_AS_TYPED, IN_TITLE, IN_TITLE_AS_TYPED, rankScored, scoreCandidates, withBoosts, type CandidateStats, type QueryStats, type RowMeta } from '../../src/search/rank.ts';
import { prng } from '../support/prng.ts';

const VERSIONS = ['1.0', '1.4', '1.10', '1.25'];
const BITS = [0, IN_PROSE, IN_PROSE | IN_PROSE_AS_TYPED, IN_TITLE | IN_PROSE, IN_PROSE | IN_PROSE_AS_TYPED | IN_TITLE | IN_TITLE_AS_TYPED];

function world(random: () => number) {
  const keyCount = 1 + Math.floor(random() * 30);
  const rows = 1 + Math.floor(random() * 120);
  const meta: (RowMeta | undefined)[] = [];
  const keyOf = new Int32Array(rows * 2 + 2).fill(-1);
  for (let i = 0; i < rows; i++) {
    const id = 1 + i * 2; // sparse ids, as after deletes
    const k = Math.floor(random() * keyCount);
    const v = Math.floor(random() * VERSIONS.length);
    // Some rows are subsections of an earlier row (their enclosing section).
    const parent = i > 0 && random() < 0.3 ? 1 + Math.floor(random() * i) * 2 : undefined;
    meta[id] = { key: `k${k}`, version: VERSIONS[v] ?? '1.0', order: [1000, 1004, 1010, 1025][v] ?? 0, ...(parent !== undefined ? { parent } : {}) };
    keyOf[id] = k;
  }
  return { meta, keyOf, keyCount };
}

function candidates(random: () => number, rows: ReturnType<typeof world>, width: number) {
  const ids = rows.meta.flatMap((m, id) => (m && random() < 0.7 ? [id] : []));
  // Candidates come in the order the store met them, not by id.
  ids.sort(() => random() - 0.5);
  const slots = new Map(ids.map((id, s) => [id, s]));
  const cols = {
    slotOfRow: (id: number) => slots.get(id) ?? -1,
    count: ids.length,
    rowIds: Int32Array.from(ids),
    text: Float64Array.from(ids, () => (random() < 0.2 ? 0 : Math.round(random() * 40) / 4)),
    error: Float64Array.from(ids, () => (random() < 0.8 ? 0 : 0.4 + Math.round(random() * 6) / 10)),
    asked: Float64Array.from(ids, () => (random() < 0.8 ? 0 : 0.5 + Math.round(random() * 5) / 10)),
    identifiers: Uint8Array.from(ids, () => (random() < 0.8 ? 0 : 1 + Math.floor(random() * 2))),
    concepts: Uint8Array.from({ length: ids.length * width }, () => BITS[Math.floor(random() * BITS.length)] ?? 0),
    width,
  } satisfies CandidateColumns;
  const objects = (phrases: Map<number, boolean>): CandidateStats[] =>
    ids.map((id, s) => ({
      id,
      meta: rows.meta[id] as RowMeta,
      text: cols.text[s] ?? 0,
      error: cols.error[s] ?? 0,
      asked: cols.asked[s] ?? 0,
      concepts: cols.concepts.subarray(s * width, s * width + width),
      identifiers: cols.identifiers[s] ?? 0,
      phrase: phrases.has(s),
      titlePhrase: phrases.get(s) ?? false,
    }));
  return { cols, objects };
}

describe('ColumnRanker (columnar rankScored)', () => {
  it('ranks exactly like rankScored: rows, scores, order, total; with phrases, later boosts and subsections', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const random = prng(seed);
      const rows = world(random);
      const width = 1 + Math.floor(random() * 6);
      const { cols, objects } = candidates(random, rows, width);
      const stats: QueryStats = {
        conceptKeys: Array.from({ length: width }, () => Math.floor(random() * rows.keyCount)),
        keyCount: rows.keyCount,
        identifierCount: Math.floor(random() * 3),
      };
      const version = random() < 0.3 ? VERSIONS[Math.floor(random() * VERSIONS.length)] : undefined;
      const need = 1 + Math.floor(random() * 15);
      const ranker = new ColumnRanker(rows);
      ranker.score(stats, cols, version);
      const phrases = new Map<number, boolean>();
      const boosts = new Map<number, number>();
      const check = () => {
        const expected = rankScored(withBoosts(scoreCandidates(stats, objects(phrases), version), boosts), version);
        const got = ranker.rank(need);
        expect(got.total, `seed ${seed}`).toBe(expected.length);
        expect(got.top, `seed ${seed}`).toEqual(expected.slice(0, need));
      };
      check();
      for (const s of ranker.slotsFrom(0.3)) {
        if (random() < 0.3) {
          const inTitle = random() < 0.5;
          phrases.set(s, inTitle);
          ranker.setPhrase(s, inTitle);
        }
      }
      check();
      for (const s of ranker.slotsFrom(0.2)) {
        if (random() < 0.3) {
          const b = Math.round(random() * 8) / 40;
          if (b > 0) boosts.set(cols.rowIds[s] ?? 0, b);
          ranker.boost(s, b);
        }
      }
      check();
    }
  });
});
