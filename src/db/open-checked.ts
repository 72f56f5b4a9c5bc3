// Opening the knowledge base at start-up: a file that is not a SQLite database, or is damaged,
// stops the process with a message naming the file, and is left exactly as it was; nothing is
// recreated over it.
import { existsSync } from 'node:fs';
import { migrate, MigrationError } from './migrate.ts';
import { explainNativeModuleFailure } from './native.ts';
import { openSqlite, type SqliteDatabase } from './sqlite.ts';

export class DatabaseStartupError extends Error {
  override readonly name = 'DatabaseStartupError';
}

/**
 * The check reads every page once; through a memory map it takes half the time (the shipped
 * archive's 17 MB: about 150 -> 75 ms of every start and one-shot CLI call). The map is dropped
 * after the check, so that later reads see an I/O error as an error code, never as a SIGBUS.
 */
const CHECK_MMAP_BYTES = 1 << 30;

const HINT = 'The file was left untouched. Restore it from a backup, or point DATABASE_URL at another file (a missing file is created).';

export function openKnowledgeBase(file: string): { db: SqliteDatabase; created: boolean } {
  const created = file === ':memory:' || !existsSync(file);
  let db: SqliteDatabase;
  try {
    db = openSqlite(file);
  } catch (error) {
    throw explain(file, error);
  }
  try {
    db.pragma(`mmap_size = ${CHECK_MMAP_BYTES}`);
    const check = db.pragma('quick_check', { simple: true });
    db.pragma('mmap_size = 0');
    if (check !== 'ok') throw new DatabaseStartupError(`The knowledge base ${file} is damaged (quick_check: ${String(check)}). ${HINT}`);
    migrate(db);
    return { db, created };
  } catch (error) {
    db.close();
    throw explain(file, error);
  }
}

function explain(file: string, error: unknown): DatabaseStartupError {
  if (error instanceof DatabaseStartupError) return error;
  // The file was never reached: the advice to restore it would send the operator the wrong way.
  const native = explainNativeModuleFailure(error);
  if (native) return new DatabaseStartupError(`Cannot open the knowledge base ${file}: ${native}`, { cause: error });
  const code = (error as { code?: string }).code;
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new DatabaseStartupError(`${file} is not a SQLite database or is damaged (${code}). ${HINT}`, { cause: error });
  }
  if (error instanceof MigrationError) return new DatabaseStartupError(`Cannot migrate the knowledge base ${file}: ${error.message}`, { cause: error });
  return new DatabaseStartupError(`Cannot open the knowledge base ${file}: ${(error as Error).message}. ${HINT}`, { cause: error });
}
