// Dialect-free ranking. A store (SQLite FTS5, PostgreSQL tsvector) finds candidate rows and, for
// each, what it matched; this module turns those statistics into scores. Every candidate gets
//   coverage  share of the query's concepts it contains (a word or its synonyms, the typed prefix),
//             weighted by IDF over guidelines: the "words" rule of Meilisearch/Algolia, so an entry
//             with all the operator's words beats one that repeats a single word;
//   text      the store's weighted text score (title and error messages > symptoms > causes/fixes >
//             body > code), normalised to the best candidate;
//   asked     how operators ask for the guideline (archive/asked-as.json) vs the question, for
//             questions in words the docs do not use (src/search/asked.ts);
//   boosts    pasted error line vs quoted error messages (strong), whole identifiers, the query
//             as an exact phrase (stronger in the title), the share of the concepts one paragraph
//             holds together (proximity, src/search/proximity.ts), the title's order of them.
// Without a version each key appears once: ranked by its best version, shown in its newest.

/** Weights of the signals; chosen coarsely on eval/queries.json, see eval/README.md. */
export const RANKING = {
  coverage: 0.6,
  titleCoverage: 0.6,
  bm25: 0.2,
  errorMatch: 1.2,
  /** Error similarity below this is noise (shared boilerplate words). */
  errorMin: 0.4,
  /**
   * How operators ask for a guideline (archive/asked-as.json) against the question: similarity x this.
   * With one set of lines 0.5-0.6 measured alike and 0.7 lowered classes (round 7); the mean over two
   * sets is lower wherever the sets disagree, and 0.7 with askedMin 0.2 measured best on every set,
   * 0.6-1.0 and askedMin 0.1-0.2 on a grid (eval/README.md, round 8).
   */
  asked: 0.7,
  /** An asked similarity below this is a word or two in common, not the same question. */
  askedMin: 0.2,
  /** A concept found only through a synonym counts this much of a word found as typed. */
  synonymCredit: 0.6,
  identifier: 0.5,
  phrase: 0.15,
  titlePhrase: 0.25,
  /**
   * A row holding the whole question as a phrase (2..12 words) in a code block or a quoted message has
   * every concept of it: those its prose lacks count this share of a prose hit in coverage (see
   * text-boosts.ts). A word found only in code is otherwise no coverage (a YAML key or a command
   * shown in passing); the whole question typed as a command the row shows is not in passing. 0.5
   * and 1 measured the same (eval/README.md); the smaller reads fewer rows.
   */
  phraseCoverage: 0.5,
  /** Weighted share of the concepts found together in one paragraph (see proximity.ts). */
  proximity: 0.2,
  /**
   * Weighted share of the query's concept pairs the title holds in the query's order (inTitleOrder,
   * proximity.ts): breaks ties between sibling titles of the same words. 0.1-0.3 measured the same on the 151 (blind-37
   * 7 -> 6 besides); the smallest keeps the rows read for the text boosts few (TEXT_REACH).
   */
  titleOrder: 0.05,
  /**
   * Near-ties between guidelines go to the one from newer docs: score + currency * order / newest
   * order among the candidates. The same text under two keys (a v0.8 section and its v1.x successor
   * whose lineage was not linked) otherwise falls to bm25's length noise. Small enough to reorder
   * only near-equal evidence: a recency prior at the scale of the other signals buried answers that
   * only old docs have (eval/README.md).
   */
  currency: 0.01,
  /** A subsection within this of its enclosing section's score ranks just above it (see rankScored). */
  specificity: 0.03,
  /**
   * A section that a subsection holds within `specificity` of its score (the subsection carries the
   * section's evidence, see rankScored) goes this much lower: it repeats the subsection ranked just
   * above it, so the next distinct answer is shown second. 0.2 did less, 0.5 the same (eval/README.md).
   */
  redundant: 0.3,
} as const;

/** Bits of CandidateStats.concepts[i]: where concept i of the plan occurs in the row. */
export const IN_PROSE = 1; // title, error messages, symptoms, causes, fixes or body (not code)
export const IN_PROSE_AS_TYPED = 2; // ... as typed (or its prefix), not only through a synonym
export const IN_TITLE = 4;
export const IN_TITLE_AS_TYPED = 8;

export interface RowMeta {
  readonly key: string;
  readonly version: string;
  /** major * 1000 + minor: newer is larger. */
  readonly order: number;
  /** Row id of the enclosing section (same page and version) when this row is a subsection. */
  readonly parent?: number;
}

/** What the store found out about one candidate row. */
export interface CandidateStats {
  readonly id: number;
  readonly meta: RowMeta;
  /** The store's weighted full-text score, higher is better, 0 when the text did not match. */
  readonly text: number;
  /** Similarity of a pasted error line to the row's quoted errors, 0..1 (0 below RANKING.errorMin). */
  readonly error: number;
  /** Per concept of the plan (same order): IN_* bits. */
  readonly concepts: ArrayLike<number>;
  /** How operators ask for the row's guideline vs the question, 0..1 (src/search/asked.ts; absent: 0). */
  readonly asked?: number;
  /** How many of the query's whole identifiers the row contains. */
  readonly identifiers: number;
  readonly phrase: boolean;
  readonly titlePhrase: boolean;
  /** Weighted share of the concepts one paragraph holds together, 0..1 (0 or absent: not computed). */
  readonly proximity?: number;
}

/** Statistics of the query over the whole knowledge base (or the version searched). */
export interface QueryStats {
  /** Per concept: how many distinct guidelines (keys) have it in their prose. */
  readonly conceptKeys: readonly number[];
  /** Distinct guidelines in the knowledge base. */
  readonly keyCount: number;
  /** Whole identifiers in the query. */
  readonly identifierCount: number;
}

export interface Scored {
  readonly id: number;
  readonly meta: RowMeta;
  readonly score: number;
  readonly error: number;
}

/**
 * Scores the candidates and orders them best first; without `version`, one per key (see onePerKey).
 * Candidates of another version than `version` are dropped.
 */
export function rankCandidates(stats: QueryStats, candidates: Iterable<CandidateStats>, version?: string): Scored[] {
  return rankScored(scoreCandidates(stats, candidates, version), version);
}

/**
 * Orders scored rows best first; without `version`, one per key (see onePerKey). A subsection
 * within RANKING.specificity of its enclosing section's score goes just above it: the section's text
 * includes the subsection's, and the subsection is the specific answer. The section then loses
 * RANKING.redundant: its evidence is the subsection's, already shown.
 */
export function rankScored(scored: readonly Scored[], version?: string): Scored[] {
  const specific = bySpecificity(scored);
  if (version !== undefined) return specific.sort(byScore);
  const ranked = onePerKey(specific);
  let newest = 1;
  for (const s of ranked) if (s.meta.order > newest) newest = s.meta.order;
  const current = ranked.map((s) => ({ ...s, score: currentScore(s.score, s.meta.order, newest) }));
  current.sort(byScore);
  return current;
}

/** What scoring a candidate needs of the whole query: concept IDF and the best text score. */
export interface ScoreContext {
  /** Per concept (a typed array: the scoring loop then keeps its doubles unboxed, no garbage per row). */
  readonly idf: Float64Array;
  readonly idfTotal: number;
  /** The best text score among the candidates (bm25 is normalised to it). */
  readonly best: number;
  readonly identifierCount: number;
}

export function scoreContext(stats: QueryStats, best: number): ScoreContext {
  const idf = conceptWeights(stats);
  const idfTotal = idf.reduce((a, b) => a + b, 0) || 1;
  return { idf: Float64Array.from(idf), idfTotal, best, identifierCount: stats.identifierCount };
}

/** Bits of ScoreRows.phrase. */
export const PHRASE = 1;
export const TITLE_PHRASE = 2;

/**
 * Candidates in columns (slot by slot), what scoreRows reads: a store may keep all its candidates in
 * typed arrays instead of an object per candidate (src/search/rank-columns.ts).
 */
export interface ScoreRows {
  /** IN_* bits of concept i of slot s at [s * width + i]. */
  readonly concepts: ArrayLike<number>;
  readonly width: number;
  readonly text: ArrayLike<number>;
  readonly error: ArrayLike<number>;
  readonly asked: ArrayLike<number>;
  readonly identifiers: ArrayLike<number>;
  /** PHRASE | TITLE_PHRASE per slot. */
  readonly phrase: ArrayLike<number>;
  /** CandidateStats.proximity per slot (0: not computed). */
  readonly proximity: ArrayLike<number>;
}

/** The scores of slots from..to-1 into `out` (the one place the formula is written). */
export function scoreRows(ctx: ScoreContext, rows: ScoreRows, from: number, to: number, out: Float64Array): void {
  const { idf, idfTotal, best, identifierCount } = ctx;
  const { concepts, width, text, error, asked, identifiers, phrase, proximity } = rows;
  for (let s = from; s < to; s++) {
    const at = s * width;
    let covered = 0;
    let titled = 0;
    for (let i = 0; i < idf.length; i++) {
      const bits = concepts[at + i] ?? 0;
      const w = idf[i] ?? 0;
      if (bits & IN_PROSE) covered += w * (bits & IN_PROSE_AS_TYPED ? 1 : RANKING.synonymCredit);
      if (bits & IN_TITLE) titled += w * (bits & IN_TITLE_AS_TYPED ? 1 : RANKING.synonymCredit);
    }
    const p = phrase[s] ?? 0;
    out[s] =
      RANKING.coverage * (covered / idfTotal) +
      RANKING.titleCoverage * (titled / idfTotal) +
      RANKING.bm25 * (best > 0 ? (text[s] ?? 0) / best : 0) +
      RANKING.errorMatch * (error[s] ?? 0) +
      RANKING.asked * (asked[s] ?? 0) +
      RANKING.identifier * (identifierCount > 0 ? (identifiers[s] ?? 0) / identifierCount : 0) +
      RANKING.phrase * (p & PHRASE ? 1 : 0) +
      RANKING.titlePhrase * (p & TITLE_PHRASE ? 1 : 0) +
      RANKING.proximity * (proximity[s] ?? 0);
  }
}

/** Every candidate row (of `version`) with its score, unordered; rows scoring 0 are left out. */
export function scoreCandidates(stats: QueryStats, candidates: Iterable<CandidateStats>, version?: string): Scored[] {
  const list: CandidateStats[] = [];
  let best = 0;
  for (const c of candidates) {
    if (version !== undefined && c.meta.version !== version) continue;
    list.push(c);
    if (c.text > best) best = c.text;
  }
  const ctx = scoreContext(stats, best);
  const width = ctx.idf.length;
  const rows = {
    concepts: new Uint8Array(list.length * width),
    width,
    text: Float64Array.from(list, (c) => c.text),
    error: Float64Array.from(list, (c) => c.error),
    asked: Float64Array.from(list, (c) => c.asked ?? 0),
    identifiers: Float64Array.from(list, (c) => c.identifiers),
    phrase: Uint8Array.from(list, (c) => (c.phrase ? PHRASE : 0) | (c.titlePhrase ? TITLE_PHRASE : 0)),
    proximity: Float64Array.from(list, (c) => c.proximity ?? 0),
  };
  list.forEach((c, s) => {
    for (let i = 0; i < width; i++) rows.concepts[s * width + i] = c.concepts[i] ?? 0;
  });
  const scores = new Float64Array(list.length);
  scoreRows(ctx, rows, 0, list.length, scores);
  const out: Scored[] = [];
  list.forEach((c, s) => {
    const score = scores[s] ?? 0;
    if (score > 0) out.push({ id: c.id, meta: c.meta, score, error: c.error });
  });
  return out;
}

function bySpecificity(scored: readonly Scored[]): Scored[] {
  const out = [...scored];
  const sections = new Map<number, number>();
  for (const s of scored) if (s.meta.parent !== undefined) sections.set(s.meta.parent, -1);
  if (sections.size === 0) return out;
  for (const s of scored) if (sections.has(s.id)) sections.set(s.id, s.score);
  const redundant = new Set<number>();
  for (let i = 0; i < out.length; i++) {
    const s = out[i] as Scored;
    const section = s.meta.parent === undefined ? -1 : (sections.get(s.meta.parent) ?? -1);
    if (section < 0) continue;
    if (holdsSection(s.score, section)) redundant.add(s.meta.parent as number);
    const score = specificScore(s.score, section);
    if (score !== s.score) out[i] = { ...s, score };
  }
  if (redundant.size > 0)
    for (let i = 0; i < out.length; i++) {
      const s = out[i] as Scored;
      if (redundant.has(s.id)) out[i] = { ...s, score: s.score - RANKING.redundant };
    }
  return out;
}

/** Whether a subsection holds its enclosing section's evidence, which makes the section redundant; see rankScored. */
export function holdsSection(score: number, section: number): boolean {
  return section >= 0 && score >= section - RANKING.specificity;
}

/** A subsection's score next to its enclosing section's (-1: none among the candidates); see rankScored. */
export function specificScore(score: number, section: number): number {
  return score < section && score >= section - RANKING.specificity ? section + 0.001 : score;
}

/** A key's score with the near-tie break towards newer docs (`newest`: the newest order ranked). */
export function currentScore(score: number, order: number, newest: number): number {
  return score + RANKING.currency * (order / newest);
}

/** Adds boosts found after scoring (e.g. on the entries' text) to the rows they were found for. */
export function withBoosts(scored: readonly Scored[], boost: ReadonlyMap<number, number>): Scored[] {
  if (boost.size === 0) return [...scored];
  return scored.map((s) => {
    const b = boost.get(s.id);
    return b ? { ...s, score: s.score + b } : s;
  });
}

/**
 * The weight of each concept of the plan: IDF over guidelines (keys), not rows, so a word of one
 * guideline repeated in 26 versions is as specific as a word of one guideline in a single version.
 * A concept no guideline has in its prose weighs 0: it tells no candidate from another, and with the
 * largest IDF of all it only shrank every candidate's coverage next to its text score.
 */
export function conceptWeights(stats: QueryStats): number[] {
  const n = Math.max(1, stats.keyCount);
  return stats.conceptKeys.map((k) => (k === 0 ? 0 : Math.log(1 + n / (k + 1))));
}

export function byScore(a: Scored, b: Scored): number {
  return b.score - a.score || b.meta.order - a.meta.order || a.id - b.id;
}

/**
 * Each key once: its best score, shown in its newest matching version, unless only an older version
 * quotes the pasted error (then that version, which has the message to cite).
 */
export function onePerKey(scored: readonly Scored[]): Scored[] {
  const byKey = new Map<string, { best: Scored; newest: Scored }>();
  for (const s of scored) {
    const g = byKey.get(s.meta.key);
    if (!g) byKey.set(s.meta.key, { best: s, newest: s });
    else {
      if (s.score > g.best.score) g.best = s;
      if (s.meta.order > g.newest.meta.order) g.newest = s;
    }
  }
  return [...byKey.values()].map(({ best, newest }) => (showsBest(best.error, newest.error) ? best : { ...newest, score: best.score }));
}

/** Whether a key is shown in its best-scoring version rather than its newest (see onePerKey). */
export function showsBest(bestError: number, newestError: number): boolean {
  return bestError > newestError + 0.2;
}
