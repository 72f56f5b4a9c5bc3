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
import { indexOfNumber, NumberedAlternatives, numberStem } from './stem-numbers.ts';
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

function numberedAlternatives(concepts: readonly ProximityConcept[]): readonly (readonly Int32Array[])[] {
  if (lastConcepts !== concepts || lastNumbered === null) {
    lastNumbered = new NumberedAlternatives(concepts);
    lastConcepts = concepts;
  }
  return lastNumbered.get();
}
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

function maskOf(a: Analysis, stemNumber: number): number {
  const i = indexOfNumber(a.stems, stemNumber);
  return i < 0 ? 0 : (a.masks[i] ?? 0);
}

/**
 * The largest weighted share of the concepts that one paragraph of the entry holds together (0..1;
 * `weights` per concept, e.g. their IDF). A multi-word alternative counts when all its words are in
 * the paragraph. Pass the same `concepts` array for every entry of a question: its words are looked
 * up once.
 */
export function together(entry: EntryRecord, concepts: readonly ProximityConcept[], weights: readonly number[]): number {
  const a = analyse(entry);
  let total = 0;
  for (const w of weights) total += w;
  if (a.groups === 0 || total <= 0) return 0;
  const alternatives = numberedAlternatives(concepts);
  // Per concept: the paragraphs holding one of its alternatives (one buffer for all calls: this
  // runs for every candidate near the page).
  if (foundBuffer.length < concepts.length) foundBuffer = new Int32Array(concepts.length * 2);
  const found = foundBuffer;
  let any = 0;
  for (let i = 0; i < concepts.length; i++) {
    let mask = 0;
    for (const alt of alternatives[i] ?? []) {
      let m = maskOf(a, alt[0] ?? -1);
      for (let j = 1; j < alt.length && m !== 0; j++) m &= maskOf(a, alt[j] ?? -1);
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
function firstInTitle(title: Int32Array, alternatives: readonly Int32Array[]): number {
  let first = -1;
  for (const alt of alternatives) {
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
  const alternatives = numberedAlternatives(concepts);
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
