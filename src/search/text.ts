// Word and identifier tokenisation shared by query understanding, error-line matching and passages.
// Words follow SQLite's unicode61 tokenizer closely (runs of letters and digits, lower-cased), so a
// word the service sees is a word the full-text index sees.

const WORD = /[\p{L}\p{N}]+/gu;
/** Letters/digits joined by `_ . / -` (ISTIO_MUTUAL, sidecar.istio.io/inject, https.443.HTTPS, istio-proxy). */
const IDENTIFIER = /[\p{L}\p{N}]+(?:[._/-][\p{L}\p{N}]+)+/gu;

/** Hard cap on the text any tokeniser looks at: user input is bounded before it gets here, documents are not. */
const MAX_CHARS = 20_000;

/**
 * A chat's courtesies: a question written to a chatbot ("hi, ... thanks", "please help") must find what
 * the bare question finds, so parseQuery drops them (not as stopwords: "hello-world-filter" is a name),
 * and so does the error signature of a pasted line (error-line.ts). "help" is one: no guideline is
 * about help, and a few say that something helps.
 */
export const COURTESIES: ReadonlySet<string> = new Set('please pls plz kindly help thanks thank thx hi hello hey'.split(' '));

export const STOPWORDS: ReadonlySet<string> = new Set(
  'a an and are as at be by can do does for from has have how i in into is it its me my of on or so that the their then this to was we what when where which while who why will with you your after before not no but if all any also just only than too very get got getting am our us though although even because since until unless whether there these those them they he she his her been being did done came come some such other should would could might must shall may once much many more most less few lot lots really actually anything something everything nothing always never still again already were'.split(
    ' ',
  ),
);

export function normalizeText(text: string): string {
  return text.slice(0, MAX_CHARS).normalize('NFKC').toLowerCase();
}

export function words(text: string): string[] {
  return normalizeText(text).match(WORD) ?? [];
}

export function identifiers(text: string): string[] {
  return normalizeText(text).match(IDENTIFIER) ?? [];
}

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

/**
 * A light English stemmer for matching inside passages (the index itself uses porter): strips the
 * common inflections so "errors"/"error", "configured"/"configure", "routing"/"route" meet.
 */
export function stem(word: string): string {
  if (word.length <= 4) return word;
  for (const suffix of ['ations', 'ation', 'ings', 'ing', 'ions', 'ion', 'ies', 'ed', 'es', 'ly', 's', 'e']) {
    // "-ply" is no adverb: apply, reply and supply are not app, rep and sup.
    if (suffix === 'ly' && word.endsWith('ply')) continue;
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) return word.slice(0, -suffix.length);
  }
  return word;
}

/** Where `needle` starts as consecutive items of `haystack`, -1 when it does not. */
export function indexOfSequence(haystack: readonly string[], needle: readonly string[]): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
