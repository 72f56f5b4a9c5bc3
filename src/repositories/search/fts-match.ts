// ParsedQuery -> FTS5 MATCH expressions. User text never reaches FTS5 syntax raw: every word is
// quoted (quotes doubled), so `*`, `:`, `-`, AND/OR/NOT, NEAR and parentheses are plain words.
import type { ParsedQuery } from '../../search/query.ts';
import { MAX_PHRASE_WORDS } from '../../search/query.ts';
import { words } from '../../search/text.ts';

const MAX_PARTS = 64;

export function quote(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

function phrase(ws: readonly string[]): string {
  return quote(ws.join(' '));
}

/** One thing the user asked for, with its alternatives: a word (or its synonyms), or the typed prefix. */
export interface Concept {
  readonly label: string;
  /** MATCH expression on entry_fts: the word as typed (or its prefix). */
  readonly exact: string;
  /** MATCH expression on entry_fts: the word or any of its synonyms. */
  readonly match: string;
}

export interface FtsPlan {
  /** OR of everything: ranks candidates with bm25. */
  readonly match: string;
  readonly concepts: readonly Concept[];
  /** The whole query as a phrase (2..12 words), for the exact-phrase boost. */
  readonly phrase: string | null;
  /** MATCH expressions on entry_terms (whole identifiers). */
  readonly identifiers: readonly string[];
}

export function planFts(q: ParsedQuery): FtsPlan | null {
  const parts = new Set<string>();
  const concepts: Concept[] = [];
  for (const w of q.words) {
    const alternatives = [quote(w)];
    for (const e of q.expansions) {
      if (!e.matched.includes(w)) continue;
      for (const alt of e.alternatives) alternatives.push(phrase(alt));
    }
    if (w === q.prefix) alternatives.push(`${quote(w)}*`);
    for (const a of alternatives) parts.add(a);
    const exact = w === q.prefix ? `${quote(w)} OR ${quote(w)}*` : quote(w);
    concepts.push({ label: w, exact, match: [...new Set(alternatives)].join(' OR ') });
  }
  if (q.prefix && !q.words.includes(q.prefix)) {
    parts.add(`${quote(q.prefix)}*`);
    concepts.push({ label: `${q.prefix}*`, exact: `${quote(q.prefix)}*`, match: `${quote(q.prefix)}*` });
  }
  for (const ident of q.identifiers) {
    const split = words(ident);
    if (split.length > 1) parts.add(phrase(split));
  }
  const all = q.allWords;
  const wholePhrase = all.length > 1 && all.length <= MAX_PHRASE_WORDS ? phrase(all) : null;
  if (wholePhrase) parts.add(wholePhrase);
  if (parts.size === 0) return null;
  return {
    match: [...parts].slice(0, MAX_PARTS).join(' OR '),
    concepts,
    phrase: wholePhrase,
    identifiers: q.identifiers.map(quote),
  };
}
