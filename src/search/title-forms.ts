// Whether a title holds a word the user typed in one of its inflections, or only in a derivation the
// index's porter stemmer conflates with it: "restrict" and "restrictive", "limit" and "limitations"
// are one stem to FTS5 and to tsvector, so "restrict which namespaces see my config" found the title
// "Authorization is too restrictive" as if it held the word.
import type { EntryRecord } from '../repositories/types.ts';
import type { SearchPlan } from './plan.ts';
import { IN_TITLE_AS_TYPED } from './rank.ts';
import { isStopword, normalizeText } from './text.ts';

const TOKEN = /[\p{L}\p{N}]+/gu;

/**
 * The word without its English inflection: Porter's step 1 (plural -s/-es/-ies, -ed, -ing and -y,
 * with its e restored or doubled consonant undone: "stopped" stop, "using" us, "applied" appli),
 * then without a final e ("use" us) or a doubled l ("labelled" label). Porter's later steps are the derivations (-ive, -ation, -ion,
 * -ity), which this leaves: "restrictive" is not "restrict".
 */
export function inflectionBase(word: string): string {
  let w = word;
  if (w.length <= 2) return w;
  if (w.endsWith('sses') || w.endsWith('ies')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  let removed = false;
  if (w.endsWith('eed')) {
    if (measure(w.slice(0, -3)) > 0) w = w.slice(0, -1);
  } else if (w.endsWith('ed') && hasVowel(w.slice(0, -2))) {
    w = w.slice(0, -2);
    removed = true;
  } else if (w.endsWith('ing') && hasVowel(w.slice(0, -3))) {
    w = w.slice(0, -3);
    removed = true;
  }
  if (removed) {
    if (/(?:at|bl|iz)$/.test(w)) w += 'e';
    else if (w.length >= 2 && w[w.length - 1] === w[w.length - 2] && isConsonant(w, w.length - 1) && !/[lsz]$/.test(w)) w = w.slice(0, -1);
    else if (measure(w) === 1 && endsCvc(w)) w += 'e';
  }
  if (w.endsWith('y') && hasVowel(w.slice(0, -1))) w = `${w.slice(0, -1)}i`;
  if (w.length > 2 && w.endsWith('e')) w = w.slice(0, -1);
  // Porter's 5b: "labelled" label, "installed" instal (as "install").
  if (w.endsWith('ll') && measure(w) > 1) w = w.slice(0, -1);
  return w;
}

function isConsonant(w: string, i: number): boolean {
  const c = w[i];
  if (c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u') return false;
  if (c === 'y') return i === 0 || !isConsonant(w, i - 1);
  return true;
}

function hasVowel(w: string): boolean {
  for (let i = 0; i < w.length; i++) if (!isConsonant(w, i)) return true;
  return false;
}

/** Porter's m: the number of vowel-consonant sequences. */
function measure(w: string): number {
  let m = 0;
  let i = 0;
  while (i < w.length && isConsonant(w, i)) i++;
  while (i < w.length) {
    while (i < w.length && !isConsonant(w, i)) i++;
    if (i >= w.length) break;
    while (i < w.length && isConsonant(w, i)) i++;
    m++;
  }
  return m;
}

/** Consonant-vowel-consonant at the end, the last not w, x or y ("hop", not "box"). */
function endsCvc(w: string): boolean {
  const n = w.length;
  return n >= 3 && isConsonant(w, n - 3) && !isConsonant(w, n - 2) && isConsonant(w, n - 1) && !/[wxy]$/.test(w);
}

/** Per entry (shared objects per knowledge-base generation): the inflection bases of its title's words. */
const bases = new WeakMap<EntryRecord, ReadonlySet<string>>();

function titleBases(entry: EntryRecord): ReadonlySet<string> {
  let b = bases.get(entry);
  if (!b) {
    // A function word of two letters is no form of a typed word ("one" and "on" are one stem to porter).
    b = new Set(Array.from(normalizeText(entry.title).matchAll(TOKEN), (m) => m[0]).filter((w) => w.length > 2 || !isStopword(w)).map(inflectionBase));
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

/** Per question: the inflection base of each concept's typed word (null: a prefix or a phrase, left alone). */
const typedOf = new WeakMap<SearchPlan, readonly (string | null)[]>();

function typedBases(plan: SearchPlan): readonly (string | null)[] {
  let t = typedOf.get(plan);
  if (!t) {
    t = plan.concepts.map((c) => (c.prefix || c.word.includes(' ') ? null : inflectionBase(c.word)));
    typedOf.set(plan, t);
  }
  return t;
}
