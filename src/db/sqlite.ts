// Opening the SQLite file. The pragmas are SQLite specifics and stay in this folder and in the
// repositories: WAL lets readers keep answering while an ingest writes, and busy_timeout makes a
// second writer wait instead of failing at once.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export type SqliteDatabase = Database.Database;

export interface OpenOptions {
  readonly readonly?: boolean;
  /** How long a statement waits for a lock held by another connection. */
  readonly busyTimeoutMs?: number;
}

export function openSqlite(file: string, options: OpenOptions = {}): SqliteDatabase {
  if (file !== ':memory:' && !options.readonly) mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
  }
  db.pragma('foreign_keys = ON');
  return db;
}
