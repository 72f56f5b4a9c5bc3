// Error messages of the knowledge base, normalised once per database generation: the messages the
// ingest quoted (Entry.errorMessages) and error-looking output lines of the code snippets. Identical
// normalised messages (the same text in 20 versions) share one signature.
import type { SqliteDatabase } from '../../db/sqlite.ts';
import { errorSignature, errorSimilarity, type ErrorSignature } from '../../search/error-line.ts';
import { parseStringArray } from '../json.ts';

/** Snippet lines count a little less than messages the guideline quotes as the error. */
const SNIPPET_LINE_WEIGHT = 0.85;
const ERROR_WORDS = /\b(error|errors|fail|failed|failure|failing|denied|refused|unavailable|reset|rejected|invalid|timeout|warning|critical|conflict|unknown authority|no healthy|not found)\b/i;
const MAX_LINE = 400;

interface Signature {
  readonly signature: ErrorSignature;
  readonly weight: number;
  readonly rowIds: number[];
}

export class ErrorIndex {
  private constructor(private readonly signatures: readonly Signature[]) {}

  static load(db: SqliteDatabase): ErrorIndex {
    return ErrorIndex.fromRows(
      db.prepare<[], { id: number; errorMessages: string }>(`SELECT id, errorMessages FROM "Entry" WHERE errorMessages <> '[]'`).iterate(),
      db.prepare<[], { entryId: number; code: string }>(`SELECT entryId, code FROM "Snippet" WHERE language <> 'yaml'`).iterate(),
    );
  }

  /** From the entries' quoted messages and their non-YAML snippets, whatever the store. */
  static fromRows(messages: Iterable<{ id: number; errorMessages: string }>, snippets: Iterable<{ entryId: number; code: string }>): ErrorIndex {
    const byText = new Map<string, Signature>();
    const add = (rowId: number, text: string, weight: number) => {
      const signature = errorSignature(text);
      if (signature.contentWords === 0) return;
      const id = [...signature.tokens].sort().join(' ');
      const existing = byText.get(id);
      if (!existing) byText.set(id, { signature, weight, rowIds: [rowId] });
      else if (existing.weight === weight) existing.rowIds.push(rowId);
      else if (existing.weight < weight) byText.set(id, { signature, weight, rowIds: [rowId] });
    };
    for (const row of messages) for (const m of parseStringArray(row.errorMessages)) add(row.id, m, 1);
    for (const row of snippets) {
      for (const line of row.code.split('\n')) {
        const trimmed = line.trim();
        if (trimmed.length < 12 || trimmed.length > MAX_LINE || trimmed.startsWith('$') || !ERROR_WORDS.test(trimmed)) continue;
        add(row.entryId, trimmed, SNIPPET_LINE_WEIGHT);
      }
    }
    return new ErrorIndex([...byText.values()]);
  }

  /** Best similarity (0..1, weighted) per entry row for the query's error signature; rows below `min` are left out. */
  match(query: ErrorSignature, min: number): Map<number, number> {
    const out = new Map<number, number>();
    if (query.contentWords === 0) return out;
    for (const s of this.signatures) {
      const sim = errorSimilarity(query, s.signature) * s.weight;
      if (sim < min) continue;
      for (const id of s.rowIds) if ((out.get(id) ?? 0) < sim) out.set(id, sim);
    }
    return out;
  }

  get size(): number {
    return this.signatures.length;
  }
}
