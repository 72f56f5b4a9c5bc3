// Query understanding, independent of the store: what the user typed becomes words (stopwords
// dropped unless nothing else is left), whole identifiers, synonym expansions, the half-typed last
// word, typo corrections against the index vocabulary, and the error signature of a pasted line.
// The repository turns this into its own query language (FTS5 MATCH for SQLite).
import { errorSignature, looksLikeErrorLine, TIMESTAMP, type ErrorSignature } from './error-line.ts';
import { expandSynonyms, isSynonymMember, isSynonymWord, type Expansion } from './synonyms.ts';
import { COURTESIES, identifiers, isStopword, words } from './text.ts';
import { correctWord, type Vocabulary } from './typo.ts';

const MAX_WORDS = 24;
const MAX_IDENTIFIERS = 8;
const MAX_PHRASE_WORDS = 12;

export interface Correction {
  readonly from: string;
  readonly to: string;
}

export interface ParsedQuery {
  /** Every word in order (after corrections), stopwords included: for the phrase. */
  readonly allWords: readonly string[];
  /** Distinct meaningful words (after corrections). */
  readonly words: readonly string[];
  /** Whole identifiers, lower-cased (istio_mutual, sidecar.istio.io/inject). */
  readonly identifiers: readonly string[];
  readonly expansions: readonly Expansion[];
  /** The last word when the user may still be typing it (no trailing space). */
  readonly prefix: string | null;
  readonly corrections: readonly Correction[];
  /** The query with corrections applied, or null when nothing was corrected. */
  readonly didYouMean: string | null;
  readonly errorLine: boolean;
  readonly error: ErrorSignature;
  /** Codes of a pasted line, as written (UO, NR, PERMISSION_DENIED): a guideline may define them. */
  readonly codes: readonly string[];
}

const APOSTROPHE = /['’]/;

/**
 * English contractions as the words they stand for: "don't" is "do not" and "pod's" is "pod", not the
 * words "don", "t" and "s" (which the index holds as noise from its own contractions); "OR'ed" is "OR".
 * The negation then falls among the stopwords like "does not" does.
 */
function expandContractions(text: string): string {
  // Every contraction has its apostrophe: most questions have none, and are read as they are.
  if (!APOSTROPHE.test(text)) return text;
  return text
    .replace(/(?<![\p{L}\p{N}])(ca|wo)n['’]t(?![\p{L}\p{N}])/giu, (_m, w: string) => (w.toLowerCase() === 'ca' ? 'can not' : 'will not'))
    .replace(/(\p{L})n['’]t(?![\p{L}\p{N}])/gu, '$1 not').replace(/(\p{L})['’](?:s|d|ll|re|ve|m|ed)(?![\p{L}\p{N}])/giu, '$1');
}

/**
 * A hyphenated compound that is one member of a synonym group ("catch-all", "istio-proxy") is the
 * concept the group names, found with its alternatives, not an identifier whose literal occurrence
 * outweighs every word (an identifier hit counts like half the words of the query).
 */
function isHyphenatedMember(identifier: string): boolean {
  return /^[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+$/u.test(identifier) && isSynonymMember(words(identifier));
}

/** Values of a pasted line that differ between clusters: timestamps, IP addresses (with a port), ids. */
const VALUES = [
  TIMESTAMP,
  /\b\d{2}:\d{2}:\d{2}(?:\.\d+)?\b/g,
  /\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b/g,
  /\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b/g,
];

/**
 * The words of a pasted log or error line without its values: the octets of an IP address, the
 * parts of a timestamp and the small numbers of counters and versions ("HTTP/1.1", "0 0 0") are no
 * concepts of the question (the error-line matching already reads them as placeholders); numbers of
 * three digits and more (status codes, ports) stay.
 */
function lineWords(text: string): string[] {
  let s = text;
  for (const v of VALUES) s = s.replace(v, ' ');
  return words(s).filter((w) => !/^\d{1,2}$/.test(w));
}

/**
 * A release the operator names ("Istio 1.0.0", "istio 0.7.1", "upgrade from Istio 1.3.5 to 1.11.1",
 * "1.19.x", "v1.6.0", "k8s 1.14"): which version they run, not a word of the answer. Its digits as
 * concepts and the number as an identifier matched any text holding "1" and "0" or "1.0" (a port, a
 * count, another release). A number is a release when it follows the product's name, has a "v" or an
 * "x", or is the second of two joined by "to"; a bare number stays as typed ("http 1.0", "HTTP/1.1",
 * IP addresses, the VERSION column of a pasted proxy-status row, which a sample output may hold).
 */
const RELEASE = /(?<![\p{L}\p{N}._/:-])(v?)(\d+\.(?:\d+|\d*x)(?:\.(?:\d+|x))?)(?![\p{L}\p{N}_/:-]|\.[\p{L}\p{N}])/giu;
const PRODUCT = /(?:^|[^\p{L}\p{N}_])(?:istio|istioctl|kubernetes|k8s|kubectl|openshift)\s*$/iu;
const JOINED = /^\s*(?:to|and|or|-|->)\s*$/i;

function withoutReleases(text: string): string {
  let previousRelease = -1;
  return text.replace(RELEASE, (m: string, v: string, n: string, offset: number, all: string) => {
    const release =
      v !== '' || /x/i.test(n) || PRODUCT.test(all.slice(Math.max(0, offset - 24), offset)) ||
      (previousRelease >= 0 && offset - previousRelease < 8 && JOINED.test(all.slice(previousRelease, offset)));
    if (!release) return m;
    previousRelease = offset + m.length;
    return ' ';
  });
}

/**
 * At most MAX_WORDS words: a longer question (a pasted line, most often) keeps its most telling ones,
 * in their order: the words the index has in the fewest rows, then those it lacks. A cut at the first
 * MAX_WORDS dropped the end of a line, where the cause usually is ("no endpoints available for
 * service", "connection refused").
 */
function telling(distinct: string[], vocab?: Vocabulary): string[] {
  if (distinct.length <= MAX_WORDS || !vocab) return distinct.slice(0, MAX_WORDS);
  const rank = (w: string) => {
    const df = vocab.documentFrequency(w);
    return df > 0 ? df : Number.MAX_SAFE_INTEGER;
  };
  const keep = new Set([...distinct].sort((a, b) => rank(a) - rank(b)).slice(0, MAX_WORDS));
  return distinct.filter((w) => keep.has(w));
}

/**
 * The question without a chat's preamble ending in a colon ("hi, can you help me: ..."), which holds
 * no word of it: read as a log line's "prefix: message", its colon made a question with a number in
 * it a pasted error line.
 */
function withoutPreamble(text: string): string {
  const colon = text.indexOf(':');
  if (colon < 0 || colon > MAX_PREAMBLE) return text;
  const head = words(text.slice(0, colon));
  return head.length > 0 && head.every((w) => isStopword(w) || COURTESIES.has(w)) ? text.slice(colon + 1) : text;
}

const MAX_PREAMBLE = 64;

/** What the parser reads of a typed question, before any correction. */
interface Read {
  /** The question without a chat's preamble. */
  readonly text: string;
  /** `text` without the releases it names, unless nothing else is asked. */
  readonly asked: string;
  readonly errorLine: boolean;
  readonly identifiers: readonly string[];
  readonly insideIdentifier: ReadonlySet<string>;
  /** The words in order (a pasted line's without its values), a chat's courtesies left out. */
  readonly words: readonly string[];
}

function read(typedText: string): Read {
  const text = withoutPreamble(typedText);
  const errorLine = looksLikeErrorLine(text);
  // A question that is nothing but a release ("v1.6.0", "istio 1.19.x") is asked as typed.
  const stripped = withoutReleases(text);
  const asked = words(stripped).some((w) => !isStopword(w) && !COURTESIES.has(w) && w !== 'istio') ? stripped : text;
  const typed = (errorLine ? lineWords(expandContractions(asked)) : words(expandContractions(asked))).slice(0, 256);
  const idents = [...new Set(identifiers(asked))].filter((i) => !isHyphenatedMember(i)).slice(0, MAX_IDENTIFIERS);
  const insideIdentifier = new Set(idents.flatMap((i) => words(i)));
  // A chat's courtesies ("hi, ... thanks") are no part of what is asked (nor of its phrase), unless
  // nothing else is or they are part of a name ("hello-world-filter").
  const asAsked = typed.filter((w) => !COURTESIES.has(w) || insideIdentifier.has(w));
  return { text, asked, errorLine, identifiers: idents, insideIdentifier, words: asAsked.length > 0 ? asAsked : typed };
}

/**
 * The words of a question that parseQuery reads, in order, before typo corrections and completions:
 * what a store that fetches its vocabulary facts ahead (PostgreSQL) must know of them.
 */
export function readWords(typedText: string): readonly string[] {
  return read(typedText).words;
}

export function parseQuery(typedText: string, vocab?: Vocabulary): ParsedQuery {
  const { text, asked, errorLine, identifiers: idents, insideIdentifier, words: original } = read(typedText);
  const corrections: Correction[] = [];
  const typingLast = !/\s$/.test(asked);
  const corrected = original.map((w, i) => {
    if (!vocab || errorLine || isStopword(w) || insideIdentifier.has(w) || isSynonymWord(w)) return w;
    if (typingLast && i === original.length - 1 && vocab.hasWordStartingWith(w)) return w;
    const fix = correctWord(w, vocab);
    if (fix && !corrections.some((c) => c.from === w)) corrections.push({ from: w, to: fix });
    return fix ?? w;
  });
  const meaningful = corrected.filter((w) => !isStopword(w));
  const distinct = telling([...new Set(meaningful.length > 0 ? meaningful : corrected)], vocab);
  const last = corrected.at(-1);
  // Two letters are no prefix worth completing ("up" to update, upstream, upgrade): a last word of
  // two letters is nearly always whole (vs, dr, ca, up) and is searched as typed.
  const typing = last !== undefined && last.length >= 3 && !/\s$/.test(asked) && !/^\d+$/.test(last) && !isStopword(last);
  return {
    allWords: corrected.slice(0, MAX_PHRASE_WORDS * 4),
    words: distinct,
    identifiers: idents,
    expansions: expandSynonyms(corrected),
    prefix: typing ? last : null,
    corrections,
    didYouMean: corrections.length > 0 ? applyCorrections(typedText, corrections) : null,
    errorLine,
    error: errorSignature(text),
    codes: errorLine ? codesOf(text) : [],
  };
}

/** Upper-case words of two letters or more, whole (not inside an identifier or a word). */
const CODE = /(?<![\p{L}\p{N}_])[A-Z][A-Z0-9_]{1,24}(?![\p{L}\p{N}_])/gu;

function codesOf(text: string): string[] {
  return [...new Set(text.slice(0, 4000).match(CODE) ?? [])];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The user's text with each corrected word replaced, everything else as typed. */
export function applyCorrections(text: string, corrections: readonly Correction[]): string {
  let out = text.normalize('NFKC');
  for (const c of corrections) out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(c.from)}(?![\\p{L}\\p{N}])`, 'giu'), c.to);
  return out.trim();
}

export { MAX_PHRASE_WORDS, MAX_WORDS };
