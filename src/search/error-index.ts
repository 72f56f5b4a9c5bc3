// Error messages of the knowledge base, normalised once per knowledge-base generation: the messages
// the ingest quoted (Entry.errorMessages) and error-looking output lines of the code snippets.
// Identical normalised messages (the same text in 20 versions) share one signature. Pure: a store
// feeds it rows (SQLite: src/repositories/search/error-index.ts).
import { errorSignature, errorSimilarity, isContentToken, type ErrorSignature } from './error-line.ts';

/** Snippet lines count a little less than messages the guideline quotes as the error. */
export const SNIPPET_LINE_WEIGHT = 0.85;
/**
 * Other lines of a command's sample output (a `proxy-config secret` row, istiod's authorization
 * debug line) count less again, and only for a pasted line: what an operator pastes is often the
 * output the guideline shows, not an error.
 */
export const OUTPUT_LINE_WEIGHT = 0.7;
/**
 * A code a guideline defines ("NR: No route configured, check your DestinationRule", Envoy's
 * response flags and gRPC statuses) explains a pasted line that holds it: as much as a snippet line
 * that matches well. The definition shares no other word with the line, so similarity cannot find it.
 */
export const DEFINITION_WEIGHT = 0.5;
const DEFINITION = /^([A-Z][A-Z0-9_]{1,24}):\s+\S/;
/**
 * An output line is matched on at least this many of its words (not values), one more than a quoted
 * message needs: lines of one format share three of theirs ("GET", "HTTP", "curl" of two access-log
 * lines with other status codes and flags).
 */
const OUTPUT_LINE_WORDS = 4;
const ERROR_WORDS = /\b(error|errors|fail|failed|failure|failing|denied|refused|unavailable|reset|rejected|invalid|timeout|warning|critical|conflict|unknown authority|no healthy|not found)\b/i;
const MAX_LINE = 400;

interface Signature {
  readonly signature: ErrorSignature;
  readonly weight: number;
  readonly rowIds: number[];
  /** Matched only against a pasted line (an output line, not an error). */
  readonly pastedOnly: boolean;
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

/** The other output lines of a (non-YAML) snippet: not commands, not error-looking (errorLinesOf has those). */
export function outputLinesOf(code: string): string[] {
  const out: string[] = [];
  for (const line of code.split('\n')) {
    const trimmed = line.trim();
    if (trimmed.length < 12 || trimmed.length > MAX_LINE || /^[$#]/.test(trimmed) || ERROR_WORDS.test(trimmed)) continue;
    out.push(trimmed);
  }
  return out;
}

/**
 * The codes a guideline's paragraphs define, each at the start of its paragraph ("UO: Upstream
 * overflow ..."), in a list of at least two such paragraphs in a row: a single "NOTE: ..." or
 * "WARNING: ..." is an admonition, not a definition.
 */
export function definedCodes(paragraphs: readonly string[]): string[] {
  const out: string[] = [];
  let run: string[] = [];
  const endRun = () => {
    if (run.length >= 2) for (const code of run) if (!out.includes(code)) out.push(code);
    run = [];
  };
  for (const p of paragraphs) {
    const code = DEFINITION.exec(p.trim())?.[1];
    if (code) run.push(code);
    else endRun();
  }
  endRun();
  return out;
}

export class ErrorIndexBuilder {
  private readonly byText = new Map<string, Signature>();
  private readonly definitions = new Map<string, number[]>();
  /**
   * Signatures by raw text, with their identity: the same message is quoted in up to 27 versions
   * (12,405 lines, 867 distinct texts on the shipped archive), and normalising each once is most of
   * the index's build, paid by every one-shot CLI search.
   */
  private readonly seen = new Map<string, { readonly signature: ErrorSignature; readonly id: string }>();

  /** A code the row defines (definedCodes). */
  addDefinition(rowId: number, code: string): void {
    const rows = this.definitions.get(code);
    if (rows) rows.push(rowId);
    else this.definitions.set(code, [rowId]);
  }

  /** A quoted message (weight 1), snippet line (SNIPPET_LINE_WEIGHT) or output line (OUTPUT_LINE_WEIGHT, `pastedOnly`) of a row. */
  add(rowId: number, text: string, weight: number, pastedOnly = false): void {
    const { signature, id } = this.signatureOf(text);
    if (signature.contentWords === 0 || (pastedOnly && signature.contentWords < OUTPUT_LINE_WORDS)) return;
    const existing = this.byText.get(id);
    if (!existing) this.byText.set(id, { signature, weight, rowIds: [rowId], pastedOnly });
    else if (existing.weight === weight) existing.rowIds.push(rowId);
    else if (existing.weight < weight) this.byText.set(id, { signature, weight, rowIds: [rowId], pastedOnly });
  }

  build(): ErrorIndex {
    return new ErrorIndex([...this.byText.values()], this.definitions);
  }

  private signatureOf(text: string): { readonly signature: ErrorSignature; readonly id: string } {
    let known = this.seen.get(text);
    if (!known) {
      const signature = errorSignature(text);
      known = { signature, id: [...signature.tokens].sort().join(' ') };
      this.seen.set(text, known);
    }
    return known;
  }
}

export class ErrorIndex {
  /** Quoted messages and error-looking snippet lines: compared with every question. */
  private readonly errors: readonly Signature[];
  /** Output lines (pastedOnly), found through their words: only a pasted line reads them. */
  private readonly outputs: readonly Signature[];
  private readonly outputsByWord = new Map<string, number[]>();
  private readonly shared: Uint8Array;

  constructor(
    signatures: readonly Signature[],
    /** Rows defining a code, by code (as written: upper case). */
    private readonly definitions: ReadonlyMap<string, readonly number[]> = new Map(),
  ) {
    this.errors = signatures.filter((s) => !s.pastedOnly);
    this.outputs = signatures.filter((s) => s.pastedOnly);
    this.outputs.forEach((s, i) => {
      for (const t of s.signature.tokens) {
        if (!isContentToken(t)) continue;
        const list = this.outputsByWord.get(t);
        if (list) list.push(i);
        else this.outputsByWord.set(t, [i]);
      }
    });
    this.shared = new Uint8Array(this.outputs.length);
  }

  /**
   * Best similarity (0..1, weighted) per entry row for the query's error signature; rows below `min`
   * are left out. Output lines and the definitions of the line's `codes` count only when the query is
   * a `pasted` line.
   */
  match(query: ErrorSignature, min: number, pasted = false, codes: readonly string[] = []): Map<number, number> {
    const out = new Map<number, number>();
    if (query.contentWords === 0) return out;
    if (pasted && DEFINITION_WEIGHT >= min)
      for (const code of codes) for (const id of this.definitions.get(code) ?? []) if ((out.get(id) ?? 0) < DEFINITION_WEIGHT) out.set(id, DEFINITION_WEIGHT);
    for (const s of this.errors) this.offer(out, query, s, min);
    if (pasted && this.outputs.length > 0) {
      // An output line needs OUTPUT_LINE_WORDS shared words: count them first.
      const shared = this.shared;
      const met: number[] = [];
      for (const t of query.tokens) {
        for (const i of this.outputsByWord.get(t) ?? []) {
          if (shared[i] === 0) met.push(i);
          shared[i] = Math.min(255, (shared[i] ?? 0) + 1);
        }
      }
      for (const i of met) {
        if ((shared[i] ?? 0) >= OUTPUT_LINE_WORDS) this.offer(out, query, this.outputs[i] as Signature, min);
        shared[i] = 0;
      }
    }
    return out;
  }

  private offer(out: Map<number, number>, query: ErrorSignature, s: Signature, min: number): void {
    const sim = errorSimilarity(query, s.signature) * s.weight;
    if (sim < min) return;
    for (const id of s.rowIds) if ((out.get(id) ?? 0) < sim) out.set(id, sim);
  }

  get size(): number {
    return this.errors.length + this.outputs.length;
  }
}
