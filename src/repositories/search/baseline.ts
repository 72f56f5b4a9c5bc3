// The plain BM25 baseline for the evaluation (eval/run.ts): unweighted FTS5 bm25 over the same
// entry_fts table, the query as an OR of its quoted words, nothing else (no weights, synonyms,
// phrase, prefix, typo correction or error matching). Each key once, in its newest matching version,
// as the real search does without a version.
import type { SqliteDatabase } from '../../db/sqlite.ts';
import { words } from '../../search/text.ts';
import { quote } from './fts-match.ts';

export interface BaselineHit {
  readonly key: string;
  readonly version: string;
}

export class BaselineSearch {
  private readonly all;
  private readonly inVersion;

  constructor(db: SqliteDatabase) {
    this.all = db.prepare<[string, number], BaselineHit>(`
      WITH m AS (
        SELECT e.key, v.name AS version, v.major, v.minor, bm25(entry_fts) AS rank
        FROM entry_fts JOIN "Entry" e ON e.id = entry_fts.rowid JOIN "DocVersion" v ON v.id = e.versionId
        WHERE entry_fts MATCH ?
      ), n AS (SELECT key, version, rank, row_number() OVER (PARTITION BY key ORDER BY major DESC, minor DESC) AS rn FROM m)
      SELECT key, version FROM n WHERE rn = 1 ORDER BY rank LIMIT ?`);
    this.inVersion = db.prepare<[string, string, number], BaselineHit>(`
      SELECT e.key, v.name AS version
      FROM entry_fts JOIN "Entry" e ON e.id = entry_fts.rowid JOIN "DocVersion" v ON v.id = e.versionId
      WHERE entry_fts MATCH ? AND v.name = ? ORDER BY bm25(entry_fts) LIMIT ?`);
  }

  search(text: string, version: string | null, limit: number): BaselineHit[] {
    const terms = [...new Set(words(text))].slice(0, 64);
    if (terms.length === 0) return [];
    const match = terms.map(quote).join(' OR ');
    return version ? this.inVersion.all(match, version, limit) : this.all.all(match, limit);
  }
}
