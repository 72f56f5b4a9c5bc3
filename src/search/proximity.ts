// Proximity: how much of the question one paragraph of a guideline answers. Coverage counts a
// concept wherever it occurs in a section, so a long section collects an operator's words from
// unrelated paragraphs (a v0.8 setup page, a parent section holding all its subsections); a
// paragraph that holds several of them together is the stronger evidence. Computed on the loaded
// entry, so every store (FTS5, tsvector) gets the same figure for the same text. An entry's
// paragraphs are tokenised and stemmed once (entries are shared objects per knowledge-base
// generation): per stem a bitmask of the paragraphs holding it; a question then ORs and ANDs masks.
// Stems are numbers (stem-numbers.ts): an entry is asked with binary searches in a small array.
import type { EntryRecord } from '../repositories/types.ts';
import type { SearchPlan } from './plan.ts';
import { indexOfNumber, NumberedAlternatives, numberStem, type ConceptStems } from './stem-numbers.ts';
import { lowerBoundId } from '../support/sorted.ts';
import { normalizeText, stem } from './text.ts';

const TOKEN = /[\p{L}\p{N}]+/gu;

/** A concept's alternatives as stem sequences (the word, its synonyms, the completions of a prefix). */
export type ProximityConcept = readonly (readonly string[])[];

/** Paragraphs are looked at in at most this many groups (a mask is one 32-bit integer). */
const GROUPS = 32;

interface Analysis {
  readonly groups: number;
  /** The stems of the paragraphs (stem-numbers.ts), ascending. */
  readonly stems: Int32Array;
  /** Per stem (same index): bit g set when paragraph group g holds it. */
  readonly masks: Int32Array;
}

const analysed = new WeakMap<EntryRecord, Analysis>();
/**
 * The numbered form of the last question's concepts (one array object per question; its entries are
 * read one question at a time). Not a WeakMap keyed by each question's array: V8's young-generation
 * collection keeps a WeakMap's values alive, so every question's numbers were copied and promoted
 * to the old generation, which made the young collections slow (a tail of several ms).
 */
let lastConcepts: readonly ProximityConcept[] | null = null;
let lastNumbered: NumberedAlternatives | null = null;

/**
 * A question's alternatives over its distinct stems, so that an entry is asked each stem once, in
 * ascending order (each lookup starts where the one before ended), instead of a binary search per
 * word of every alternative: the text boosts ask this for every guideline near the page, and a
 * pasted line has two dozen concepts. One plan, the last question's, in buffers that only grow (a
 * question allocates nothing for it).
 */
const plan = {
  /** What it was built from (NumberedAlternatives.get(): a new array when texts were numbered since). */
  source: null as ConceptStems | null,
  /** The distinct stems of every alternative, ascending: stems[0..stemCount-1]. */
  stems: new Int32Array(64),
  stemCount: 0,
  /** Concept i's alternatives are alternatives conceptStart[i]..conceptStart[i+1]-1. */
  conceptStart: new Int32Array(32),
  /** Alternative a's words are words[wordStart[a]..wordStart[a+1]-1], as indices into `stems`. */
  wordStart: new Int32Array(64),
  words: new Int32Array(64),
};

function numberedAlternatives(concepts: readonly ProximityConcept[]): ConceptStems {
  if (lastConcepts !== concepts || lastNumbered === null) {
    lastNumbered = new NumberedAlternatives(concepts);
    lastConcepts = concepts;
  }
  return lastNumbered.get();
}

/** The index of `n` in plan.stems, -1 when the question has no such stem. */
function planIndexOf(n: number): number {
  const lo = lowerBoundId(plan.stems, n, plan.stemCount);
  return lo < plan.stemCount && plan.stems[lo] === n ? lo : -1;
}

function grown(buffer: Int32Array<ArrayBuffer>, size: number): Int32Array<ArrayBuffer> {
  return buffer.length >= size ? buffer : new Int32Array(size * 2);
}

function stemPlan(concepts: readonly ProximityConcept[]): typeof plan {
  const source = numberedAlternatives(concepts);
  if (plan.source === source) return plan;
  let alternatives = 0;
  let words = 0;
  for (const alts of source) {
    alternatives += alts.length;
    for (const alt of alts) words += alt.length;
  }
  plan.stems = grown(plan.stems, words);
  plan.conceptStart = grown(plan.conceptStart, source.length + 1);
  plan.wordStart = grown(plan.wordStart, alternatives + 1);
  plan.words = grown(plan.words, words);
  // The distinct stems, ascending (insertion: a question has a few dozen).
  const stems = plan.stems;
  let count = 0;
  for (const alts of source) {
    for (const alt of alts) {
      for (let j = 0; j < alt.length; j++) {
        const n = alt[j] ?? 0;
        let i = count;
        while (i > 0 && (stems[i - 1] ?? 0) > n) i--;
        if (i > 0 && stems[i - 1] === n) continue;
        stems.copyWithin(i + 1, i, count);
        stems[i] = n;
        count++;
      }
    }
  }
  plan.stemCount = count;
  let a = 0;
  let w = 0;
  for (let i = 0; i < source.length; i++) {
    plan.conceptStart[i] = a;
    for (const alt of source[i] ?? []) {
      plan.wordStart[a++] = w;
      for (let j = 0; j < alt.length; j++) plan.words[w++] = planIndexOf(alt[j] ?? -1);
    }
  }
  plan.conceptStart[source.length] = a;
  plan.wordStart[a] = w;
  plan.source = source;
  return plan;
}

/** The sum of the last question's weights (a question passes one array for all its entries). */
let lastWeights: readonly number[] | null = null;
let lastTotal = 0;

function totalOf(weights: readonly number[]): number {
  if (weights !== lastWeights) {
    let total = 0;
    for (let i = 0; i < weights.length; i++) total += weights[i] ?? 0;
    lastTotal = total;
    lastWeights = weights;
  }
  return lastTotal;
}

/** Per distinct stem of the question (plan.stems): the entry's mask of it (one buffer for every entry). */
let stemMasks = new Int32Array(64);
let foundBuffer = new Int32Array(16);
const groupSums = new Float64Array(GROUPS);

function analyse(entry: EntryRecord): Analysis {
  let a = analysed.get(entry);
  if (a) return a;
  // The rare section of more than 32 paragraphs is read as 32 groups of neighbouring paragraphs.
  const per = Math.max(1, Math.ceil(entry.paragraphs.length / GROUPS));
  const masks = new Map<number, number>();
  entry.paragraphs.forEach((text, p) => {
    const bit = 1 << Math.floor(p / per);
    for (const m of text.matchAll(TOKEN)) {
      const s = numberStem(stem(normalizeText(m[0])));
      masks.set(s, (masks.get(s) ?? 0) | bit);
    }
  });
  const stems = Int32Array.from(masks.keys()).sort();
  a = { groups: Math.ceil(entry.paragraphs.length / per), stems, masks: Int32Array.from(stems, (s) => masks.get(s) ?? 0) };
  analysed.set(entry, a);
  return a;
}

/** Analyses the entry's paragraphs and title now (a background warm-up), so that reading it first costs what it does later. */
export function prepareProximity(entry: EntryRecord): void {
  analyse(entry);
  titleStems(entry);
}

/** The plan's concepts in the order of its concepts (and of RANKING's weights), as stems. */
export function proximityConcepts(plan: SearchPlan): ProximityConcept[] {
  return plan.concepts.map((c) => {
    const alternatives: string[][] = c.prefixOnly ? [] : [c.word.split(' ').map(stem)];
    for (const s of c.synonyms) alternatives.push(s.map(stem));
    for (const w of c.completions) alternatives.push([stem(w)]);
    return alternatives;
  });
}

/**
 * The largest weighted share of the concepts that one paragraph of the entry holds together (0..1;
 * `weights` per concept, e.g. their IDF). A multi-word alternative counts when all its words are in
 * the paragraph. Pass the same `concepts` array for every entry of a question: its words are looked
 * up once.
 */
export function together(entry: EntryRecord, concepts: readonly ProximityConcept[], weights: readonly number[]): number {
  const a = analyse(entry);
  const total = totalOf(weights);
  if (a.groups === 0 || total <= 0) return 0;
  const { stems, stemCount, conceptStart, wordStart, words } = stemPlan(concepts);
  // The entry's mask of each of the question's stems: both lists ascending, so each binary search
  // starts where the one before ended.
  if (stemMasks.length < stemCount) stemMasks = new Int32Array(stemCount * 2);
  const masks = stemMasks;
  const sorted = a.stems;
  const end = sorted.length;
  let lo = 0;
  for (let k = 0; k < stemCount; k++) {
    const s = stems[k] ?? -1;
    let hi = end;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((sorted[mid] ?? 0) < s) lo = mid + 1;
      else hi = mid;
    }
    masks[k] = lo < end && sorted[lo] === s ? (a.masks[lo] ?? 0) : 0;
  }
  // Per concept: the paragraphs holding one of its alternatives (one buffer for all calls: this
  // runs for every candidate near the page).
  if (foundBuffer.length < concepts.length) foundBuffer = new Int32Array(concepts.length * 2);
  const found = foundBuffer;
  let any = 0;
  for (let i = 0; i < concepts.length; i++) {
    let mask = 0;
    for (let alt = conceptStart[i] ?? 0, last = conceptStart[i + 1] ?? 0; alt < last; alt++) {
      const from = wordStart[alt] ?? 0;
      const to = wordStart[alt + 1] ?? 0;
      let m = masks[words[from] ?? 0] ?? 0;
      for (let j = from + 1; j < to && m !== 0; j++) m &= masks[words[j] ?? 0] ?? 0;
      mask |= m;
    }
    found[i] = mask;
    any |= mask;
  }
  if (any === 0) return 0;
  // Per paragraph group, the weights of the concepts it holds, added in concept order (the set bits
  // of each concept's mask, not every group for every concept).
  const sums = groupSums.fill(0);
  for (let i = 0; i < concepts.length; i++) {
    const w = weights[i] ?? 0;
    for (let m = found[i] ?? 0; m !== 0; m &= m - 1) {
      const g = 31 - Math.clz32(m & -m);
      sums[g] = (sums[g] ?? 0) + w;
    }
  }
  let best = 0;
  for (let g = 0; g < a.groups; g++) {
    const sum = sums[g] ?? 0;
    if (sum > best) best = sum;
  }
  return best / total;
}

/** Per entry: its title as stem numbers, in order (titles are short; read once per loaded entry). */
const titles = new WeakMap<EntryRecord, Int32Array>();

function titleStems(entry: EntryRecord): Int32Array {
  let t = titles.get(entry);
  if (!t) {
    t = Int32Array.from(entry.title.matchAll(TOKEN), (m) => numberStem(stem(normalizeText(m[0]))));
    titles.set(entry, t);
  }
  return t;
}

/** Where the concept first occurs in the title (an alternative of several words: all of them in a row), -1 if not. */
function firstInTitle(title: Int32Array, alternatives: readonly (readonly number[])[]): number {
  let first = -1;
  for (let k = 0; k < alternatives.length; k++) {
    const alt = alternatives[k] as readonly number[];
    for (let p = 0; p + alt.length <= title.length && (first < 0 || p < first); p++) {
      let j = 0;
      while (j < alt.length && title[p + j] === alt[j]) j++;
      if (j === alt.length) first = p;
    }
  }
  return first;
}

let atBuffer = new Int32Array(16);

/**
 * Order in the title: the weighted share of the query's concept pairs (i before j in the query) that
 * the title holds in the same order, 0..1 (a pair weighs its rarer concept's weight less: the smaller
 * of the two). Two sibling titles with the same words ("policies" and "proxies") differ in what they
 * say by their order: "Pilot distributes policies to proxies" answers "policies reach the proxies",
 * "proxies enforce policies" does not. The sequential-dependence idea of Metzler and Croft (2005),
 * read on the title only, where it separates siblings (on paragraphs it reorders unrelated hits).
 */
export function inTitleOrder(entry: EntryRecord, concepts: readonly ProximityConcept[], weights: readonly number[]): number {
  if (concepts.length < 2) return 0;
  // The title first: its words are numbered before the question's are looked up.
  const title = titleStems(entry);
  const alternatives = stemPlan(concepts).source ?? [];
  // Most titles hold fewer than two of the question's words: then no pair is in order.
  let held = 0;
  for (let p = 0; p < title.length && held < 2; p++) if (planIndexOf(title[p] ?? -1) >= 0) held++;
  if (held < 2) return 0;
  if (atBuffer.length < concepts.length) atBuffer = new Int32Array(concepts.length * 2);
  const at = atBuffer;
  let inTitle = 0;
  for (let i = 0; i < concepts.length; i++) {
    at[i] = firstInTitle(title, alternatives[i] ?? []);
    if ((at[i] ?? -1) >= 0) inTitle++;
  }
  // No pair in order without two concepts in the title (most rows).
  if (inTitle < 2) return 0;
  let total = 0;
  let found = 0;
  for (let i = 0; i < concepts.length; i++)
    for (let j = i + 1; j < concepts.length; j++) {
      const w = Math.min(weights[i] ?? 0, weights[j] ?? 0);
      total += w;
      const a = at[i] ?? -1;
      const b = at[j] ?? -1;
      if (a >= 0 && b > a) found += w;
    }
  return total > 0 ? found / total : 0;
}
