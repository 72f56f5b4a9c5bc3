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
  /** Parts of the phrase's meaningful words: a row lacking one cannot contain the phrase. */
  readonly phraseWords: readonly string[];
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
  return {
    parts: bounded,
    concepts,
    phrase: plan.phrase,
    phraseWords: plan.phrase ? [...new Set(plan.phrase.filter((w) => !isStopword(w)))].map(quote) : [],
    identifiers: plan.identifiers.map(quote),
  };
}
