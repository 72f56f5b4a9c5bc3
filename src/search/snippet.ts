// The highlight of a search hit: the best window of a few words in the entry's most important field
// below its title that holds the query's words, matched words in <mark>. Every hit shows its title
// beside the highlight (REST, GraphQL, the CLI and the portal), so a highlight cut from the title said
// nothing new; when only the title holds the words, the highlight is the start of the guideline's text. Computed from the loaded entry with the same
// light stemming as passages, so the store runs no second full-text query per search for it. An
// entry's fields are tokenised and stemmed once (entries are shared objects per knowledge-base
// generation); a question then only looks its words up. Stems are numbers (stem-numbers.ts): per
// entry, which fields hold a stem, and per field where, in sorted typed arrays.
import type { EntryRecord } from '../repositories/types.ts';
import type { Concept } from './passages.ts';
import { lowerBound } from '../support/sorted.ts';
import { indexOfNumber, NumberedAlternatives, numberedStems, numbersOf, numberStem, type ConceptStems } from './stem-numbers.ts';
import { normalizeText, stem } from './text.ts';

const WINDOW = 16;
const TOKEN = /[\p{L}\p{N}]+/gu;
/** Long fields are looked at up to this many characters: the highlight is a teaser, not a search. */
const MAX_FIELD = 6000;

interface Field {
  readonly title: boolean;
  /** The snippets' code: never the start of a guideline's text (see hitSnippet). */
  readonly code: boolean;
  /** The text as shown: its runs of white space folded to one space (see analyse). */
  readonly text: string;
  /** Whether the text was cut at MAX_FIELD. */
  readonly cut: boolean;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** The stem number of every word (its length is the number of words). */
  readonly stems: Int32Array;
  /** The field's distinct stem numbers, ascending; the positions of distinct[i] are positions[offsets[i]..offsets[i+1]]. */
  readonly distinct: Int32Array;
  readonly offsets: Int32Array;
  readonly positions: Int32Array;
  /**
   * For prefixes: the distinct words (as typed, lower-cased) in sorted order; the positions of
   * words[i] are wordPositions[wordOffsets[i]..wordOffsets[i+1]]. Distinct words only: the strings of
   * every word of every entry would be hundreds of thousands of objects for the collector to mark.
   */
  readonly words: readonly string[];
  readonly wordOffsets: Int32Array;
  readonly wordPositions: Int32Array;
  /** The last prefix looked up and its positions. */
  lastPrefix?: { readonly prefix: string; readonly at: readonly number[] };
}

interface Analysed {
  /** Fields in the order of their search weight (title first, code last). */
  readonly fields: readonly Field[];
  /** The stem numbers of all fields, ascending, and which fields hold each (bit f: fields[f]). */
  readonly stems: Int32Array;
  readonly inFields: Uint8Array;
}

const analysed = new WeakMap<EntryRecord, Analysed>();

/** What a highlight shows of white space: one space for a run (line breaks, indentation, no-break spaces). */
const SPACES = /\s+/g;

function analyse(text: string, title: boolean, code: boolean): Field {
  // Folded here, once per entry, not in every highlight: words never hold white space, so folding
  // first and cutting windows after shows what cutting first and folding after did.
  const cut = text.length > MAX_FIELD;
  const slice = (cut ? text.slice(0, MAX_FIELD) : text).replace(SPACES, ' ');
  const matches = [...slice.matchAll(TOKEN)];
  const starts = new Int32Array(matches.length);
  const ends = new Int32Array(matches.length);
  const byWord = new Map<string, number[]>();
  const stems = new Int32Array(matches.length);
  const byStem = new Map<number, number[]>();
  matches.forEach((m, i) => {
    starts[i] = m.index ?? 0;
    ends[i] = (m.index ?? 0) + m[0].length;
    const w = normalizeText(m[0]);
    const at = byWord.get(w);
    if (at) at.push(i);
    else byWord.set(w, [i]);
    const s = numberStem(stem(w));
    stems[i] = s;
    const list = byStem.get(s);
    if (list) list.push(i);
    else byStem.set(s, [i]);
  });
  const distinct = Int32Array.from(byStem.keys()).sort();
  const offsets = new Int32Array(distinct.length + 1);
  const positions = new Int32Array(matches.length);
  let at = 0;
  distinct.forEach((s, i) => {
    offsets[i] = at;
    for (const p of byStem.get(s) ?? []) positions[at++] = p;
  });
  offsets[distinct.length] = at;
  const words = [...byWord.keys()].sort();
  const wordOffsets = new Int32Array(words.length + 1);
  const wordPositions = new Int32Array(matches.length);
  at = 0;
  words.forEach((w, i) => {
    wordOffsets[i] = at;
    for (const p of byWord.get(w) ?? []) wordPositions[at++] = p;
  });
  wordOffsets[words.length] = at;
  return { title, code, text: slice, cut, starts, ends, stems, distinct, offsets, positions, words, wordOffsets, wordPositions };
}

function analysedOf(entry: EntryRecord): Analysed {
  let a = analysed.get(entry);
  if (!a) {
    // An item that only repeats the title (a heading read as a symptom) holds nothing else to show.
    const title = entry.title.trim();
    const body = (items: readonly string[]) => items.filter((item) => item.trim() !== title).join('\n');
    const fields = [
      entry.title,
      body(entry.errorMessages),
      body(entry.symptoms),
      body(entry.causes),
      body(entry.fixes),
      body(entry.paragraphs),
      entry.snippets.map((s) => s.code).join('\n'),
    ]
      .map((text, i) => ({ text, title: i === 0, code: i === 6 }))
      .filter((f) => f.text !== '')
      .map((f) => analyse(f.text, f.title, f.code));
    const bits = new Map<number, number>();
    fields.forEach((f, i) => {
      for (const s of f.distinct) bits.set(s, (bits.get(s) ?? 0) | (1 << i));
    });
    const stems = Int32Array.from(bits.keys()).sort();
    a = { fields, stems, inFields: Uint8Array.from(stems, (s) => bits.get(s) ?? 0) };
    analysed.set(entry, a);
  }
  return a;
}

/** Analyses the entry's fields now (a background warm-up), so that its first highlight costs what later ones do. */
export function prepareHighlights(entry: EntryRecord): void {
  analysedOf(entry);
}

/** Which fields (bit f: fields[f]) hold the stem. */
function fieldsHolding(a: Analysed, stemNumber: number): number {
  const i = indexOfNumber(a.stems, stemNumber);
  return i < 0 ? 0 : (a.inFields[i] ?? 0);
}

/** A question's concepts with their alternatives as stem numbers (see stem-numbers.ts). */
interface NumberedConcepts {
  readonly concepts: readonly Concept[];
  readonly alternatives: NumberedAlternatives;
}

/**
 * The last question's (its hits' highlights are read together). Not a WeakMap keyed by each
 * question's array: V8's young-generation collection keeps a WeakMap's values alive (see
 * proximity.ts).
 */
let lastNumbered: NumberedConcepts | null = null;

function numberedOf(concepts: readonly Concept[]): NumberedConcepts {
  if (lastNumbered?.concepts !== concepts) lastNumbered = { concepts, alternatives: new NumberedAlternatives(concepts.map((c) => c.alternatives)) };
  return lastNumbered;
}

// Which positions of a field are marked, by question (stamp) rather than a Set per field and hit.
let seen = new Uint32Array(1024);
let stamp = 0;

/** The marked word positions of a field, ascending. */
function marks(a: Analysed, f: number, concepts: readonly Concept[], alternatives: ConceptStems, heads: Int32Array): Int32Array {
  const field = a.fields[f] as Field;
  if (seen.length < field.stems.length) seen = new Uint32Array(field.stems.length * 2);
  if (++stamp === 0xffffffff) {
    seen.fill(0);
    stamp = 1;
  }
  if (markBuffer.length < field.stems.length) markBuffer = new Int32Array(field.stems.length * 2);
  markedCount = 0;
  const stems = field.stems;
  const bit = 1 << f;
  let k = 0;
  for (let c = 0; c < concepts.length; c++) {
    for (const alt of alternatives[c] ?? []) {
      if (((heads[k++] ?? 0) & bit) === 0) continue;
      const i = indexOfNumber(field.distinct, alt[0] ?? -1);
      const to = field.offsets[i + 1] ?? 0;
      next: for (let p = field.offsets[i] ?? 0; p < to; p++) {
        const at = field.positions[p] ?? 0;
        for (let j = 1; j < alt.length; j++) if (stems[at + j] !== alt[j]) continue next;
        for (let j = 0; j < alt.length; j++) mark(at + j);
      }
    }
    const prefix = concepts[c]?.prefix ?? null;
    if (prefix !== null) for (const at of startingWith(field, prefix)) mark(at);
  }
  return ascending(field.stems.length);
}

/** The positions marks() marked, the first `markedCount` (one buffer for every field read: a search runs at a time). */
let markBuffer = new Int32Array(256);
let markedCount = 0;

function mark(at: number): void {
  if (seen[at] === stamp) return;
  seen[at] = stamp;
  markBuffer[markedCount++] = at;
}

/**
 * The marked positions (stamped in `seen`) in ascending order: a few are sorted in place, many are
 * read off the stamps (a typed array's sort copies and allocates; this is on every hit's path).
 */
function ascending(length: number): Int32Array {
  const out = new Int32Array(markedCount);
  if (markedCount <= 32) {
    for (let i = 0; i < markedCount; i++) {
      const v = markBuffer[i] ?? 0;
      let j = i;
      while (j > 0 && (out[j - 1] ?? 0) > v) {
        out[j] = out[j - 1] ?? 0;
        j--;
      }
      out[j] = v;
    }
    return out;
  }
  let k = 0;
  for (let at = 0; at < length && k < out.length; at++) if (seen[at] === stamp) out[k++] = at;
  return out;
}

/** An upper bound on the positions marks() marks (counting stops above `limit`). */
function markBound(a: Analysed, f: number, concepts: readonly Concept[], alternatives: ConceptStems, heads: Int32Array, limit: number): number {
  const field = a.fields[f] as Field;
  const bit = 1 << f;
  let n = 0;
  let k = 0;
  for (let c = 0; c < concepts.length; c++) {
    for (const alt of alternatives[c] ?? []) {
      if (((heads[k++] ?? 0) & bit) === 0) continue;
      const i = indexOfNumber(field.distinct, alt[0] ?? -1);
      n += ((field.offsets[i + 1] ?? 0) - (field.offsets[i] ?? 0)) * alt.length;
    }
    const prefix = concepts[c]?.prefix ?? null;
    if (prefix !== null) n += startingWith(field, prefix).length;
    if (n > limit) return n;
  }
  return n;
}

/** Positions of the words that start with `prefix` (a binary search, not a scan of every word). */
function startingWith(field: Field, prefix: string): readonly number[] {
  // The bound and the marks of a field ask the same prefix one after the other.
  if (field.lastPrefix?.prefix === prefix) return field.lastPrefix.at;
  const { words, wordOffsets, wordPositions } = field;
  const out: number[] = [];
  for (let i = lowerBound(words, prefix); i < words.length && (words[i] ?? '').startsWith(prefix); i++) {
    for (let p = wordOffsets[i] ?? 0; p < (wordOffsets[i + 1] ?? 0); p++) out.push(wordPositions[p] ?? 0);
  }
  field.lastPrefix = { prefix, at: out };
  return out;
}

interface Window {
  readonly field: Field;
  /** Marked positions, ascending. */
  readonly marked: Int32Array;
  readonly start: number;
  readonly hits: number;
}

function bestWindow(a: Analysed, f: number, concepts: readonly Concept[], alternatives: ConceptStems, heads: Int32Array): Window | null {
  const field = a.fields[f] as Field;
  const positions = marks(a, f, concepts, alternatives, heads);
  if (positions.length === 0) return null;
  let best = { start: 0, hits: 0 };
  let j = 0;
  for (let i = 0; i < positions.length; i++) {
    const from = positions[i] ?? 0;
    while (j < positions.length && (positions[j] ?? 0) < from + WINDOW) j++;
    if (j - i > best.hits) best = { start: Math.max(0, Math.min(from - 2, field.stems.length - WINDOW)), hits: j - i };
  }
  return { field, marked: positions, start: best.start, hits: best.hits };
}

function render({ field, marked, start }: Window): string {
  const end = Math.min(field.stems.length, start + WINDOW);
  // From the field's first word or up to its last one, the punctuation around them too: an ellipsis
  // only where words were left out.
  const from = start === 0 ? 0 : (field.starts[start] ?? 0);
  const to = end === field.stems.length ? field.text.length : (field.ends[end - 1] ?? field.text.length);
  let out = '';
  let at = from;
  let k = 0;
  while (k < marked.length && (marked[k] ?? 0) < start) k++;
  for (; k < marked.length && (marked[k] ?? end) < end; k++) {
    const i = marked[k] ?? 0;
    const s = field.starts[i] ?? 0;
    const e = field.ends[i] ?? s;
    out += `${field.text.slice(at, s)}<mark>${field.text.slice(s, e)}</mark>`;
    at = e;
  }
  out += field.text.slice(at, to);
  return `${from > 0 ? '…' : ''}${out}${field.cut || to < field.text.length ? '…' : ''}`;
}

let headBuffer = new Int32Array(64);

/** Per alternative (in concept order): the fields holding its first word, one lookup for all fields. */
function headsOf(a: Analysed, alternatives: ConceptStems): Int32Array {
  let n = 0;
  for (const alts of alternatives) n += alts.length;
  if (headBuffer.length < n) headBuffer = new Int32Array(n * 2);
  let k = 0;
  for (const alts of alternatives) for (const alt of alts) headBuffer[k++] = fieldsHolding(a, alt[0] ?? -1);
  return headBuffer;
}

/**
 * The highlight for one hit, or null when no field holds a query word. Pass the same `concepts`
 * array for every hit of a question: its words are looked up once.
 */
export function hitSnippet(entry: EntryRecord, concepts: readonly Concept[]): string | null {
  if (concepts.length === 0) return null;
  const a = analysedOf(entry);
  const alternatives = numberedOf(concepts).alternatives.get();
  const heads = headsOf(a, alternatives);
  let best: Window | null = null;
  let inTitle = false;
  for (let f = 0; f < a.fields.length; f++) {
    const field = a.fields[f] as Field;
    if (field.title) {
      inTitle = bestWindow(a, f, concepts, alternatives, heads) !== null;
      continue;
    }
    // A window holds at most WINDOW marks, and no more than the field has: skip fields that cannot win.
    if (best && (best.hits >= WINDOW || markBound(a, f, concepts, alternatives, heads, best.hits) <= best.hits)) continue;
    const window = bestWindow(a, f, concepts, alternatives, heads);
    if (window && (!best || window.hits > best.hits)) best = window;
    if (best && best.hits >= concepts.length) break;
  }
  if (best) return render(best);
  const text = inTitle ? a.fields.find((f) => !f.title && !f.code) : undefined;
  return text ? render({ field: text, marked: NO_MARKS, start: 0, hits: 0 }) : null;
}

const NO_MARKS = new Int32Array(0);

export interface PhraseMatch {
  readonly anywhere: boolean;
  readonly inTitle: boolean;
}

const NO_PHRASE: PhraseMatch = { anywhere: false, inTitle: false };

/** A question's phrase as stem numbers (null: a word no text has), looked up again when texts were analysed since. */
let lastPhrase: { readonly stems: readonly string[]; readonly at: number; readonly numbers: readonly number[] | null } | null = null;

function phraseNumbers(stems: readonly string[]): readonly number[] | null {
  let p = lastPhrase;
  if (p === null || p.stems !== stems || p.at !== numberedStems()) {
    p = { stems, at: numberedStems(), numbers: numbersOf(stems) };
    lastPhrase = p;
  }
  return p.numbers;
}

/** Whether the entry holds the stemmed words (`stem` of src/search/text.ts) in this order. */
export function phraseIn(entry: EntryRecord, stems: readonly string[]): PhraseMatch {
  if (stems.length === 0) return NO_PHRASE;
  const a = analysedOf(entry);
  // After analysing: the entry's words are numbered now. A word no text has is in no field.
  const ns = phraseNumbers(stems);
  if (ns === null) return NO_PHRASE;
  // The fields holding every word of the phrase.
  let candidates = 0xff;
  for (let k = 0; k < ns.length && candidates !== 0; k++) candidates &= fieldsHolding(a, ns[k] ?? -1);
  let anywhere = false;
  for (let f = 0; f < a.fields.length && candidates !== 0; f++) {
    if ((candidates & (1 << f)) === 0) continue;
    const field = a.fields[f] as Field;
    // Anchor on the phrase word with the fewest occurrences in the field.
    let anchor = 0;
    let from = 0;
    let to = -1;
    for (let k = 0; k < ns.length; k++) {
      const i = indexOfNumber(field.distinct, ns[k] ?? -1);
      const kFrom = field.offsets[i] ?? 0;
      const kTo = field.offsets[i + 1] ?? 0;
      if (to < 0 || kTo - kFrom < to - from) {
        anchor = k;
        from = kFrom;
        to = kTo;
      }
    }
    const found = holdsAt(field, from, to, ns, anchor);
    if (found && field.title) return { anywhere: true, inTitle: true };
    anywhere ||= found;
  }
  return anywhere ? { anywhere, inTitle: false } : NO_PHRASE;
}

/** Whether the stem numbers occur in order at one of the positions [from, to) of their word `anchor` (loops, no closures: per candidate). */
function holdsAt(field: Field, from: number, to: number, ns: readonly number[], anchor: number): boolean {
  const stems = field.stems;
  next: for (let p = from; p < to; p++) {
    const start = (field.positions[p] ?? 0) - anchor;
    if (start < 0) continue;
    for (let j = 0; j < ns.length; j++) if (stems[start + j] !== ns[j]) continue next;
    return true;
  }
  return false;
}
