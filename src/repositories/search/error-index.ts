// Loads the error index (src/search/error-index.ts) from SQLite: quoted messages of every entry and
// the error-looking lines of its non-YAML snippets.
import type { SqliteDatabase } from '../../db/sqlite.ts';
import { ErrorIndexBuilder, SNIPPET_LINE_WEIGHT, errorLinesOf, type ErrorIndex } from '../../search/error-index.ts';
import { parseStringArray } from '../json.ts';

export function loadErrorIndex(db: SqliteDatabase): ErrorIndex {
  const builder = new ErrorIndexBuilder();
  const messages = db.prepare<[], { id: number; errorMessages: string }>(`SELECT id, errorMessages FROM "Entry" WHERE errorMessages <> '[]'`);
  for (const row of messages.iterate()) for (const m of parseStringArray(row.errorMessages)) builder.add(row.id, m, 1);
  const snippets = db.prepare<[], { entryId: number; code: string }>(`SELECT entryId, code FROM "Snippet" WHERE language <> 'yaml'`);
  for (const row of snippets.iterate()) for (const line of errorLinesOf(row.code)) builder.add(row.entryId, line, SNIPPET_LINE_WEIGHT);
  return builder.build();
}
