// The highlight of a search hit: the best window of a few words in the entry's most important field
// that holds the query's words, matched words in <mark>. Computed from the loaded entry with the same
// light stemming as passages, so the store runs no second full-text query per search for it. An
// entry's fields are tokenised and stemmed once (entries are shared objects per knowledge-base
// generation); a question then only looks its words up.
import type { EntryRecord } from '../repositories/types.ts';
import type { Concept } from './passages.ts';
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

function marks(field: Field, concepts: readonly Concept[]): number[] {
  const marked = new Set<number>();
  for (const c of concepts) {
    for (const alt of c.alternatives) {
      const [head, ...tail] = alt;
      if (head === undefined) continue;
      for (const at of field.byStem.get(head) ?? []) {
        if (!tail.every((s, j) => field.stems[at + j + 1] === s)) continue;
        for (let j = 0; j < alt.length; j++) marked.add(at + j);
      }
    }
    const prefix = c.prefix;
    if (prefix !== null) field.words.forEach((w, i) => w.startsWith(prefix) && marked.add(i));
  }
  return [...marked].sort((a, b) => a - b);
}

interface Window {
  readonly field: Field;
  readonly marked: ReadonlySet<number>;
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
  return { field, marked: new Set(positions), start: best.start, hits: best.hits };
}

function render({ field, marked, start }: Window): string {
  const end = Math.min(field.words.length, start + WINDOW);
  const from = field.starts[start] ?? 0;
  const to = field.ends[end - 1] ?? field.text.length;
  let out = '';
  let at = from;
  for (let i = start; i < end; i++) {
    if (!marked.has(i)) continue;
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
    const found = (positions ?? []).some((at) => stems.every((s, j) => field.stems[at - anchor + j] === s));
    if (found && field.title) return { anywhere: true, inTitle: true };
    anywhere ||= found;
  }
  return { anywhere, inTitle: false };
}
