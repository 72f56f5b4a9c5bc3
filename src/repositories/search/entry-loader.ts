// Loads whole entries for search hits with two prepared statements on the better-sqlite3 handle,
// keeping Prisma (and its per-query overhead) out of the hot search path. Same record shape as
// EntryRepository.
import type { SqliteDatabase } from '../../db/sqlite.ts';
import { entryRecordsFromRows, type EntryRow, type SnippetRow } from '../entry-rows.ts';
import type { EntryRecord } from '../types.ts';

export class EntryLoader {
  private readonly entries;
  private readonly snippets;

  constructor(db: SqliteDatabase) {
    this.entries = db.prepare<[string], EntryRow>(`
      SELECT e.id, e.key, e.slug, e.title, e.url, e.level, e.position, e.paragraphs, e.symptoms, e.causes, e.fixes,
             e.errorMessages, e.commands, e.contentHash, e.updatedAt, v.name AS version, p.url AS pageUrl, p.title AS pageTitle
      FROM "Entry" e
      JOIN "DocVersion" v ON v.id = e.versionId
      JOIN "Page" p ON p.id = e.pageId
      WHERE e.id IN (SELECT value FROM json_each(?))`);
    this.snippets = db.prepare<[string], SnippetRow>(`
      SELECT entryId, language, code, kinds, parseError FROM "Snippet"
      WHERE entryId IN (SELECT value FROM json_each(?)) ORDER BY entryId, position`);
  }

  load(rowIds: readonly number[]): Map<number, EntryRecord> {
    const out = new Map<number, EntryRecord>();
    if (rowIds.length === 0) return out;
    const ids = JSON.stringify(rowIds);
    return entryRecordsFromRows(this.entries.all(ids), this.snippets.all(ids), out);
  }
}
