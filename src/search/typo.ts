// Typo correction against the index vocabulary: a word the index does not know is replaced by the
// closest known word (bounded edit distance; ties go to the word in more documents). Thresholds
// follow Meilisearch: no correction under 5 letters, 1 edit up to 7 letters, 2 edits from 8.
import { editDistance } from './edit-distance.ts';

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
const memo = new WeakMap<Vocabulary, Map<string, string | null>>();
const MEMO_WORDS = 20_000;

/** The correction for one unknown word, or null when it is known, too short, or nothing is close. */
export function correctWord(word: string, vocab: Vocabulary): string | null {
  if (/\d/.test(word) || vocab.documentFrequency(word) > 0) return null;
  let known = memo.get(vocab);
  if (!known) memo.set(vocab, (known = new Map()));
  const cached = known.get(word);
  if (cached !== undefined) return cached;
  const fix = closestWord(word, vocab);
  if (known.size >= MEMO_WORDS) known.clear();
  known.set(word, fix);
  return fix;
}

function closestWord(word: string, vocab: Vocabulary): string | null {
  const max = maxEdits(word);
  if (max === 0 || vocab.indexHas?.(word)) return null;
  const minRows = (vocab.rows ?? 0) * MIN_CORRECTION_SHARE;
  let best: { word: string; distance: number; df: number } | null = null;
  // The choice is a total order (distance, documents, the word): the order of candidates does not matter.
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
      if (!best || distance < best.distance || (distance === best.distance && (df > best.df || (df === best.df && candidate < best.word)))) {
        best = { word: candidate, distance, df };
      }
    }
  }
  return best?.word ?? null;
}
