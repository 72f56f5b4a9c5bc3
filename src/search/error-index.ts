// Error messages of the knowledge base, normalised once per knowledge-base generation: the messages
// the ingest quoted (Entry.errorMessages) and error-looking output lines of the code snippets.
// Identical normalised messages (the same text in 20 versions) share one signature. Pure: a store
// feeds it rows (SQLite: src/repositories/search/error-index.ts).
import { errorSignature, errorSimilarity, type ErrorSignature } from './error-line.ts';

/** Snippet lines count a little less than messages the guideline quotes as the error. */
export const SNIPPET_LINE_WEIGHT = 0.85;
const ERROR_WORDS = /\b(error|errors|fail|failed|failure|failing|denied|refused|unavailable|reset|rejected|invalid|timeout|warning|critical|conflict|unknown authority|no healthy|not found)\b/i;
const MAX_LINE = 400;

interface Signature {
  readonly signature: ErrorSignature;
  readonly weight: number;
  readonly rowIds: number[];
}

/** The lines of a (non-YAML) snippet that read like error output. */
export function errorLinesOf(code: string): string[] {
  const out: string[] = [];
  for (const line of code.split('\n')) {
    const trimmed = line.trim();
    if (trimmed.length < 12 || trimmed.length > MAX_LINE || trimmed.startsWith('$') || !ERROR_WORDS.test(trimmed)) continue;
    out.push(trimmed);
  }
  return out;
}

export class ErrorIndexBuilder {
  private readonly byText = new Map<string, Signature>();

  /** A quoted message (weight 1) or snippet line (SNIPPET_LINE_WEIGHT) of a row. */
  add(rowId: number, text: string, weight: number): void {
    const signature = errorSignature(text);
    if (signature.contentWords === 0) return;
    const id = [...signature.tokens].sort().join(' ');
    const existing = this.byText.get(id);
    if (!existing) this.byText.set(id, { signature, weight, rowIds: [rowId] });
    else if (existing.weight === weight) existing.rowIds.push(rowId);
    else if (existing.weight < weight) this.byText.set(id, { signature, weight, rowIds: [rowId] });
  }

  build(): ErrorIndex {
    return new ErrorIndex([...this.byText.values()]);
  }
}

export class ErrorIndex {
  constructor(private readonly signatures: readonly Signature[]) {}

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
