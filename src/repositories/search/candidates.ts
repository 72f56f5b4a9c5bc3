// Collects the candidates of one question from the cached per-part statistics: every row that
// matches a part, a whole identifier or the pasted error line, with the sum of its parts' bm25 (FTS5's
// bm25 of the OR query), the concepts it has in prose and title and identifier hits. The phrase
// boosts are settled afterwards on the few rows that can still reach the page (see search.ts).
// Scratch arrays are reused between questions (searches run one at a time on the event loop).
import { IN_PROSE, IN_PROSE_AS_TYPED, IN_TITLE, IN_TITLE_AS_TYPED, type CandidateStats, type RowMeta } from '../../search/rank.ts';
import type { FtsPlan } from './fts-match.ts';
import { PART_IN_PROSE, PART_IN_TITLE, type PartStats } from './part-cache.ts';

/** What the collector reads of a store's index (SQLite: KbStats; PostgreSQL: PgSearchIndex). */
export interface CandidateSource {
  /** Indexed by row id; undefined for ids that are not entries. */
  readonly meta: readonly (RowMeta | undefined)[];
  readonly maxRowId: number;
  readonly rowCount: number;
  readonly parts: { get(part: string): PartStats };
  /** Rows holding a whole identifier, ascending. */
  identifier(match: string): Int32Array;
}

export class CandidateCollector {
  private readonly slotOf: Int32Array;
  private readonly stampOf: Uint32Array;
  private stamp = 0;
  private rows: number[] = [];
  private text: Float64Array;
  private bits: Uint8Array;
  private idents: Uint8Array;
  private width = 1;

  constructor(private readonly kb: CandidateSource) {
    this.slotOf = new Int32Array(kb.maxRowId + 1);
    this.stampOf = new Uint32Array(kb.maxRowId + 1);
    this.text = new Float64Array(kb.rowCount + 1);
    this.bits = new Uint8Array(kb.rowCount + 1);
    this.idents = new Uint8Array(kb.rowCount + 1);
  }

  collect(
    plan: FtsPlan,
    errors: ReadonlyMap<number, number>,
    version: string | undefined,
  ): CandidateStats[] {
    const kb = this.kb;
    this.begin(plan.concepts.length);
    // One pass per part: its text score and, for the concepts it belongs to, where it occurs.
    const uses = new Map<string, { concept: number; asTyped: boolean }[]>();
    plan.concepts.forEach((c, concept) => {
      for (const part of c.parts) {
        const list = uses.get(part) ?? [];
        list.push({ concept, asTyped: c.exactParts.includes(part) });
        uses.set(part, list);
      }
    });
    const scored = new Set(plan.parts);
    for (const part of new Set([...plan.parts, ...uses.keys()])) this.addPart(kb.parts.get(part), scored.has(part), uses.get(part) ?? []);
    for (const id of errors.keys()) this.slot(id);
    for (const ident of plan.identifiers) {
      const rows = kb.identifier(ident);
      for (let i = 0; i < rows.length; i++) {
        const s = this.slot(rows[i] ?? 0);
        if (s >= 0) this.idents[s] = (this.idents[s] ?? 0) + 1;
      }
    }
    const out: CandidateStats[] = [];
    const width = this.width;
    for (let s = 0; s < this.rows.length; s++) {
      const id = this.rows[s] ?? 0;
      const meta = kb.meta[id];
      if (!meta || (version !== undefined && meta.version !== version)) continue;
      out.push({
        id,
        meta,
        text: this.text[s] ?? 0,
        error: errors.get(id) ?? 0,
        concepts: this.bits.subarray(s * width, s * width + plan.concepts.length),
        identifiers: this.idents[s] ?? 0,
        phrase: false,
        titlePhrase: false,
      });
    }
    return out;
  }

  private begin(concepts: number): void {
    this.stamp++;
    if (this.stamp === 0xffffffff) {
      this.stampOf.fill(0);
      this.stamp = 1;
    }
    this.rows = [];
    this.width = Math.max(1, concepts);
    const needed = (this.kb.rowCount + 1) * this.width;
    // The scratch arrays hold one row per entry: a candidate is an entry.
    if (this.bits.length < needed) this.bits = new Uint8Array(needed);
    else this.bits.fill(0, 0, needed);
    this.text.fill(0);
    this.idents.fill(0);
  }

  /** The row's scratch slot, -1 for ids that are no entry of this generation. */
  private slot(id: number): number {
    if (id > this.kb.maxRowId || this.kb.meta[id] === undefined) return -1;
    if (this.stampOf[id] === this.stamp) return this.slotOf[id] ?? -1;
    this.stampOf[id] = this.stamp;
    const s = this.rows.length;
    this.rows.push(id);
    this.slotOf[id] = s;
    return s;
  }

  private addPart(stats: PartStats, scored: boolean, uses: readonly { concept: number; asTyped: boolean }[]): void {
    const width = this.width;
    for (let i = 0; i < stats.ids.length; i++) {
      const s = this.slot(stats.ids[i] ?? 0);
      if (s < 0) continue;
      if (scored) this.text[s] = (this.text[s] ?? 0) + (stats.scores[i] ?? 0);
      if (uses.length === 0) continue;
      const f = stats.flags[i] ?? 0;
      for (const u of uses) {
        let b = 0;
        if (f & PART_IN_PROSE) b |= u.asTyped ? IN_PROSE | IN_PROSE_AS_TYPED : IN_PROSE;
        if (f & PART_IN_TITLE) b |= u.asTyped ? IN_TITLE | IN_TITLE_AS_TYPED : IN_TITLE;
        const at = s * width + u.concept;
        this.bits[at] = (this.bits[at] ?? 0) | b;
      }
    }
  }

  /** Which of `rows` have every one of the parts (a row lacking a word of the phrase cannot contain it). */
  withAll(rows: Iterable<number>, words: readonly string[]): number[] {
    const lists = words.map((w) => this.kb.parts.get(w).ids);
    const out: number[] = [];
    for (const id of rows) if (lists.every((l) => hasSorted(l, id))) out.push(id);
    return out;
  }
}

function hasSorted(list: Int32Array, id: number): boolean {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] ?? 0) < id) lo = mid + 1;
    else hi = mid;
  }
  return list[lo] === id;
}
