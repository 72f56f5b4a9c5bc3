// Whether a title holds a word the user typed in one of its inflections, or only in a derivation the
// index's porter stemmer conflates with it: "restrict" and "restrictive", "limit" and "limitations"
// are one stem to FTS5 and to tsvector, so "restrict which namespaces see my config" found the title
// "Authorization is too restrictive" as if it held the word.
import type { EntryRecord } from '../repositories/types.ts';
import type { SearchPlan } from './plan.ts';
import { IN_TITLE_AS_TYPED } from './rank.ts';
import { normalizeText } from './text.ts';

const TOKEN = /[\p{L}\p{N}]+/gu;

/** The word without its English inflection (plural, -ed, -ing), a final e or a doubled last consonant. */
export function inflectionBase(word: string): string {
  let w = word;
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && /(?:ss|x|z|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  else if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  if (w.length > 3 && /([b-df-hj-np-tv-z])\1$/.test(w)) w = w.slice(0, -1);
  return w;
}

/** Per entry (shared objects per knowledge-base generation): the inflection bases of its title's words. */
const bases = new WeakMap<EntryRecord, ReadonlySet<string>>();

function titleBases(entry: EntryRecord): ReadonlySet<string> {
  let b = bases.get(entry);
  if (!b) {
    b = new Set(Array.from(normalizeText(entry.title).matchAll(TOKEN), (m) => inflectionBase(m[0])));
    bases.set(entry, b);
  }
  return b;
}

/**
 * The concepts (indexes into plan.concepts) that `bits` (IN_* of the entry's row) say its title holds
 * as typed, while the title has no inflection of the typed word: only a derivation of it. One-word
 * concepts typed whole only; a half-typed word or a phrase is left alone.
 */
export function derivedInTitle(entry: EntryRecord, plan: SearchPlan, bits: (concept: number) => number): number[] {
  let out: number[] | null = null;
  const typed = typedBases(plan);
  for (let i = 0; i < typed.length; i++) {
    const base = typed[i];
    if (base === null || base === undefined || (bits(i) & IN_TITLE_AS_TYPED) === 0) continue;
    if (!titleBases(entry).has(base)) (out ??= []).push(i);
  }
  return out ?? NONE;
}

const NONE: number[] = [];

/**
 * The last question's inflection base of each concept's typed word (null: a prefix or a phrase, left
 * alone). Not a WeakMap keyed by each question's plan: V8's young-generation collection keeps a
 * WeakMap's values alive, so every question's bases would be copied and promoted (proximity.ts).
 */
let lastTyped: { readonly plan: SearchPlan; readonly bases: readonly (string | null)[] } | null = null;

function typedBases(plan: SearchPlan): readonly (string | null)[] {
  if (lastTyped?.plan !== plan) lastTyped = { plan, bases: plan.concepts.map((c) => (c.prefix || c.word.includes(' ') ? null : inflectionBase(c.word))) };
  return lastTyped.bases;
}
