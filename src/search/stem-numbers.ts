// Stems (`stem` of text.ts) numbered process-wide, for the boosts and highlights read on the entries'
// text. An entry's words are numbered once, when its text is first analysed (entries are shared
// objects per knowledge-base generation); a question's words are looked up once per question, so
// the hundreds of entries a question reads are asked with integers (a binary search in a small
// sorted array) instead of a string hash lookup per entry, field and word, which missed the CPU's
// caches on every entry. Only analysed texts add numbers: a question's words never do (a stream of
// distinct questions cannot grow the table), so the table is bounded by the knowledge bases'
// vocabulary over the life of the process.
import { lowerBoundId } from '../support/sorted.ts';

const numbers = new Map<string, number>();

/** The stem's number, -1 when no analysed text has it (then no entry holds it). */
export function stemNumber(stem: string): number {
  return numbers.get(stem) ?? -1;
}

/** The stem's number, numbering it when new (for the words of analysed texts only). */
export function numberStem(stem: string): number {
  let n = numbers.get(stem);
  if (n === undefined) {
    n = numbers.size;
    numbers.set(stem, n);
  }
  return n;
}

/**
 * How many stems are numbered: numbers looked up for a question are stale once this grew (a text
 * analysed since may hold a word that had no number then).
 */
export function numberedStems(): number {
  return numbers.size;
}

/** The index of `n` in the ascending `sorted`, -1 when absent. */
export function indexOfNumber(sorted: Int32Array, n: number): number {
  const i = lowerBoundId(sorted, n);
  return sorted[i] === n ? i : -1;
}

/**
 * The stems' numbers, null when one has none (or there are none): then no text holds them all. A
 * plain array: a question numbers dozens of alternatives, and a typed array costs several objects
 * (view, buffer, store) to the young generation where an array of small integers costs two.
 */
export function numbersOf(stems: readonly string[]): number[] | null {
  if (stems.length === 0) return null;
  const ns: number[] = [];
  for (let i = 0; i < stems.length; i++) {
    const n = numbers.get(stems[i] ?? '');
    if (n === undefined) return null;
    ns.push(n);
  }
  return ns;
}

/** Per concept of a question, its alternatives (word sequences) as stem numbers. */
export type ConceptStems = readonly (readonly (readonly number[])[])[];

/**
 * Numbered alternatives of a question (word sequences as stems): an alternative with a stem no text
 * has cannot match and is left out. Recomputed when texts were analysed since (numberedStems grew).
 */
export class NumberedAlternatives {
  private numbered: (readonly number[])[][] = [];
  private at = -1;

  constructor(private readonly alternatives: readonly (readonly (readonly string[])[])[]) {}

  /** Per concept, its alternatives as stem numbers. */
  get(): ConceptStems {
    if (this.at !== numberedStems()) {
      this.at = numberedStems();
      this.numbered = this.alternatives.map((alts) => {
        const out: (readonly number[])[] = [];
        for (const alt of alts) {
          const ns = numbersOf(alt);
          if (ns !== null) out.push(ns);
        }
        return out;
      });
    }
    return this.numbered;
  }
}
