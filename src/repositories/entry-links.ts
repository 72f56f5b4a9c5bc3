// A light, read-only view of an existing SQLite knowledge base for `istio-kb diagnose`: the doc
// versions and the title/URL of the entries that rules link to. Plain better-sqlite3 queries, no
// Prisma client, no migrations and never a write: a missing file stays missing (the CLI then links
// to the shipped archive's index instead, see ./shipped-entry-links.ts).
import { existsSync } from 'node:fs';
import { openSqlite, type SqliteDatabase } from '../db/sqlite.ts';

export interface EntryLinkRecord {
  readonly key: string;
  readonly version: string;
  readonly title: string;
  readonly url: string;
}

export interface EntryLinkSource {
  /** Versions holding entries, newest first. */
  versions(): Promise<readonly { readonly name: string }[]>;
  /** The entry for each key in `version` when it has it, else in the newest version that has it. */
  entriesForKeys(keys: readonly string[], version: string | undefined): Promise<Map<string, EntryLinkRecord>>;
  generation(): string;
  close(): void;
}

type Row = EntryLinkRecord;

const NEWEST_FIRST = 'v.major DESC, v.minor DESC';

export class SqliteEntryLinks implements EntryLinkSource {
  private readonly versionList;
  private readonly dataVersion;

  private constructor(private readonly db: SqliteDatabase) {
    this.versionList = db.prepare<[], { name: string }>(
      `SELECT v.name AS name FROM "DocVersion" v WHERE EXISTS (SELECT 1 FROM "Entry" e WHERE e."versionId" = v.id) ORDER BY ${NEWEST_FIRST}`,
    );
    this.dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
  }

  /** Null when there is no knowledge base at `file` (or it has never been migrated). */
  static open(file: string): SqliteEntryLinks | null {
    if (file === ':memory:' || !existsSync(file)) return null;
    const db = openSqlite(file, { readonly: true });
    try {
      const tables = db.prepare<[], number>(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('DocVersion', 'Entry')`).pluck().get();
      if (tables !== 2) {
        db.close();
        return null;
      }
      return new SqliteEntryLinks(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  async versions(): Promise<readonly { readonly name: string }[]> {
    return this.versionList.all();
  }

  async entriesForKeys(keys: readonly string[], version: string | undefined): Promise<Map<string, EntryLinkRecord>> {
    const unique = [...new Set(keys)];
    const found = new Map<string, EntryLinkRecord>();
    if (unique.length === 0) return found;
    const marks = unique.map(() => '?').join(', ');
    if (version) {
      const rows = this.db
        .prepare<unknown[], Row>(
          `SELECT e.key AS key, v.name AS version, e.title AS title, e.url AS url FROM "Entry" e JOIN "DocVersion" v ON v.id = e."versionId"
           WHERE v.name = ? AND e.key IN (${marks}) ORDER BY e.position`,
        )
        .all(version, ...unique);
      for (const r of rows) if (!found.has(r.key)) found.set(r.key, r);
    }
    const missing = unique.filter((k) => !found.has(k));
    if (missing.length > 0) {
      const rows = this.db
        .prepare<unknown[], Row>(
          `SELECT e.key AS key, v.name AS version, e.title AS title, e.url AS url FROM "Entry" e JOIN "DocVersion" v ON v.id = e."versionId"
           WHERE e.key IN (${missing.map(() => '?').join(', ')}) ORDER BY ${NEWEST_FIRST}, e.position`,
        )
        .all(...missing);
      for (const r of rows) if (!found.has(r.key)) found.set(r.key, r);
    }
    return found;
  }

  /** Every entry as [version, title, url] by key, newest version first, keys sorted. */
  allEntries(): Record<string, [string, string, string][]> {
    const rows = this.db
      .prepare<[], Row>(
        `SELECT e.key AS key, v.name AS version, e.title AS title, e.url AS url FROM "Entry" e JOIN "DocVersion" v ON v.id = e."versionId"
         ORDER BY e.key, ${NEWEST_FIRST}, e.position`,
      )
      .all();
    const out: Record<string, [string, string, string][]> = {};
    for (const r of rows) (out[r.key] ??= []).push([r.version, r.title, r.url]);
    return out;
  }

  generation(): string {
    return String(this.dataVersion.get() ?? 0);
  }

  close(): void {
    this.db.close();
  }
}
