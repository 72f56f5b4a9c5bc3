// The highlight of a search hit: the best window of a few words in the entry's most important field
// that holds the query's words, matched words in <mark>. Computed from the loaded entry with the same
// light stemming as passages, so the store runs no second full-text query per search for it. An
// entry's fields are tokenised and stemmed once (entries are shared objects per knowledge-base
// generation); a question then only looks its words up.
import type { EntryRecord } from '../repositories/types.ts';
import type { Concept } from './passages.ts';
import { lowerBound } from '../support/sorted.ts';
import { normalizeText, stem } from './text.ts';

const WINDOW = 16;
const TOKEN = /[\p{L}\p{N}]+/gu;
/** Long fields are looked at up to this many characters: the highlight is a teaser, not a search. */
const MAX_FIELD = 6000;

interface Field {
  readonly title: boolean;
  readonly text: string;
  /** Full length of the field (the text may be cut at MAX_FIELD). */
  readonly length: number;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly words: readonly string[];
  readonly stems: readonly string[];
  readonly byStem: ReadonlyMap<string, readonly number[]>;
  /** The distinct words in sorted order with their positions, built at the first prefix lookup. */
  prefixIndex?: { readonly sorted: readonly string[]; readonly at: ReadonlyMap<string, readonly number[]> };
}

const analysed = new WeakMap<EntryRecord, readonly Field[]>();

function analyse(text: string, title: boolean): Field {
  const slice = text.length > MAX_FIELD ? text.slice(0, MAX_FIELD) : text;
  const matches = [...slice.matchAll(TOKEN)];
  const starts = new Int32Array(matches.length);
  const ends = new Int32Array(matches.length);
  const words: string[] = [];
  const stems: string[] = [];
  const byStem = new Map<string, number[]>();
  matches.forEach((m, i) => {
    starts[i] = m.index ?? 0;
    ends[i] = (m.index ?? 0) + m[0].length;
    const w = normalizeText(m[0]);
    words.push(w);
    const s = stem(w);
    stems.push(s);
    const list = byStem.get(s);
    if (list) list.push(i);
    else byStem.set(s, [i]);
  });
  return { title, text: slice, length: text.length, starts, ends, words, stems, byStem };
}

/** Fields in the order of their search weight (title first, code last). */
function fieldsOf(entry: EntryRecord): readonly Field[] {
  let fields = analysed.get(entry);
  if (!fields) {
    fields = [
      entry.title,
      entry.errorMessages.join('\n'),
      entry.symptoms.join('\n'),
      entry.causes.join('\n'),
      entry.fixes.join('\n'),
      entry.paragraphs.join('\n'),
      entry.snippets.map((s) => s.code).join('\n'),
    ]
      .map((text, i) => ({ text, title: i === 0 }))
      .filter((f) => f.text !== '')
      .map((f) => analyse(f.text, f.title));
    analysed.set(entry, fields);
  }
  return fields;
}

// Which positions of a field are marked, by question (stamp) rather than a Set per field and hit.
let seen = new Uint32Array(1024);
let stamp = 0;

/** The marked word positions of a field, ascending. */
function marks(field: Field, concepts: readonly Concept[]): Int32Array {
  if (seen.length < field.words.length) seen = new Uint32Array(field.words.length * 2);
  if (++stamp === 0xffffffff) {
    seen.fill(0);
    stamp = 1;
  }
  const marked: number[] = [];
  const stems = field.stems;
  for (const c of concepts) {
    for (const alt of c.alternatives) {
      const head = alt[0];
      if (head === undefined) continue;
      const positions = field.byStem.get(head);
      if (!positions) continue;
      next: for (const at of positions) {
        for (let j = 1; j < alt.length; j++) if (stems[at + j] !== alt[j]) continue next;
        for (let j = 0; j < alt.length; j++) mark(marked, at + j);
      }
    }
    if (c.prefix !== null) for (const at of startingWith(field, c.prefix)) mark(marked, at);
  }
  return ascending(marked, field.words.length);
}

function mark(marked: number[], at: number): void {
  if (seen[at] === stamp) return;
  seen[at] = stamp;
  marked.push(at);
}

/**
 * Distinct positions (stamped in `seen`) in ascending order: a few are sorted in place, many are
 * read off the stamps (a typed array's sort copies and allocates; this is on every hit's path).
 */
function ascending(positions: number[], length: number): Int32Array {
  const out = new Int32Array(positions.length);
  if (positions.length <= 32) {
    for (let i = 0; i < positions.length; i++) {
      const v = positions[i] ?? 0;
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
function markBound(field: Field, concepts: readonly Concept[], limit: number): number {
  let n = 0;
  for (const c of concepts) {
    for (const alt of c.alternatives) {
      const head = alt[0];
      const positions = head === undefined ? undefined : field.byStem.get(head);
      if (positions) n += positions.length * alt.length;
    }
    if (c.prefix !== null) n += startingWith(field, c.prefix).length;
    if (n > limit) return n;
  }
  return n;
}

/** Positions of the words that start with `prefix` (a binary search, not a scan of every word). */
function startingWith(field: Field, prefix: string): number[] {
  let index = field.prefixIndex;
  if (!index) {
    const at = new Map<string, number[]>();
    field.words.forEach((w, i) => {
      const list = at.get(w);
      if (list) list.push(i);
      else at.set(w, [i]);
    });
    index = { sorted: [...at.keys()].sort(), at };
    field.prefixIndex = index;
  }
  const { sorted } = index;
  const out: number[] = [];
  for (let i = lowerBound(sorted, prefix); i < sorted.length && (sorted[i] ?? '').startsWith(prefix); i++) out.push(...(index.at.get(sorted[i] ?? '') ?? []));
  return out;
}

interface Window {
  readonly field: Field;
  /** Marked positions, ascending. */
  readonly marked: Int32Array;
  readonly start: number;
  readonly hits: number;
}

function bestWindow(field: Field, concepts: readonly Concept[]): Window | null {
  const positions = marks(field, concepts);
  if (positions.length === 0) return null;
  let best = { start: 0, hits: 0 };
  let j = 0;
  for (let i = 0; i < positions.length; i++) {
    const from = positions[i] ?? 0;
    while (j < positions.length && (positions[j] ?? 0) < from + WINDOW) j++;
    if (j - i > best.hits) best = { start: Math.max(0, Math.min(from - 2, field.words.length - WINDOW)), hits: j - i };
  }
  return { field, marked: positions, start: best.start, hits: best.hits };
}

function render({ field, marked, start }: Window): string {
  const end = Math.min(field.words.length, start + WINDOW);
  const from = field.starts[start] ?? 0;
  const to = field.ends[end - 1] ?? field.text.length;
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
  return `${from > 0 ? '…' : ''}${out.replace(/\s+/g, ' ')}${to < field.length ? '…' : ''}`;
}

/** The highlight for one hit, or null when no field holds a query word. */
export function hitSnippet(entry: EntryRecord, concepts: readonly Concept[]): string | null {
  if (concepts.length === 0) return null;
  let best: Window | null = null;
  for (const field of fieldsOf(entry)) {
    // A window holds at most WINDOW marks, and no more than the field has: skip fields that cannot win.
    if (best && (best.hits >= WINDOW || markBound(field, concepts, best.hits) <= best.hits)) continue;
    const window = bestWindow(field, concepts);
    if (window && (!best || window.hits > best.hits)) best = window;
    if (best && best.hits >= concepts.length) break;
  }
  return best ? render(best) : null;
}

export interface PhraseMatch {
  readonly anywhere: boolean;
  readonly inTitle: boolean;
}

/** Whether the entry holds the stemmed words (`stem` of src/search/text.ts) in this order. */
export function phraseIn(entry: EntryRecord, stems: readonly string[]): PhraseMatch {
  // Anchor on the phrase word with the fewest occurrences in each field.
  let anywhere = false;
  if (stems.length === 0) return { anywhere, inTitle: false };
  for (const field of fieldsOf(entry)) {
    let anchor = 0;
    let positions: readonly number[] | undefined;
    for (let k = 0; k < stems.length; k++) {
      const p = field.byStem.get(stems[k] ?? '');
      if (!p) {
        positions = undefined;
        break;
      }
      if (!positions || p.length < positions.length) [anchor, positions] = [k, p];
    }
    const found = positions !== undefined && holdsAt(field.stems, positions, stems, anchor);
    if (found && field.title) return { anywhere: true, inTitle: true };
    anywhere ||= found;
  }
  return { anywhere, inTitle: false };
}

/** Whether `stems` occur in order at one of the positions of their word `anchor` (loops, no closures: per candidate). */
function holdsAt(fieldStems: readonly string[], positions: readonly number[], stems: readonly string[], anchor: number): boolean {
  next: for (const at of positions) {
    const from = at - anchor;
    for (let j = 0; j < stems.length; j++) if (fieldStems[from + j] !== stems[j]) continue next;
    return true;
  }
  return false;
}
