// What a store must look up for one query, independent of its query language: the concepts (a word
// and its synonyms are one concept; the half-typed last word also matches as a prefix), whole
// identifiers, and the whole query as a phrase. SQLite turns this into FTS5 MATCH expressions
// (src/repositories/search/fts-match.ts); a PostgreSQL store turns it into tsquery.
import type { ParsedQuery } from './query.ts';
import { MAX_PHRASE_WORDS } from './query.ts';
import type { Expansion } from './synonyms.ts';
import { isStopword, words } from './text.ts';
import type { Vocabulary } from './typo.ts';

/** One thing the user asked for, with its alternatives. */
export interface ConceptPlan {
  /** The word as typed (after typo correction); `word*` for a prefix-only concept. */
  readonly label: string;
  readonly word: string;
  /** The word also matches every indexed word it starts (the half-typed last word). */
  readonly prefix: boolean;
  /** Only the prefix counts (the half-typed word is not one of the query's meaningful words). */
  readonly prefixOnly: boolean;
  /** Synonyms and expansions, as word sequences (multi-word ones are phrases). */
  readonly synonyms: readonly (readonly string[])[];
  /**
   * For a prefix: the most common indexed words it completes to (from the vocabulary, when the store
   * has one). A store may look these up as words instead of running a prefix query.
   */
  readonly completions: readonly string[];
}

/** How many completions of a half-typed word are looked up. */
export const MAX_COMPLETIONS = 8;

export interface SearchPlan {
  readonly concepts: readonly ConceptPlan[];
  /** Whole identifiers, lower-cased (istio_mutual, sidecar.istio.io/inject). */
  readonly identifiers: readonly string[];
  /** Identifiers of several words, as phrases: they widen the candidate set and the text score. */
  readonly identifierPhrases: readonly (readonly string[])[];
  /** The whole query as a phrase (2..12 words), for the exact-phrase boost. */
  readonly phrase: readonly string[] | null;
}

/**
 * Number words also find their digits ("two rules": the docs write "2 rules"). Not the other way: a
 * digit typed is most often part of a version, port or code ("1.5", "15001"), not a count.
 */
const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

export function planSearch(q: ParsedQuery, vocab?: Vocabulary): SearchPlan | null {
  const completions = (w: string) => vocab?.completions?.(w, MAX_COMPLETIONS) ?? [];
  const concepts: ConceptPlan[] = [];
  // A synonym member of several meaningful words the user typed ("control plane", "destination
  // rule") is one thing asked for, looked up as a phrase: as separate words, "rule" alone would find
  // every route rule, and the two words would count twice what the member's synonyms count once.
  const merged = new Map<string, Expansion>();
  for (const e of q.expansions) {
    const meaningful = e.matched.filter((w) => q.words.includes(w));
    if (meaningful.length < 2 || meaningful.some((w) => merged.has(w))) continue;
    for (const w of meaningful) merged.set(w, e);
  }
  // Two words typed in a row whose concatenation the index has as one word ("host network":
  // hostNetwork, "export to": exportTo, "config map": ConfigMap): Kubernetes and Istio name their
  // fields and kinds by joining the words operators type.
  const joined = new Map<string, string>();
  {
    const all = q.allWords;
    for (let i = 0; i + 1 < all.length; i++) {
      const a = all[i] ?? '';
      const b = all[i + 1] ?? '';
      if (!q.words.includes(a) && !q.words.includes(b)) continue;
      const j = a + b;
      if (/^\d/.test(j) || (vocab?.documentFrequency(j) ?? 0) === 0 || q.words.includes(j)) continue;
      joined.set(a, j);
      joined.set(b, j);
    }
  }
  // A word the index does not have that is two of its words written together ("routerule": route
  // rule, "virtualservices", "http1": HTTP/1): the reverse of the join above, looked up as a phrase.
  const split = new Map<string, readonly string[]>();
  if (vocab) for (const w of q.words) {
    const parts = splitJoined(w, vocab);
    if (parts) split.set(w, parts);
  }
  const done = new Set<Expansion>();
  for (const w of q.words) {
    const group = merged.get(w);
    if (group) {
      if (done.has(group)) continue;
      done.add(group);
      const phrase = group.matched.filter((m) => !isStopword(m)).join(' ');
      concepts.push({ label: phrase, word: phrase, prefix: false, prefixOnly: false, synonyms: group.alternatives, completions: [] });
      continue;
    }
    const synonyms: (readonly string[])[] = [];
    for (const e of q.expansions) if (e.matched.includes(w)) synonyms.push(...e.alternatives);
    const n = NUMBER_WORDS.indexOf(w);
    if (n >= 0) synonyms.push([String(n)]);
    const j = joined.get(w);
    if (j !== undefined && !synonyms.some((x) => x.length === 1 && x[0] === j)) synonyms.push([j]);
    const parts = split.get(w);
    if (parts) synonyms.push(parts);
    const prefix = w === q.prefix;
    concepts.push({ label: w, word: w, prefix, prefixOnly: false, synonyms, completions: prefix ? completions(w) : [] });
  }
  if (q.prefix && !q.words.includes(q.prefix)) {
    concepts.push({ label: `${q.prefix}*`, word: q.prefix, prefix: true, prefixOnly: true, synonyms: [], completions: completions(q.prefix) });
  }
  const identifierPhrases = q.identifiers.map((i) => words(i)).filter((ws) => ws.length > 1);
  const all = q.allWords;
  const phrase = all.length > 1 && all.length <= MAX_PHRASE_WORDS ? all : null;
  if (concepts.length === 0 && identifierPhrases.length === 0 && phrase === null) return null;
  return { concepts, identifiers: q.identifiers, identifierPhrases, phrase };
}

const LETTER = /\p{L}/u;

/**
 * The two words of the index a word it lacks is written from, or null: each part a word of the index
 * and no stopword, of 4 letters or more, or a number after 3 letters or more ("http1"); the split whose
 * rarer part is most common wins (a join of two everyday words, not of a rare word and a fragment).
 * Parts of 3 letters split English words the docs do not use into words they do ("checkout": check
 * out, "frontend": front end, "outage": out age).
 */
function splitJoined(w: string, vocab: Vocabulary): readonly string[] | null {
  if (vocab.documentFrequency(w) > 0) return null;
  let best: readonly string[] | null = null;
  let bestDf = 0;
  for (const [a, b, boundary] of joinedParts(w)) {
    // Numbers have no document frequency in the vocabulary: a number after letters is always a word.
    const df = boundary ? vocab.documentFrequency(a) : Math.min(vocab.documentFrequency(a), vocab.documentFrequency(b));
    if (df > bestDf) {
      best = [a, b];
      bestDf = df;
    }
  }
  return best;
}

/**
 * The words whose frequency splitJoined reads for `w`: a store that fetches word frequencies ahead, as
 * PostgreSQL does, asks for these with the typed words'.
 */
export function joinedPartWords(w: string): string[] {
  return joinedParts(w).flatMap(([a, b, boundary]) => (boundary ? [a] : [a, b]));
}

/** Every way `w` may be two words written together: [first, second, whether letters meet a number]. */
function joinedParts(w: string): [string, string, boolean][] {
  if (w.length < 5 || /^\d+$/.test(w)) return [];
  const out: [string, string, boolean][] = [];
  for (let i = 1; i < w.length; i++) {
    const a = w.slice(0, i);
    const b = w.slice(i);
    const boundary = LETTER.test(a.at(-1) ?? '') !== LETTER.test(b[0] ?? '');
    const ok = boundary ? a.length >= 3 && /^\d+$/.test(b) : a.length >= 4 && b.length >= 4 && !/\d/.test(w);
    if (ok && !isStopword(a) && !isStopword(b)) out.push([a, b, boundary]);
  }
  return out;
}
