// The knowledge base's text is Unicode and its search functions spell characters outside ASCII as
// Unicode escapes (kb_fold, migration 20261204180000_fts5_unicode61_fold), which PostgreSQL accepts
// only in a UTF8 database. Elsewhere the migration would fail on its first such literal, or (SQL_ASCII)
// text would be stored as bytes nobody checked; the start is refused first, with the way out.
// The character type (LC_CTYPE) does not matter: the search folds and splits text itself.
import type pg from 'pg';

/** Why a database of this server encoding cannot hold the knowledge base, or null. */
export function encodingProblem(encoding: string): string | null {
  if (encoding.toUpperCase() === 'UTF8') return null;
  return (
    `the database's encoding is ${encoding || '(empty)'}, and the knowledge base needs UTF8. ` +
    "Create the database with CREATE DATABASE ... ENCODING 'UTF8' TEMPLATE template0 (or initdb -E UTF8) and point DATABASE_URL at it."
  );
}

export async function readEncodingProblem(client: Pick<pg.Client, 'query'>): Promise<string | null> {
  const { rows } = await client.query<{ server_encoding: string }>('SHOW server_encoding');
  return encodingProblem(rows[0]?.server_encoding ?? '');
}
