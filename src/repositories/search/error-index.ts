// Loads the error index (src/search/error-index.ts): quoted messages of every entry and the
// error-looking lines of its non-YAML snippets. The rows come from either store.
import type { SqliteDatabase } from '../../db/sqlite.ts';
import { ErrorIndexBuilder, OUTPUT_LINE_WEIGHT, SNIPPET_LINE_WEIGHT, definedCodes, errorLinesOf, outputLinesOf, type ErrorIndex } from '../../search/error-index.ts';
import { parseStringArray } from '../json.ts';

export interface ErrorMessageRow {
  readonly id: number;
  /** JSON array of the entry's quoted messages. */
  readonly errorMessages: string;
}

export interface ErrorSnippetRow {
  readonly entryId: number;
  readonly code: string;
}

/** An entry's paragraphs (JSON array), read for the codes it defines. */
export interface DefinitionRow {
  readonly id: number;
  readonly paragraphs: string;
}

export function errorIndexOf(messages: Iterable<ErrorMessageRow>, snippets: Iterable<ErrorSnippetRow>, paragraphs: Iterable<DefinitionRow> = []): ErrorIndex {
  const builder = new ErrorIndexBuilder();
  for (const row of paragraphs) for (const code of definedCodes(parseStringArray(row.paragraphs))) builder.addDefinition(row.id, code);
  for (const row of messages) for (const m of parseStringArray(row.errorMessages)) builder.add(row.id, m, 1);
  // A snippet is shown in many versions: its lines are split out once per distinct text.
  const linesOf = new Map<string, { readonly errors: string[]; readonly outputs: string[] }>();
  for (const row of snippets) {
    let lines = linesOf.get(row.code);
    if (!lines) linesOf.set(row.code, (lines = { errors: errorLinesOf(row.code), outputs: outputLinesOf(row.code) }));
    for (const line of lines.errors) builder.add(row.entryId, line, SNIPPET_LINE_WEIGHT);
    for (const line of lines.outputs) builder.add(row.entryId, line, OUTPUT_LINE_WEIGHT, true);
  }
  return builder.build();
}

export function loadErrorIndex(db: SqliteDatabase): ErrorIndex {
  const messages = db.prepare<[], ErrorMessageRow>(`SELECT id, errorMessages FROM "Entry" WHERE errorMessages <> '[]'`);
  const snippets = db.prepare<[], ErrorSnippetRow>(`SELECT entryId, code FROM "Snippet" WHERE language <> 'yaml'`);
  // Only paragraphs that may define a code: an upper-case word and a colon.
  const paragraphs = db.prepare<[], DefinitionRow>(`SELECT id, paragraphs FROM "Entry" WHERE paragraphs GLOB '*[A-Z]:*'`);
  // Each statement runs when its rows are read (one open iterator at a time on the connection).
  return errorIndexOf({ [Symbol.iterator]: () => messages.iterate() }, { [Symbol.iterator]: () => snippets.iterate() }, { [Symbol.iterator]: () => paragraphs.iterate() });
}
