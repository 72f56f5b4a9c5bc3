// What is read on the entries' text after the candidates are scored (no full-text query): the
// whole-query phrase, the concepts one paragraph holds together (proximity) and the order of the
// concepts in the title. Shared by the SQLite
// and the PostgreSQL search, so that both rank alike whatever the boosts become. These boosts can
// lift a row by at most TEXT_REACH (PROXIMITY_REACH without the words of the phrase; a row holding
// the phrase also by the coverage its prose lacks, RANKING.phraseCoverage, known from the candidate
// columns before any text is read), so only rows within that distance of the page's last score are
// looked at, and the candidates are ranked again with what they found.
import type { SearchPlan } from '../../search/plan.ts';
import { inTitleOrder, proximityConcepts, together } from '../../search/proximity.ts';
import { IN_PROSE, RANKING, conceptWeights, type QueryStats } from '../../search/rank.ts';
import type { CandidateColumns, ColumnRanker, RankedColumns } from '../../search/rank-columns.ts';
import { phraseIn } from '../../search/snippet.ts';
import { stem } from '../../search/text.ts';
import type { EntryRecord, SearchParams } from '../types.ts';
import type { CandidateCollector } from './candidates.ts';
import type { FtsPlan } from './fts-match.ts';

/** How far the boosts read on the entries' text (and the tie-breaks after them) can lift a row. */
const PROXIMITY_REACH = RANKING.proximity + RANKING.titleOrder + RANKING.currency + RANKING.specificity;
const TEXT_REACH = PROXIMITY_REACH + RANKING.phrase + RANKING.titlePhrase;

export interface TextBoostInput {
  readonly plan: FtsPlan;
  readonly searchPlan: SearchPlan;
  readonly stats: QueryStats;
  readonly params: SearchParams;
  /** Scored already (ColumnRanker.score) on `candidates`. */
  readonly ranker: ColumnRanker;
  readonly collector: CandidateCollector;
  readonly candidates: CandidateColumns;
  /** Dense key number per row id. */
  readonly keyOf: ArrayLike<number>;
  readonly entries: (rowIds: readonly number[]) => ReadonlyMap<number, EntryRecord>;
  readonly scratch: TextBoostScratch;
}

/** Which rows a question reads the text of (scratch arrays reused between questions: one at a time). */
export class TextBoostScratch {
  private readonly bestSlot: Int32Array;
  private readonly keyStamp: Uint32Array;
  private readonly keyOrder: Int32Array;
  private stamp = 0;
  /** Per slot: READ_PROXIMITY | READ_PHRASE. */
  private reads = new Uint8Array(0);

  /**
   * The same guideline text recurs in many versions (the phrase is read on every version near the
   * page): its boosts are computed once per question and content. Contents are numbered as rows
   * are first read (a generation's rows keep their content), so a row whose content was read before
   * needs no entry, and the boosts of a question sit in typed arrays (by content and what is read),
   * not in Maps keyed by content hash.
   */
  private readonly contentOfRow: Int32Array;
  private readonly contentNumbers = new Map<string, number>();
  /** By content * 4 + reads: the boost, when boostStamp holds the question's stamp. */
  private boostOf = new Float64Array(256);
  private boostStamp = new Uint32Array(256);
  /** By content * 4 + reads: the row whose entry is read for it, when wantStamp holds the question's stamp. */
  private wantRow = new Int32Array(256);
  private wantStamp = new Uint32Array(256);
  private question = 0;
  private readonly wanted: number[] = [];

  /** `keyCount`: dense key numbers are 0..keyCount-1 (-1 for none, kept apart as well); `rowIds`: row ids are below it. */
  constructor(keyCount: number, rowIds: number) {
    this.bestSlot = new Int32Array(keyCount + 1);
    this.keyStamp = new Uint32Array(keyCount + 1);
    this.keyOrder = new Int32Array(keyCount + 1);
    this.contentOfRow = new Int32Array(rowIds).fill(-1);
  }

  /**
   * Starts a question's boosts on the rows `looked` (select's): the rows whose entries must be read,
   * one per content and what is read on it (every row whose content is not known yet).
   */
  begin(looked: readonly number[], collector: CandidateCollector): readonly number[] {
    if (++this.question === 0xffffffff) {
      this.boostStamp.fill(0);
      this.wantStamp.fill(0);
      this.question = 1;
    }
    const q = this.question;
    const wanted = this.wanted;
    wanted.length = 0;
    for (const id of looked) {
      const content = this.contentOfRow[id] ?? -1;
      if (content < 0) {
        wanted.push(id);
        continue;
      }
      const k = content * 4 + this.readsOf(collector.slotOfRow(id));
      if (this.wantStamp[k] === q) continue;
      this.wantStamp[k] = q;
      this.wantRow[k] = id;
      wanted.push(id);
    }
    return wanted;
  }

  /** The row's content number (-1: unknown); `entry` numbers it when unknown. */
  contentOf(id: number, entry: EntryRecord | undefined): number {
    const known = this.contentOfRow[id] ?? -1;
    if (known >= 0 || entry === undefined) return known;
    let content = this.contentNumbers.get(entry.contentHash);
    if (content === undefined) {
      content = this.contentNumbers.size;
      this.contentNumbers.set(entry.contentHash, content);
      if (this.boostOf.length < (content + 1) * 4) this.grow((content + 1) * 8);
    }
    this.contentOfRow[id] = content;
    return content;
  }

  /** The row read for the content's boost this question (begin), -1 when none was. */
  rowFor(content: number, reads: number): number {
    const k = content * 4 + reads;
    return this.wantStamp[k] === this.question ? (this.wantRow[k] ?? -1) : -1;
  }

  /** The content's boost this question, NaN when not computed yet. */
  boostFor(content: number, reads: number): number {
    const k = content * 4 + reads;
    return this.boostStamp[k] === this.question ? (this.boostOf[k] ?? 0) : Number.NaN;
  }

  setBoost(content: number, reads: number, boost: number): void {
    const k = content * 4 + reads;
    this.boostStamp[k] = this.question;
    this.boostOf[k] = boost;
  }

  private grow(size: number): void {
    const boostOf = new Float64Array(size);
    boostOf.set(this.boostOf);
    this.boostOf = boostOf;
    for (const name of ['boostStamp', 'wantStamp'] as const) {
      const stamps = new Uint32Array(size);
      stamps.set(this[name]);
      this[name] = stamps;
    }
    const wantRow = new Int32Array(size);
    wantRow.set(this.wantRow);
    this.wantRow = wantRow;
  }

  /**
   * The rows to read, in this order: each guideline's best row scoring at least `proximityFloor` (for
   * proximity; guidelines in the order their first such slot comes), then the rows that have every
   * word of the phrase (when `phrase`) and score at least `phraseFloor`, or would with the coverage
   * the phrase adds to what their prose lacks (`weights` per concept), slot by slot. `reads` of a
   * slot tells what to read on its row.
   */
  select(
    ranker: ColumnRanker,
    collector: CandidateCollector,
    candidates: CandidateColumns,
    keyOf: ArrayLike<number>,
    proximityFloor: number,
    phraseFloor: number | null,
    weights: readonly number[],
  ): number[] {
    const n = candidates.count;
    if (this.reads.length < n) this.reads = new Uint8Array(Math.max(n, this.reads.length * 2));
    const reads = this.reads;
    reads.fill(0, 0, n);
    if (++this.stamp === 0xffffffff) {
      this.keyStamp.fill(0);
      this.stamp = 1;
    }
    const stamp = this.stamp;
    // A row holding the phrase also gains the coverage its prose lacks (RANKING.phraseCoverage): rows
    // below phraseFloor are read only when that gain could bring them to it.
    const phraseGain = RANKING.coverage * RANKING.phraseCoverage;
    const from = phraseFloor === null ? proximityFloor : Math.min(phraseFloor - phraseGain, proximityFloor);
    const phraseSlots: number[] = [];
    let keys = 0;
    for (let s = 0; s < n; s++) {
      const score = ranker.scoreOf(s);
      if (!(score > 0) || score < from) continue;
      if (phraseFloor !== null && score >= phraseFloor - phraseGain && collector.hasPhraseWords(s)) {
        if (score >= phraseFloor || score + phraseGain * outsideProse(candidates, s, weights) >= phraseFloor) phraseSlots.push(s);
      }
      // Dense key + 1: slot 0 of the scratch arrays is for rows without a key.
      const k = (keyOf[candidates.rowIds[s] ?? 0] ?? -1) + 1;
      if (this.keyStamp[k] !== stamp) {
        this.keyStamp[k] = stamp;
        this.bestSlot[k] = s;
        this.keyOrder[keys++] = k;
      } else if (score > ranker.scoreOf(this.bestSlot[k] ?? 0)) this.bestSlot[k] = s;
    }
    for (const s of phraseSlots) reads[s] = READ_PHRASE;
    const rows: number[] = [];
    for (let i = 0; i < keys; i++) {
      const s = this.bestSlot[this.keyOrder[i] ?? 0] ?? 0;
      // A guideline's best row read for the phrase gets its proximity read too, wherever it scores: a
      // page of 8 reaches it by proximity, and a page of 5 (reaching it only by the phrase) must boost
      // it alike, or the first 5 hits of the two pages differ (and page 2 repeats a hit of page 1).
      if (ranker.scoreOf(s) < proximityFloor && reads[s] === 0) continue;
      if (reads[s] === 0) rows.push(candidates.rowIds[s] ?? 0);
      reads[s] = (reads[s] ?? 0) | READ_PROXIMITY;
    }
    for (const s of phraseSlots) if (reads[s] === READ_PHRASE) rows.push(candidates.rowIds[s] ?? 0);
    return rows;
  }

  readsOf(slot: number): number {
    return slot >= 0 ? (this.reads[slot] ?? 0) : 0;
  }
}

/** The phrase as stems, once per ending when its last word is half-typed (FtsPlan.phraseEndings). */
function phraseStems(plan: FtsPlan): (readonly string[])[] {
  const stems = plan.phrase?.map(stem) ?? [];
  if (plan.phraseEndings.length === 0 || stems.length === 0) return [stems];
  const head = stems.slice(0, -1);
  return [...new Set(plan.phraseEndings.map(stem))].map((end) => [...head, end]);
}

/** The weighted share of the concepts (`weights` per concept) the candidate in `slot` lacks in its prose. */
function outsideProse(candidates: CandidateColumns, slot: number, weights: readonly number[]): number {
  const width = candidates.width;
  let missing = 0;
  let total = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i] ?? 0;
    total += w;
    if (((candidates.concepts[slot * width + i] ?? 0) & IN_PROSE) === 0) missing += w;
  }
  return total > 0 ? missing / total : 0;
}

/** RANKING.phrase (and titlePhrase) when the entry holds the phrase, with any of its endings. */
function phraseBoost(entry: EntryRecord, phrases: readonly (readonly string[])[]): number {
  let anywhere = false;
  for (const stems of phrases) {
    const m = phraseIn(entry, stems);
    if (m.inTitle) return RANKING.phrase + RANKING.titlePhrase;
    anywhere ||= m.anywhere;
  }
  return anywhere ? RANKING.phrase : 0;
}

const READ_PROXIMITY = 1;
const READ_PHRASE = 2;
const NO_ENTRIES: ReadonlyMap<number, EntryRecord> = new Map();

/** The page's candidates (offset + limit of them) ranked with the boosts read on their text. */
export function rankWithText({ plan, searchPlan, stats, params, ranker, collector, candidates, keyOf, entries, scratch }: TextBoostInput): RankedColumns {
  const need = params.offset + params.limit;
  const ranked = ranker.rank(need);
  if (ranked.total === 0) return ranked;
  const last = ranked.top[Math.min(ranked.top.length, need) - 1]?.score ?? 0;
  // Proximity is read on each guideline's best row (its text in the other versions is the same or
  // nearly so, and a guideline is ranked by its best row); the phrase on every row near enough
  // that has all the phrase's words.
  const weights = conceptWeights(stats);
  const looked = scratch.select(ranker, collector, candidates, keyOf, last - PROXIMITY_REACH, plan.phrase ? last - TEXT_REACH : null, weights);
  const phrases = phraseStems(plan);
  const concepts = proximityConcepts(searchPlan);
  // The same guideline text recurs in many versions: each text is looked at once (per what is read on it).
  const read = scratch.begin(looked, collector);
  const loaded = read.length > 0 ? entries(read) : NO_ENTRIES;
  let boosted = 0;
  for (const id of looked) {
    const slot = collector.slotOfRow(id);
    const reads = scratch.readsOf(slot);
    const content = scratch.contentOf(id, loaded.get(id));
    if (content < 0) continue;
    let b = scratch.boostFor(content, reads);
    if (Number.isNaN(b)) {
      // A row read before needs no entry of its own: the one read for its content has the same text.
      const entry = loaded.get(id) ?? loaded.get(scratch.rowFor(content, reads));
      if (entry === undefined) continue;
      const near = reads & READ_PROXIMITY ? together(entry, concepts, weights) : 0;
      b = reads & READ_PROXIMITY ? RANKING.proximity * near + RANKING.titleOrder * inTitleOrder(entry, concepts, weights) : 0;
      if (reads & READ_PHRASE) {
        const p = phraseBoost(entry, phrases);
        // A row holding the whole question as a phrase holds every concept of it together, wherever
        // the phrase is (a command in a code block, a quoted message, the title): proximity is 1, and
        // the concepts its prose lacks (the phrase is a command) count in coverage as phraseCoverage.
        if (p > 0) b += p + RANKING.proximity * (1 - (reads & READ_PROXIMITY ? near : together(entry, concepts, weights)));
        if (p > 0 && slot >= 0) b += RANKING.coverage * RANKING.phraseCoverage * outsideProse(candidates, slot, weights);
      }
      scratch.setBoost(content, reads, b);
    }
    if (b > 0 && slot >= 0) {
      ranker.boost(slot, b);
      boosted++;
    }
  }
  return boosted === 0 ? ranked : ranker.rank(need);
}
