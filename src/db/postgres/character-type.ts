// The database's character type decides which characters PostgreSQL's word classes ([[:alnum:]] in
// kb_words, the text-search parser) call letters. Under a non-UTF-8 LC_CTYPE (C, POSIX) they know
// only ASCII: words in other scripts are dropped from the index and from questions, where the
// embedded SQLite store (FTS5's unicode61) keeps them. The knowledge base still works in ASCII, so
// this is a start-up warning, not a refusal.
import type pg from 'pg';

/** The warning for a database whose LC_CTYPE is not UTF-8, or null. */
export function characterTypeWarning(ctype: string): string | null {
  if (/utf-?8/i.test(ctype)) return null;
  return (
    `the knowledge base's database has LC_CTYPE=${ctype || '(empty)'}: PostgreSQL then treats only ASCII letters as letters, ` +
    'so words in other scripts (Chinese, Cyrillic, Greek, ...) are left out of the index and of questions (the SQLite store keeps them). ' +
    "Create the database with a UTF-8 character type (CREATE DATABASE ... TEMPLATE template0 LC_CTYPE 'C.UTF-8', or initdb --lc-ctype=C.UTF-8)."
  );
}

/**
 * Reads the database's LC_CTYPE and returns its warning. The read is advice about a database that
 * works either way, so its own failure is a warning too, never a reason to refuse the start.
 */
export async function readCharacterTypeWarning(client: Pick<pg.Client, 'query'>): Promise<string | null> {
  let ctype: string;
  try {
    const { rows } = await client.query<{ lc_ctype: string }>('SHOW lc_ctype');
    ctype = rows[0]?.lc_ctype ?? '';
  } catch (error) {
    return `could not read the knowledge base's LC_CTYPE (${(error as Error).message}); words outside ASCII are indexed only under a UTF-8 character type`;
  }
  return characterTypeWarning(ctype);
}
