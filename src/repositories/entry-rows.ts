// The raw rows the search paths read without Prisma (SQLite statements, pg queries), turned into
// the EntryRecord every repository answers: one mapping, so the two stores cannot drift apart.
import { parseStringArray } from './json.ts';
import type { EntryRecord, SnippetRecord } from './types.ts';

export interface EntryRow {
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
  /** An ISO string or epoch milliseconds, as the driver gives it. */
  updatedAt: string | number;
  version: string;
  pageUrl: string;
  pageTitle: string;
}

export interface SnippetRow {
  entryId: number;
  language: string;
  code: string;
  kinds: string;
  parseError: string | null;
}

/** Entries by row id, each with its snippets in the order given. */
export function entryRecordsFromRows(entries: Iterable<EntryRow>, snippetRows: Iterable<SnippetRow>, into = new Map<number, EntryRecord>()): Map<number, EntryRecord> {
  const snippets = new Map<number, SnippetRecord[]>();
  for (const s of snippetRows) {
    const list = snippets.get(s.entryId) ?? [];
    list.push({ language: s.language, code: s.code, kinds: parseStringArray(s.kinds), parseError: s.parseError });
    snippets.set(s.entryId, list);
  }
  for (const r of entries) {
    into.set(r.id, {
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
  return into;
}
