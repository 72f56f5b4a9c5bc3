// What SQLite's FTS5 makes of words, for the tests that hold PostgreSQL's index to it
// (test/postgres/stems.test.ts, test/postgres/fold.test.ts).
import { readFileSync } from 'node:fs';
import { words } from '../../src/search/text.ts';

export { fts5Terms } from '../../scripts/fts5-terms.ts';

/** entry_fts's tokenizer (prisma/migrations/20261126000000_init). */
export const FTS5_PORTER = 'porter unicode61 remove_diacritics 2';
/** entry_terms' tokenizer (prisma/migrations/20261127000000_search). */
export const FTS5_TERMS = "unicode61 remove_diacritics 2 tokenchars '_-./'";

/** The words of the judged queries and the project's own prose (as `words` reads them). */
export function corpusWords(): string[] {
  const texts = [
    ...JSON.parse(readFileSync('eval/queries.json', 'utf8')).queries.map((q: { q: string }) => q.q),
    readFileSync('README.md', 'utf8'),
    readFileSync('DEVELOPERS.md', 'utf8'),
  ];
  return [...new Set(texts.flatMap((t: string) => words(t)))];
}
