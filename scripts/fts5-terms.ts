// What SQLite's FTS5 makes of words: one row per word, its terms read back through fts5vocab. Shared
// by scripts/fts5-fold-table.ts (which derives PostgreSQL's fold from it) and the tests that hold
// PostgreSQL's index to FTS5 (test/support/fts5.ts).
import Database from 'better-sqlite3';

/** FTS5's terms of each word under `tokenize`, in order. */
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
