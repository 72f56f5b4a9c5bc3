// Loads whole entries for search hits with two prepared statements on the better-sqlite3 handle,
// keeping Prisma (and its per-query overhead) out of the hot search path. Same record shape as
// EntryRepository.
import type { SqliteDatabase } from '../../db/sqlite.ts';
import { parseStringArray } from '../json.ts';
import type { EntryRecord, SnippetRecord } from '../types.ts';

interface EntryRow {
  id: number;
  key: string;
  slug: string;
  title: string;
  url: string;
  level: number;
  position: number;
  paragraphs: string;
  symptoms: string;
  causes: string;
  fixes: string;
  errorMessages: string;
  commands: string;
  contentHash: string;
  updatedAt: string | number;
  version: string;
  pageUrl: string;
  pageTitle: string;
}

interface SnippetRow {
  entryId: number;
  language: string;
  code: string;
  kinds: string;
  parseError: string | null;
}

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
    const snippets = new Map<number, SnippetRecord[]>();
    for (const s of this.snippets.all(ids)) {
      const list = snippets.get(s.entryId) ?? [];
      list.push({ language: s.language, code: s.code, kinds: parseStringArray(s.kinds), parseError: s.parseError });
      snippets.set(s.entryId, list);
    }
    for (const r of this.entries.all(ids)) {
      out.set(r.id, {
        rowId: r.id,
        key: r.key,
        slug: r.slug,
        version: r.version,
        title: r.title,
        url: r.url,
        pageUrl: r.pageUrl,
        pageTitle: r.pageTitle,
        level: r.level,
        position: r.position,
        paragraphs: parseStringArray(r.paragraphs),
        symptoms: parseStringArray(r.symptoms),
        causes: parseStringArray(r.causes),
        fixes: parseStringArray(r.fixes),
        errorMessages: parseStringArray(r.errorMessages),
        commands: parseStringArray(r.commands),
        snippets: snippets.get(r.id) ?? [],
        contentHash: r.contentHash,
        updatedAt: new Date(r.updatedAt),
      });
    }
    return out;
  }
}
