// Typo correction against the index vocabulary: a word the index does not know is replaced by the
// closest known word (bounded edit distance; ties go to the word in more documents). Thresholds
// follow Meilisearch: no correction under 5 letters, 1 edit up to 7 letters, 2 edits from 8.
import { editDistance } from './edit-distance.ts';
import { isCommonEnglishWord } from './english.ts';
import { Lru } from '../support/lru.ts';

export interface Vocabulary {
  /** Document frequency of a surface word, 0 when unknown. */
  documentFrequency(word: string): number;
  /** Whether the (stemmed) full-text index has the word: "listens" is no typo when "listening" is indexed. */
  indexHas?(word: string): boolean;
  /** Known words of exactly this length. */
  wordsOfLength(length: number): readonly string[];
  /**
   * Known words that may be within `maxEdits` of `word`: any superset of them (the choice below
   * measures each). Without it, every known word of a length in reach is measured.
   */
  candidatesNear?(word: string, maxEdits: number): readonly string[];
  /** Whether some known word starts with this prefix (a half-typed last word is not a typo). */
  hasWordStartingWith(prefix: string): boolean;
  /** Up to `limit` known words starting with `prefix`, most documents first. */
  completions?(prefix: string, limit: number): readonly string[];
  /** Whether the word occurs in the index at all (numbers and ids included); undefined: unknown. */
  hasWord?(word: string): boolean;
  /** Rows (entries) in the index; undefined: unknown (every known word may then be a correction). */
  readonly rows?: number;
}

export function maxEdits(word: string): number {
  if (word.length < 5) return 0;
  return word.length >= 8 ? 2 : 1;
}

/**
 * A correction must be a word of at least this share of the index's rows. An operator's typo is of a
 * word the docs use (destination, sidecar, headless: tens of rows of the 1,263 of the archive); a word
 * the index does not know that is one edit from a word of a few rows is far more often a real word the
 * docs do not use ("clock" is no typo of "click", 3 rows; "polling" none of "rolling", 2). A share, not
 * a count, so that a small knowledge base still corrects to its words. 5, 10 and 20 rows of the
 * archive measured the same (eval/README.md).
 */
const MIN_CORRECTION_SHARE = 1 / 250;

/** Corrections already computed, per vocabulary object (a store keeps one per knowledge-base generation). */
const memo = new WeakMap<Vocabulary, Lru<string, string | null>>();
const MEMO_WORDS = 20_000;

/** The correction for one unknown word, or null when it is known, too short, or nothing is close. */
export function correctWord(word: string, vocab: Vocabulary): string | null {
  if (/\d/.test(word) || vocab.documentFrequency(word) > 0) return null;
  let known = memo.get(vocab);
  if (!known) memo.set(vocab, (known = new Lru(MEMO_WORDS)));
  const cached = known.get(word);
  if (cached !== undefined) return cached;
  const fix = closestWord(word, vocab);
  known.set(word, fix);
  return fix;
}

function closestWord(word: string, vocab: Vocabulary): string | null {
  const max = maxEdits(word);
  if (max === 0 || vocab.indexHas?.(word)) return null;
  const minRows = (vocab.rows ?? 0) * MIN_CORRECTION_SHARE;
  // A real word the docs do not use ("gives", "wrote", "greeting") is what the operator meant, unless
  // it is the likeliest slip away from a word they do use ("loosing" for "losing").
  const english = isCommonEnglishWord(word);
  let best: { word: string; distance: number; likely: number; df: number } | null = null;
  // The choice is a total order (distance, how typing slips, documents, the word): the order of
  // candidates does not matter.
  const lists = vocab.candidatesNear
    ? [vocab.candidatesNear(word, max)]
    : Array.from({ length: 2 * max + 1 }, (_, i) => vocab.wordsOfLength(word.length - max + i));
  for (const list of lists) {
    for (const candidate of list) {
      // Short words: a wrong first letter is more likely a different word than a typo.
      if (word.length < 6 && candidate[0] !== word[0]) continue;
      const distance = editDistance(word, candidate, max);
      if (distance > max) continue;
      const df = vocab.documentFrequency(candidate);
      if (df < minRows) continue;
      const likely = slipRank(word, candidate);
      if (english && (distance > 1 || likely > 0)) continue;
      if (
        !best ||
        distance < best.distance ||
        (distance === best.distance && (likely < best.likely || (likely === best.likely && (df > best.df || (df === best.df && candidate < best.word)))))
      ) {
        best = { word: candidate, distance, likely, df };
      }
    }
  }
  if (!best) return null;
  // The typist more likely meant an English word the docs do not use, one likeliest slip away
  // ("scalling": scaling, not calling; "stoped": stopped, not scoped), than a docs word a less likely
  // edit away. Leaving the word as typed costs its weight; a wrong word costs the ranking.
  if (best.likely > 0 && likeliestSlips(word).some((w) => w !== best.word && isCommonEnglishWord(w))) return null;
  return best.word;
}

const VOWEL = /[aeiouy]/;

/** The words `word` is one likeliest slip from (slipRank 0): a letter undoubled or doubled, a vowel put back, neighbours swapped. */
export function likeliestSlips(word: string): string[] {
  const out: string[] = [];
  for (let i = 1; i < word.length; i++) {
    if (word[i] === word[i - 1]) out.push(word.slice(0, i) + word.slice(i + 1));
    out.push(word.slice(0, i - 1) + (word[i] ?? '') + (word[i - 1] ?? '') + word.slice(i + 1));
  }
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i + 1) + (word[i] ?? '') + word.slice(i + 1));
  for (let i = 1; i <= word.length; i++) for (const v of 'aeiouy') out.push(word.slice(0, i) + v + word.slice(i));
  return out;
}

/**
 * How a typist gets from `candidate` to `word`, likeliest first: 0 a letter doubled or undoubled
 * ("scalling", "stoped"), a vowel left out ("configuraton", "secnd") or two neighbours swapped
 * ("enovy"); 1 any other edit; 2 a different first letter. Among corrections as near as each other
 * the likeliest slip wins over the more common word ("loosing" is "losing", not "looking").
 */
export function slipRank(word: string, candidate: string): number {
  if (word[0] !== candidate[0]) return 2;
  if (word.length === candidate.length) {
    const i = firstDifference(word, candidate);
    return word[i] === candidate[i + 1] && word[i + 1] === candidate[i] && word.slice(i + 2) === candidate.slice(i + 2) ? 0 : 1;
  }
  const [long, short] = word.length > candidate.length ? [word, candidate] : [candidate, word];
  if (long.length !== short.length + 1) return 1;
  const i = firstDifference(long, short);
  if (long.slice(i + 1) !== short.slice(i)) return 1;
  const extra = long[i] ?? '';
  const doubled = extra === long[i - 1] || extra === long[i + 1];
  // A vowel the typist left out: the candidate is the longer one.
  const vowelDropped = long === candidate && VOWEL.test(extra);
  return doubled || vowelDropped ? 0 : 1;
}

function firstDifference(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
