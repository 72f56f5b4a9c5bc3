// What SQLite's FTS5 makes of words, for the tests that hold PostgreSQL's index to it
// (test/postgres/stems.test.ts, test/postgres/fold.test.ts).
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { words } from '../../src/search/text.ts';

/** entry_fts's tokenizer (prisma/migrations/20261126000000_init). */
export const FTS5_PORTER = 'porter unicode61 remove_diacritics 2';
/** entry_terms' tokenizer (prisma/migrations/20261127000000_search). */
export const FTS5_TERMS = "unicode61 remove_diacritics 2 tokenchars '_-./'";

/** FTS5's terms of each word, in order (one row per word, read back through fts5vocab). */
export function fts5Terms(ws: readonly string[], tokenize: string): string[][] {
  const db = new Database(':memory:');
  try {
    db.exec(`CREATE VIRTUAL TABLE t USING fts5(x, tokenize = "${tokenize.replace(/"/g, '""')}");
             CREATE VIRTUAL TABLE v USING fts5vocab('t', 'instance');`);
    const insert = db.prepare('INSERT INTO t (rowid, x) VALUES (?, ?)');
    db.transaction(() => ws.forEach((w, i) => insert.run(i + 1, w)))();
    const out = ws.map((): string[] => []);
    for (const r of db.prepare<[], { doc: number; term: string }>('SELECT doc, term FROM v ORDER BY doc, "offset"').iterate()) out[r.doc - 1]?.push(r.term);
    return out;
  } finally {
    db.close();
  }
}

/** The words of the judged queries and the project's own prose (as `words` reads them). */
export function corpusWords(): string[] {
  const texts = [
    ...JSON.parse(readFileSync('eval/queries.json', 'utf8')).queries.map((q: { q: string }) => q.q),
    readFileSync('README.md', 'utf8'),
    readFileSync('DEVELOPERS.md', 'utf8'),
  ];
  return [...new Set(texts.flatMap((t: string) => words(t)))];
}
