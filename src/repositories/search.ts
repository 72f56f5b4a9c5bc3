// Full-text search on SQLite FTS5. This file holds the dialect specifics (MATCH, bm25, snippet);
// a PostgreSQL store would implement the same interface with tsvector/ts_rank.
import type { SqliteDatabase } from '../db/sqlite.ts';
import { buildFtsQuery } from './fts-query.ts';
import type { SearchHitRecord, SearchPage, SearchParams } from './types.ts';

export interface SearchRepository {
  search(params: SearchParams): SearchPage;
}

/** Column weights in the order of the entry_fts columns: title and error messages first, code last. */
const WEIGHTS = { title: 10, error_messages: 6, symptoms: 4, causes: 2, fixes: 2, body: 1, code: 0.5 } as const;
const BM25 = `bm25(entry_fts, ${Object.values(WEIGHTS).join(', ')})`;

interface RankedRow {
  id: number;
  rank: number;
  total: number;
}

interface DetailRow {
  id: number;
  key: string;
  slug: string;
  title: string;
  url: string;
  version: string;
  snip: string | null;
}

export class SqliteSearchRepository implements SearchRepository {
  private readonly rankAll;
  private readonly rankVersion;
  private readonly details;

  constructor(db: SqliteDatabase) {
    // Without a version each key appears once, in its newest matching version.
    this.rankAll = db.prepare<[string, number, number], RankedRow>(`
      WITH matches AS (
        SELECT e.id, e.key, v.major, v.minor, ${BM25} AS rank
        FROM entry_fts
        JOIN "Entry" e ON e.id = entry_fts.rowid
        JOIN "DocVersion" v ON v.id = e.versionId
        WHERE entry_fts MATCH ?
      ), newest AS (
        SELECT id, rank, row_number() OVER (PARTITION BY key ORDER BY major DESC, minor DESC) AS rn FROM matches
      )
      SELECT id, rank, count(*) OVER () AS total FROM newest WHERE rn = 1
      ORDER BY rank, id LIMIT ? OFFSET ?`);
    // bm25() cannot share a SELECT with a window function, hence the CTE.
    this.rankVersion = db.prepare<[string, string, number, number], RankedRow>(`
      WITH matches AS (
        SELECT e.id, ${BM25} AS rank
        FROM entry_fts
        JOIN "Entry" e ON e.id = entry_fts.rowid
        JOIN "DocVersion" v ON v.id = e.versionId
        WHERE entry_fts MATCH ? AND v.name = ?
      )
      SELECT id, rank, count(*) OVER () AS total FROM matches
      ORDER BY rank, id LIMIT ? OFFSET ?`);
    this.details = db.prepare<[string, string], DetailRow>(`
      SELECT e.id, e.key, e.slug, e.title, e.url, v.name AS version,
             snippet(entry_fts, -1, '<mark>', '</mark>', '…', 16) AS snip
      FROM entry_fts
      JOIN "Entry" e ON e.id = entry_fts.rowid
      JOIN "DocVersion" v ON v.id = e.versionId
      WHERE entry_fts MATCH ? AND entry_fts.rowid IN (SELECT value FROM json_each(?))`);
  }

  search(params: SearchParams): SearchPage {
    const query = buildFtsQuery(params.text);
    if (!query || params.limit <= 0) return { total: 0, hits: [] };
    const ranked = params.version
      ? this.rankVersion.all(query.match, params.version, params.limit, params.offset)
      : this.rankAll.all(query.match, params.limit, params.offset);
    if (ranked.length === 0) return { total: 0, hits: [] };
    const details = new Map(this.details.all(query.match, JSON.stringify(ranked.map((r) => r.id))).map((d) => [d.id, d]));
    const hits: SearchHitRecord[] = [];
    for (const r of ranked) {
      const d = details.get(r.id);
      if (!d) continue;
      hits.push({
        rowId: d.id,
        key: d.key,
        slug: d.slug,
        version: d.version,
        title: d.title,
        url: d.url,
        score: Math.round(-r.rank * 1000) / 1000,
        highlights: d.snip ? [d.snip] : [],
      });
    }
    return { total: ranked[0]?.total ?? 0, hits };
  }
}
