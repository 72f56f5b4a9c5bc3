// Turns what a user typed into a safe FTS5 MATCH expression. User text never reaches FTS5 syntax
// raw: it is cut into word tokens and each token is quoted, so quotes, `*`, `:`, `-`, AND/OR/NOT,
// NEAR and parentheses are plain words. Terms are OR-ed (BM25 ranks entries matching more of them
// higher), the whole query is added as a phrase for a boost, and the last term is also a prefix so
// that a half-typed word still matches.

const STOPWORDS = new Set(
  'a an and are as at be by can do does for from has have how i in into is it its me my of on or so that the their then this to was we what when where which while who why will with you your'.split(
    ' ',
  ),
);

const MAX_TERMS = 24;

export interface FtsQuery {
  readonly match: string;
  readonly terms: readonly string[];
}

export function tokenize(text: string): string[] {
  return (text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 256);
}

function quote(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

export function buildFtsQuery(text: string): FtsQuery | null {
  const all = tokenize(text);
  const meaningful = all.filter((t) => !STOPWORDS.has(t));
  const terms = [...new Set(meaningful.length > 0 ? meaningful : all)].slice(0, MAX_TERMS);
  if (terms.length === 0) return null;
  const parts = terms.map(quote);
  const last = all[all.length - 1];
  const typingLastWord = last !== undefined && last.length >= 2 && !/\s$/.test(text) && !STOPWORDS.has(last);
  if (typingLastWord) parts.push(`${quote(last)}*`);
  if (all.length > 1 && all.length <= 12) parts.push(quote(all.join(' ')));
  return { match: parts.join(' OR '), terms };
}
