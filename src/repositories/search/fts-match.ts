// SearchPlan (src/search/plan.ts) -> FTS5 MATCH expressions. User text never reaches FTS5 syntax raw:
// every word is quoted (quotes doubled), so `*`, `:`, `-`, AND/OR/NOT, NEAR and parentheses are plain words.
import type { ConceptPlan, SearchPlan } from '../../search/plan.ts';

const MAX_PARTS = 64;

export function quote(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

function phrase(ws: readonly string[]): string {
  return quote(ws.join(' '));
}

export interface FtsConcept {
  /** MATCH expression on entry_fts: the word as typed (or its prefix). */
  readonly exact: string;
  /** MATCH expression on entry_fts: the word or any of its synonyms. */
  readonly match: string;
}

export interface FtsPlan {
  /** OR of everything: ranks candidates with bm25. */
  readonly match: string;
  readonly concepts: readonly FtsConcept[];
  /** The whole query as a phrase, for the exact-phrase boost. */
  readonly phrase: string | null;
  /** MATCH expressions on entry_terms (whole identifiers). */
  readonly identifiers: readonly string[];
}

function ftsConcept(c: ConceptPlan): { alternatives: string[]; concept: FtsConcept } {
  if (c.prefixOnly) {
    const p = `${quote(c.word)}*`;
    return { alternatives: [p], concept: { exact: p, match: p } };
  }
  const alternatives = [quote(c.word), ...c.synonyms.map(phrase)];
  if (c.prefix) alternatives.push(`${quote(c.word)}*`);
  const exact = c.prefix ? `${quote(c.word)} OR ${quote(c.word)}*` : quote(c.word);
  return { alternatives, concept: { exact, match: [...new Set(alternatives)].join(' OR ') } };
}

export function planFts(plan: SearchPlan): FtsPlan {
  const parts = new Set<string>();
  const concepts: FtsConcept[] = [];
  for (const c of plan.concepts) {
    const { alternatives, concept } = ftsConcept(c);
    for (const a of alternatives) parts.add(a);
    concepts.push(concept);
  }
  for (const ws of plan.identifierPhrases) parts.add(phrase(ws));
  const wholePhrase = plan.phrase ? phrase(plan.phrase) : null;
  if (wholePhrase) parts.add(wholePhrase);
  return {
    match: [...parts].slice(0, MAX_PARTS).join(' OR '),
    concepts,
    phrase: wholePhrase,
    identifiers: plan.identifiers.map(quote),
  };
}
