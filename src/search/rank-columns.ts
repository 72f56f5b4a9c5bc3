// The ranking of src/search/rank.ts over candidates kept in columns (typed arrays, one slot per
// candidate row) instead of an object per candidate: a question of common words has several hundred
// candidate rows, and scoring them, keeping each key once and ordering them allocated a few objects
// per row (most of a search's cost, and its garbage). Same formula (scoreRows), same lift of a
// subsection next to its section (specificScore), same choice of a key's version (showsBest), same
// near-tie break (currentScore), same order (byScore, a total order): the answers are identical to
// rankScored's (a property test compares them). Only the page is materialised; the rest is counted.
import { currentScore, holdsSection, PHRASE, RANKING, scoreContext, scoreRows, showsBest, specificScore, TITLE_PHRASE, type QueryStats, type RowMeta, type ScoreContext, type Scored, type ScoreRows } from './rank.ts';

/** One question's candidates, slot by slot (filled by a store; reused between questions). */
export interface CandidateColumns {
  /** Slots 0..count-1 are candidates. */
  readonly count: number;
  readonly rowIds: Int32Array;
  readonly text: Float64Array;
  readonly error: Float64Array;
  /** How operators ask for the row's guideline vs the question, 0..1 (src/search/asked.ts). */
  readonly asked: Float64Array;
  readonly identifiers: Uint8Array;
  /** IN_* bits of concept i of slot s at [s * width + i]. */
  readonly concepts: Uint8Array;
  readonly width: number;
  /** The slot of a row among the candidates, -1 when it is none. */
  slotOfRow(id: number): number;
}

/** What the store knows of every row: its key (also as a dense number) and version. */
export interface RowIndex {
  /** Indexed by row id. */
  readonly meta: readonly (RowMeta | undefined)[];
  /** Dense key number per row id (-1: no entry). */
  readonly keyOf: Int32Array;
  readonly keyCount: number;
}

export interface RankedColumns {
  /** Keys (rows, with a version) with a positive score. */
  readonly total: number;
  /** The best `need` of them, best first. */
  readonly top: Scored[];
}

/** Scores, groups and orders columnar candidates; scratch arrays are reused (one question at a time). */
export class ColumnRanker {
  private scores = new Float64Array(0);
  /** Scores after the subsection lift (what is ranked). */
  private lifted = new Float64Array(0);
  /** 1 for a section one of whose subsections holds its evidence (RANKING.redundant). */
  private redundant = new Uint8Array(0);
  private phrase = new Uint8Array(0);
  private proximity = new Float64Array(0);
  private context: ScoreContext | null = null;
  private columns: CandidateColumns | null = null;
  private rowsToScore: ScoreRows | null = null;
  private version: string | undefined;
  // Per key: the slot with the best score, the slot of the newest version, when last seen.
  private readonly bestSlot: Int32Array;
  private readonly newestSlot: Int32Array;
  private readonly keyStamp: Uint32Array;
  private stamp = 0;
  private keys: Int32Array;
  private shown: Int32Array;
  // The running top: slots (of the representative) and their scores, best first.
  private topSlot = new Int32Array(16);
  private topScore = new Float64Array(16);
  /** RowMeta's order and parent (-1: none) by row id, in typed arrays: read for every candidate. */
  private readonly orderOfRow: Int32Array;
  private readonly parentOfRow: Int32Array;
  /** byScore's tie-break by row id as one number: newer version first, then the lower row id (see before). */
  private readonly tieOfRow: Float64Array;

  constructor(private readonly rows: RowIndex) {
    this.orderOfRow = new Int32Array(rows.meta.length);
    this.parentOfRow = new Int32Array(rows.meta.length).fill(-1);
    this.tieOfRow = new Float64Array(rows.meta.length);
    rows.meta.forEach((m, id) => {
      if (!m) return;
      this.orderOfRow[id] = m.order;
      if (m.parent !== undefined) this.parentOfRow[id] = m.parent;
    });
    // order * 2^26 + (2^26 - 1 - id): exact in a double (orders and ids are far below 2^26), larger
    // for a newer version, and for the lower row id within one.
    const ids = 2 ** 26;
    if (rows.meta.length > ids) throw new Error(`more than ${ids} row ids`);
    for (let id = 0; id < rows.meta.length; id++) this.tieOfRow[id] = (this.orderOfRow[id] ?? 0) * ids + (ids - 1 - id);
    this.bestSlot = new Int32Array(rows.keyCount);
    this.newestSlot = new Int32Array(rows.keyCount);
    this.keyStamp = new Uint32Array(rows.keyCount);
    this.keys = new Int32Array(rows.keyCount);
    this.shown = new Int32Array(rows.keyCount);
  }

  /** Scores every candidate (of `version`; the others score 0): scoreRows, bm25 normalised to the best text score. */
  score(stats: QueryStats, columns: CandidateColumns, version: string | undefined): void {
    const n = columns.count;
    if (this.scores.length < n) {
      this.scores = new Float64Array(Math.max(n, this.scores.length * 2));
      this.lifted = new Float64Array(this.scores.length);
      this.redundant = new Uint8Array(this.scores.length);
      this.phrase = new Uint8Array(this.scores.length);
      this.proximity = new Float64Array(this.scores.length);
    }
    this.phrase.fill(0, 0, n);
    this.columns = columns;
    this.version = version;
    let best = 0;
    for (let s = 0; s < n; s++) {
      if (!this.inVersion(s)) continue;
      const t = columns.text[s] ?? 0;
      if (t > best) best = t;
    }
    const ctx = scoreContext(stats, best);
    this.context = ctx;
    const { concepts, width, text, error, asked, identifiers } = columns;
    this.rowsToScore = { concepts, width, text, error, asked, identifiers, phrase: this.phrase, proximity: this.proximity };
    scoreRows(ctx, this.rowsToScore, 0, n, this.scores);
    if (version !== undefined) for (let s = 0; s < n; s++) if (!this.inVersion(s)) this.scores[s] = 0;
  }

  /** The slots scoring at least `min` (rows scoring 0 are no candidates). */
  slotsFrom(min: number): number[] {
    const out: number[] = [];
    const n = this.columns?.count ?? 0;
    for (let s = 0; s < n; s++) {
      const score = this.scores[s] ?? 0;
      if (score > 0 && score >= min) out.push(s);
    }
    return out;
  }

  /** Marks a slot as holding the query as a phrase (in its title too, or not) and scores it again. */
  setPhrase(slot: number, inTitle: boolean): void {
    const rows = this.rowsToScore;
    const ctx = this.context;
    if (!rows || !ctx) return;
    this.phrase[slot] = PHRASE | (inTitle ? TITLE_PHRASE : 0);
    scoreRows(ctx, rows, slot, slot + 1, this.scores);
  }

  /** Adds a boost found after scoring (withBoosts of rank.ts) to a candidate's score. */
  boost(slot: number, by: number): void {
    if (by !== 0 && (this.scores[slot] ?? 0) > 0) this.scores[slot] = (this.scores[slot] ?? 0) + by;
  }

  /** The score of a slot (0: not a candidate of the version). */
  scoreOf(slot: number): number {
    return this.scores[slot] ?? 0;
  }

  /**
   * The best `need` candidates in byScore order and how many there are (rankScored of rank.ts):
   * subsections lifted next to their sections; without a version each key once (onePerKey: its best
   * score, shown in its newest version unless showsBest) with the near-tie break towards newer docs.
   */
  rank(need: number): RankedColumns {
    const columns = this.columns;
    if (!columns) return { total: 0, top: [] };
    this.ensureTop(need);
    this.lift(columns);
    const lifted = this.lifted;
    this.size = 0;
    let total = 0;
    const n = columns.count;
    if (this.version !== undefined) {
      for (let s = 0; s < n; s++) {
        if (!((this.scores[s] ?? 0) > 0)) continue;
        total++;
        this.offer(need, s, lifted[s] ?? 0);
      }
    } else {
      const stamp = this.nextStamp();
      let keys = 0;
      for (let s = 0; s < n; s++) {
        if (!((this.scores[s] ?? 0) > 0)) continue;
        const score = lifted[s] ?? 0;
        const k = this.rows.keyOf[columns.rowIds[s] ?? 0] ?? -1;
        if (k < 0) continue;
        if (this.keyStamp[k] !== stamp) {
          this.keyStamp[k] = stamp;
          this.bestSlot[k] = s;
          this.newestSlot[k] = s;
          this.keys[keys++] = k;
          continue;
        }
        if (score > (lifted[this.bestSlot[k] ?? 0] ?? 0)) this.bestSlot[k] = s;
        if (this.orderOf(s) > this.orderOf(this.newestSlot[k] ?? 0)) this.newestSlot[k] = s;
      }
      let newest = 1;
      for (let i = 0; i < keys; i++) {
        const k = this.keys[i] ?? 0;
        const best = this.bestSlot[k] ?? 0;
        const latest = this.newestSlot[k] ?? 0;
        const shown = showsBest(columns.error[best] ?? 0, columns.error[latest] ?? 0) ? best : latest;
        this.shown[i] = shown;
        const order = this.orderOf(shown);
        if (order > newest) newest = order;
      }
      total = keys;
      for (let i = 0; i < keys; i++) {
        const shown = this.shown[i] ?? 0;
        const best = this.bestSlot[this.keys[i] ?? 0] ?? 0;
        this.offer(need, shown, currentScore(lifted[best] ?? 0, this.orderOf(shown), newest));
      }
    }
    const top: Scored[] = [];
    for (let i = 0; i < this.size; i++) {
      const slot = this.topSlot[i] ?? 0;
      const id = columns.rowIds[slot] ?? 0;
      const meta = this.rows.meta[id];
      if (meta) top.push({ id, meta, score: this.topScore[i] ?? 0, error: columns.error[slot] ?? 0 });
    }
    return { total, top };
  }

  /**
   * specificScore of every candidate whose enclosing section is a candidate too, then RANKING.redundant
   * off every section a subsection holds (bySpecificity of rank.ts).
   */
  private lift(columns: CandidateColumns): void {
    const n = columns.count;
    const redundant = this.redundant;
    redundant.fill(0, 0, n);
    let anyRedundant = false;
    for (let s = 0; s < n; s++) {
      const score = this.scores[s] ?? 0;
      let section = -1;
      const parent = score > 0 ? (this.parentOfRow[columns.rowIds[s] ?? 0] ?? -1) : -1;
      if (parent >= 0) {
        const p = columns.slotOfRow(parent);
        const ps = p >= 0 ? (this.scores[p] ?? 0) : 0;
        if (ps > 0) {
          section = ps;
          if (holdsSection(score, ps)) {
            redundant[p] = 1;
            anyRedundant = true;
          }
        }
      }
      this.lifted[s] = section === -1 ? score : specificScore(score, section);
    }
    if (anyRedundant) for (let s = 0; s < n; s++) if (redundant[s]) this.lifted[s] = (this.lifted[s] ?? 0) - RANKING.redundant;
  }

  private size = 0;

  /** Keeps the slot in the running top when it is among the best `need` so far. */
  private offer(need: number, slot: number, score: number): void {
    if (need <= 0) return;
    let size = this.size;
    if (size === need && !this.before(score, slot, this.topScore[size - 1] ?? 0, this.topSlot[size - 1] ?? 0)) return;
    let i = size < need ? size++ : size - 1;
    while (i > 0 && this.before(score, slot, this.topScore[i - 1] ?? 0, this.topSlot[i - 1] ?? 0)) {
      this.topScore[i] = this.topScore[i - 1] ?? 0;
      this.topSlot[i] = this.topSlot[i - 1] ?? 0;
      i--;
    }
    this.topScore[i] = score;
    this.topSlot[i] = slot;
    this.size = size;
  }

  private inVersion(slot: number): boolean {
    return this.version === undefined || this.rows.meta[this.columns?.rowIds[slot] ?? 0]?.version === this.version;
  }

  private orderOf(slot: number): number {
    return this.orderOfRow[this.columns?.rowIds[slot] ?? 0] ?? 0;
  }

  /**
   * byScore of rank.ts on slots: higher score, then newer version, then lower row id (tieOfRow).
   * Every comparison is made on every call: code run only on a tie had no type feedback when V8
   * optimized `rank` (this is inlined there and never runs on its own), so each tie deoptimized
   * `rank` again; --trace-deopt showed 270 deoptimizations of `rank` in one run of 6000 questions.
   */
  private before(score: number, slot: number, otherScore: number, otherSlot: number): boolean {
    const ids = this.columns?.rowIds;
    const tie = this.tieOfRow[ids?.[slot] ?? 0] ?? 0;
    const otherTie = this.tieOfRow[ids?.[otherSlot] ?? 0] ?? 0;
    const higher = score > otherScore;
    const equal = score === otherScore;
    const first = tie > otherTie;
    return higher || (equal && first);
  }

  private ensureTop(need: number): void {
    if (this.topSlot.length >= need) return;
    this.topSlot = new Int32Array(need);
    this.topScore = new Float64Array(need);
  }

  private nextStamp(): number {
    this.stamp++;
    if (this.stamp === 0xffffffff) {
      this.keyStamp.fill(0);
      this.stamp = 1;
    }
    return this.stamp;
  }
}
