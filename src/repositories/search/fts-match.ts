// SearchPlan (src/search/plan.ts) -> FTS5 MATCH parts. User text never reaches FTS5 syntax raw: every
// word is quoted (quotes doubled), so `*`, `:`, `-`, AND/OR/NOT, NEAR and parentheses are plain words.
// Each part (a word, a synonym phrase, a prefix) is looked up on its own and cached per
// knowledge-base generation: FTS5's bm25 of an OR query is the sum of its phrases' bm25, so the
// repository adds the parts' cached scores instead of running the OR query again for every question.
import type { ConceptPlan, SearchPlan } from '../../search/plan.ts';
import { isStopword } from '../../search/text.ts';

const MAX_PARTS = 64;

export function quote(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

function phrase(ws: readonly string[]): string {
  return quote(ws.join(' '));
}

export interface FtsConcept {
  /** Parts that match the concept: the word, its synonyms, its prefix. */
  readonly parts: readonly string[];
  /** The parts of the word as typed (or its prefix), without synonyms. */
  readonly exactParts: readonly string[];
}

export interface FtsPlan {
  /** Every part of the query once (at most MAX_PARTS): candidates and bm25. */
  readonly parts: readonly string[];
  readonly concepts: readonly FtsConcept[];
  /** The whole query as words, for the exact-phrase boosts (checked on the entries' text). */
  readonly phrase: readonly string[] | null;
  /**
   * Parts of the phrase's meaningful words: a row lacking one cannot contain the phrase. A half-typed
   * last word is not among them (a row holds one of its completions, not the letters typed).
   */
  readonly phraseWords: readonly string[];
  /** When the phrase's last word is half-typed (no text has it as typed): its completions, else empty. */
  readonly phraseEndings: readonly string[];
  /** MATCH expressions on entry_terms (whole identifiers). */
  readonly identifiers: readonly string[];
}

function ftsConcept(c: ConceptPlan): FtsConcept {
  // A prefix query scans every index term it starts; the completions the vocabulary knows are words
  // whose statistics are cached like any other word's.
  const prefix = c.completions.length > 0 ? c.completions.map(quote) : [`${quote(c.word)}*`];
  if (c.prefixOnly) return { parts: prefix, exactParts: prefix };
  const exactParts = c.prefix ? [...new Set([quote(c.word), ...prefix])] : [quote(c.word)];
  return { parts: [...new Set([quote(c.word), ...c.synonyms.map(phrase), ...exactParts])], exactParts };
}

export function planFts(plan: SearchPlan): FtsPlan {
  const parts = new Set<string>();
  const concepts = plan.concepts.map(ftsConcept);
  for (const c of concepts) for (const p of c.parts) parts.add(p);
  for (const ws of plan.identifierPhrases) parts.add(phrase(ws));
  const bounded = [...parts].slice(0, MAX_PARTS);
  const endings = phraseEndings(plan);
  const typed = endings.length > 0 ? plan.phrase?.slice(0, -1) : plan.phrase;
  return {
    parts: bounded,
    concepts,
    phrase: plan.phrase,
    phraseWords: typed ? [...new Set(typed.filter((w) => !isStopword(w)))].map(quote) : [],
    phraseEndings: endings,
    identifiers: plan.identifiers.map(quote),
  };
}

/**
 * The words the phrase may end with when its last word is still being typed ("proxy-config secr":
 * secret, secrets): the letters typed are no word of any text, so the phrase boost could never find
 * a half-typed question (the commonest way a search box is used) in a title or a command.
 */
function phraseEndings(plan: SearchPlan): readonly string[] {
  const last = plan.phrase?.at(-1);
  const typing = plan.concepts.find((c) => c.prefix && c.word === last);
  // A last word the texts have as typed is whole (or may be): the phrase is the words typed, as before.
  if (last === undefined || typing === undefined || typing.completions.length === 0 || typing.completions.includes(last)) return [];
  return typing.completions;
}
