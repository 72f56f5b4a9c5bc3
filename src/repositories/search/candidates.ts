// Collects the candidates of one question from the cached per-part statistics: every row that
// matches a part, a whole identifier or the pasted error line, or whose guideline is asked for in the
// question's words (src/search/asked.ts), with the sum of its parts' bm25 (FTS5's bm25 of the OR
// query), the concepts it has in prose and title, identifier hits, error-line and asked similarity,
// in columns (src/search/rank-columns.ts), not an object per row. The phrase boosts are settled
// afterwards on the few rows that can still reach the page (see search.ts).
// The columns are reused between questions (searches run one at a time on the event loop).
import { IN_PROSE, IN_PROSE_AS_TYPED, IN_TITLE, IN_TITLE_AS_TYPED, type RowMeta } from '../../search/rank.ts';
import type { CandidateColumns } from '../../search/rank-columns.ts';
import type { FtsPlan } from './fts-match.ts';
import { PART_IN_PROSE, PART_IN_TITLE, type PartStats } from './part-cache.ts';

/** Rows whose guideline is asked for in the question's words (src/search/asked.ts), with the share matched. */
export type AskedRows = readonly (readonly [rows: readonly number[], share: number])[];

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

export class CandidateCollector implements CandidateColumns {
  private readonly slotOf: Int32Array;
  private readonly stampOf: Uint32Array;
  /** 1 for the row ids that are entries of this generation (read for every row of every part). */
  private readonly isEntry: Uint8Array;
  private stamp = 0;
  count = 0;
  readonly rowIds: Int32Array;
  readonly text: Float64Array;
  readonly error: Float64Array;
  readonly asked: Float64Array;
  readonly identifiers: Uint8Array;
  /** How many of the phrase's words (FtsPlan.phraseWords) the row has (counted while collecting). */
  private readonly phraseWords: Uint8Array;
  private phraseWordCount = 0;
  concepts: Uint8Array;
  width = 1;

  constructor(private readonly kb: CandidateSource) {
    this.slotOf = new Int32Array(kb.maxRowId + 1);
    this.stampOf = new Uint32Array(kb.maxRowId + 1);
    this.isEntry = new Uint8Array(kb.maxRowId + 1);
    kb.meta.forEach((m, id) => {
      if (m !== undefined && id <= kb.maxRowId) this.isEntry[id] = 1;
    });
    this.rowIds = new Int32Array(kb.rowCount + 1);
    this.text = new Float64Array(kb.rowCount + 1);
    this.error = new Float64Array(kb.rowCount + 1);
    this.asked = new Float64Array(kb.rowCount + 1);
    this.concepts = new Uint8Array(kb.rowCount + 1);
    this.identifiers = new Uint8Array(kb.rowCount + 1);
    this.phraseWords = new Uint8Array(kb.rowCount + 1);
  }

  /**
   * Fills the columns with the question's candidates (valid until the next call), in the order rows
   * are first met: parts in plan order, then error-line rows, rows whose guideline is asked for, then
   * identifier rows.
   */
  collect(plan: FtsPlan, errors: ReadonlyMap<number, number>, asked: AskedRows): CandidateColumns {
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
    const phraseWords = new Set(plan.phraseWords);
    this.phraseWordCount = phraseWords.size;
    const collected = new Set([...plan.parts, ...uses.keys()]);
    for (const part of collected) this.addPart(kb.parts.get(part), scored.has(part), uses.get(part) ?? [], phraseWords.has(part));
    // A phrase word is a concept's word, so collected above; should one not be, it is counted here.
    for (const part of phraseWords) if (!collected.has(part)) this.countPhraseWord(kb.parts.get(part));
    for (const [id, similarity] of errors) {
      const s = this.slot(id);
      if (s >= 0) this.error[s] = similarity;
    }
    for (const [rows, share] of asked) {
      for (const id of rows) {
        const s = this.slot(id);
        if (s >= 0) this.asked[s] = share;
      }
    }
    for (const ident of plan.identifiers) {
      const rows = kb.identifier(ident);
      for (let i = 0; i < rows.length; i++) {
        const s = this.slot(rows[i] ?? 0);
        if (s >= 0) this.identifiers[s] = (this.identifiers[s] ?? 0) + 1;
      }
    }
    return this;
  }

  private begin(concepts: number): void {
    this.stamp++;
    if (this.stamp === 0xffffffff) {
      this.stampOf.fill(0);
      this.stamp = 1;
    }
    this.count = 0;
    this.width = Math.max(1, concepts);
    const needed = (this.kb.rowCount + 1) * this.width;
    // The columns hold one slot per entry: a candidate is an entry.
    if (this.concepts.length < needed) this.concepts = new Uint8Array(needed);
    else this.concepts.fill(0, 0, needed);
    this.text.fill(0);
    this.error.fill(0);
    this.asked.fill(0);
    this.identifiers.fill(0);
    this.phraseWords.fill(0);
  }

  /** The slot of a row of the current question's candidates. */
  slotOfRow(id: number): number {
    return this.stampOf[id] === this.stamp ? (this.slotOf[id] ?? -1) : -1;
  }

  /** The row's scratch slot, -1 for ids that are no entry of this generation. */
  private slot(id: number): number {
    if (this.isEntry[id] !== 1) return -1;
    if (this.stampOf[id] === this.stamp) return this.slotOf[id] ?? -1;
    this.stampOf[id] = this.stamp;
    const s = this.count++;
    this.rowIds[s] = id;
    this.slotOf[id] = s;
    return s;
  }

  /** What a part sets in each concept it belongs to (addPart's, reused: a pasted line has two dozen parts). */
  private useAt = new Int32Array(16);
  private useProse = new Uint8Array(16);
  private useTitle = new Uint8Array(16);

  private addPart(stats: PartStats, scored: boolean, uses: readonly { concept: number; asTyped: boolean }[], phraseWord: boolean): void {
    const width = this.width;
    // What the part sets in each concept it belongs to, where it occurs in prose and in the title.
    const n = uses.length;
    if (this.useAt.length < n) {
      this.useAt = new Int32Array(n * 2);
      this.useProse = new Uint8Array(n * 2);
      this.useTitle = new Uint8Array(n * 2);
    }
    const at = this.useAt;
    const prose = this.useProse;
    const title = this.useTitle;
    for (let k = 0; k < n; k++) {
      const u = uses[k] as { concept: number; asTyped: boolean };
      at[k] = u.concept;
      prose[k] = u.asTyped ? IN_PROSE | IN_PROSE_AS_TYPED : IN_PROSE;
      title[k] = u.asTyped ? IN_TITLE | IN_TITLE_AS_TYPED : IN_TITLE;
    }
    const { ids, scores, flags } = stats;
    const { text, concepts, phraseWords } = this;
    for (let i = 0; i < ids.length; i++) {
      const s = this.slot(ids[i] ?? 0);
      if (s < 0) continue;
      if (scored) text[s] = (text[s] ?? 0) + (scores[i] ?? 0);
      if (phraseWord) phraseWords[s] = (phraseWords[s] ?? 0) + 1;
      if (n === 0) continue;
      const f = flags[i] ?? 0;
      if ((f & (PART_IN_PROSE | PART_IN_TITLE)) === 0) continue;
      const row = s * width;
      for (let k = 0; k < n; k++) {
        let b = 0;
        if (f & PART_IN_PROSE) b |= prose[k] ?? 0;
        if (f & PART_IN_TITLE) b |= title[k] ?? 0;
        const c = row + (at[k] ?? 0);
        concepts[c] = (concepts[c] ?? 0) | b;
      }
    }
  }

  private countPhraseWord(stats: PartStats): void {
    for (let i = 0; i < stats.ids.length; i++) {
      const s = this.slotOfRow(stats.ids[i] ?? 0);
      if (s >= 0) this.phraseWords[s] = (this.phraseWords[s] ?? 0) + 1;
    }
  }

  /** Whether the candidate in `slot` has every word of the phrase (a row lacking one cannot contain it). */
  hasPhraseWords(slot: number): boolean {
    return this.phraseWords[slot] === this.phraseWordCount;
  }
}
