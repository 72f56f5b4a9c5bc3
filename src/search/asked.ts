// How operators ask for each guideline, in their own words (archive/asked-as.json): lines written per
// guideline from its text alone, blind to the judged questions (eval/README.md, round 7). The docs
// say "applications should not use any of the ports used by Envoy"; an operator types "which ports
// can my app not use". Six rounds of related-word tables, word vectors and a sentence model found no
// bridge for such questions in the docs' own prose; a line in the operator's words is one. This is
// document expansion by likely questions, curated instead of generated. The lines are matched, never
// shown: an answer cites only the docs.
//
// The lines come in sets, each written by other writers, independently and blind. A guideline's
// similarity is the mean over the sets of its best line in each: one writer's line that happens to
// share a question's words with the wrong guideline is outvoted by the other sets, where a question
// the guideline answers is met by a line of every set. Two sets averaged did better than the same
// lines pooled (best line of all), and better than either set alone (eval/README.md, round 8).
import type { SearchPlan } from './plan.ts';
import type { ParsedQuery } from './query.ts';
import { lowerBound } from '../support/sorted.ts';
import { Lru } from '../support/lru.ts';
import { indexOfSequence, isStopword, stem, words } from './text.ts';

/** One set of lines: per guideline key, the lines one group of writers wrote for it. */
export interface AskedSet {
  readonly about?: string;
  readonly guidelines: Readonly<Record<string, readonly string[]>>;
}

/** On disk: the sets, written independently. */
export interface AskedAs {
  readonly about?: string;
  readonly sets: readonly AskedSet[];
}

/** A concept of the question as a line may hold it: the word, each synonym (stems), a prefix. */
interface AskedConcept {
  readonly alternatives: readonly (readonly string[])[];
  /** The half-typed last word: any stem of a line it starts. */
  readonly prefix: string | null;
}

/** Prefixes shorter than this would match half the vocabulary. */
const MIN_PREFIX = 3;

/** Concepts whose lines are kept (each a few hundred bytes), the least recently read dropped first. */
const CONCEPTS_KEPT = 20_000;

interface ConceptLines {
  readonly lines: Int32Array;
  /** Per line: the weight of its stems that hold the concept (its best alternative). */
  readonly weights: Float64Array;
  /** The concept's weight: IDF over the keys whose lines hold it. */
  readonly weight: number;
}

export class AskedIndex {
  /** Per line: its unit (key and set: key number * sets + set) and its stems in order (for synonyms of several words). */
  private readonly unitOfLine: Int32Array;
  private readonly sets: number;
  /** Per key: how many sets have lines for it (its similarity is the mean over them). */
  private readonly setsOfKey: Int32Array;
  private readonly stemsOfLine: (readonly string[])[] = [];
  private readonly keys: string[];
  /** Per stem: the lines holding it, ascending. */
  private readonly linesWith = new Map<string, Int32Array>();
  /** Every stem of the lines, sorted: those a half-typed word starts are one range of it. */
  private readonly sortedStems: string[];
  /** Per stem: how many keys have it in a line (its weight, like IDF over guidelines). */
  private readonly keysWith = new Map<string, number>();
  /** Per line: the weight of its distinct stems. */
  private readonly lineWeight: Float64Array;
  // Scratch of one question, by line and by unit (a search runs at a time on the event loop): the
  // weight of the question's concepts a line holds and of its own stems they hold; `seen` stamps a
  // line as touched by the question, `heldBy` by the concept being gathered (its best alternative).
  private readonly ofQuestion: Float64Array;
  private readonly ofLine: Float64Array;
  private readonly seen: Uint32Array;
  private readonly heldBy: Uint32Array;
  private readonly heldWeight: Float64Array;
  /** Per unit: its best line's similarity to the question. */
  private readonly best: Float64Array;
  /** The lines the question touched, the first `count` of them in match (an array emptied per question gives up its store). */
  private readonly touched: Int32Array;
  private readonly held: number[] = [];
  private stamp = 0;
  /**
   * Per concept (its alternatives and prefix): the lines holding it and their weights, and its own
   * weight. Questions share their words (a chatbot's stream of different questions reuses the same
   * few thousand): a concept's lines are gathered once, not per question.
   */
  private readonly concepts = new Lru<string, ConceptLines>(CONCEPTS_KEPT);
  /** A concept no line can hold: no lines, and the weight of the rarest (a concept of no key, see weight). */
  private readonly heldByNone: ConceptLines;

  constructor(asked: AskedAs) {
    this.keys = [...new Set(asked.sets.flatMap((set) => Object.keys(set.guidelines)))];
    this.sets = Math.max(1, asked.sets.length);
    this.setsOfKey = new Int32Array(this.keys.length);
    const unitOfLine: number[] = [];
    const linesWith = new Map<string, number[]>();
    this.keys.forEach((key, k) => {
      const ofKey = new Set<string>();
      asked.sets.forEach((set, s) => {
        const lines = set.guidelines[key] ?? [];
        if (lines.length > 0) this.setsOfKey[k] = (this.setsOfKey[k] ?? 0) + 1;
        for (const line of lines) {
          const stems = stemsOf(line);
          const n = unitOfLine.length;
          unitOfLine.push(k * this.sets + s);
          this.stemsOfLine.push(stems);
          for (const st of new Set(stems)) {
            const withStem = linesWith.get(st);
            if (withStem) withStem.push(n);
            else linesWith.set(st, [n]);
            ofKey.add(st);
          }
        }
      });
      for (const st of ofKey) this.keysWith.set(st, (this.keysWith.get(st) ?? 0) + 1);
    });
    for (const [st, lines] of linesWith) this.linesWith.set(st, Int32Array.from(lines));
    this.sortedStems = [...linesWith.keys()].sort();
    this.unitOfLine = Int32Array.from(unitOfLine);
    const n = unitOfLine.length;
    this.lineWeight = Float64Array.from(this.stemsOfLine, (stems) => {
      let w = 0;
      for (const st of new Set(stems)) w += this.stemWeight(st);
      return w;
    });
    this.ofQuestion = new Float64Array(n);
    this.ofLine = new Float64Array(n);
    this.touched = new Int32Array(n);
    this.seen = new Uint32Array(n);
    this.heldBy = new Uint32Array(n);
    this.heldWeight = new Float64Array(n);
    this.best = new Float64Array(this.keys.length * this.sets);
    this.heldByNone = { lines: new Int32Array(0), weights: new Float64Array(0), weight: this.weight({ alternatives: [], prefix: null }) };
  }

  static readonly EMPTY = new AskedIndex({ sets: [] });

  get keyCount(): number {
    return this.keys.length;
  }

  /**
   * Per key, the mean over the sets of its best line's similarity to the question (0..1, see
   * similarity), for keys from `min`.
   * A concept no line holds still weighs (as the rarest): the share is how much of the question one
   * line asks, so a common word or two in common is no match. A pasted error line is matched too:
   * the docs quote few of the errors operators paste (kubectl's "error when creating" of a refused
   * webhook call, for one), and a line naming the situation ("kubectl apply fails with a webhook
   * error") is the only bridge to the guideline that explains them (eval/README.md, round 8).
   */
  match(query: ParsedQuery, plan: SearchPlan, min: number): Map<string, number> {
    const out = new Map<string, number>();
    if (this.keys.length === 0) return out;
    const concepts = askedConcepts(query, plan);
    if (concepts.length < 2) return out;
    const held = concepts.map((c) => this.linesOf(c));
    let total = 0;
    for (const h of held) total += h.weight;
    if (total <= 0) return out;
    const question = this.next();
    const touched = this.touched;
    let count = 0;
    for (const { lines, weights, weight } of held) {
      for (let j = 0; j < lines.length; j++) {
        const line = lines[j] as number;
        if (this.seen[line] !== question) {
          this.seen[line] = question;
          this.ofQuestion[line] = 0;
          this.ofLine[line] = 0;
          touched[count++] = line;
        }
        this.ofQuestion[line] = (this.ofQuestion[line] ?? 0) + weight;
        this.ofLine[line] = (this.ofLine[line] ?? 0) + (weights[j] ?? 0);
      }
    }
    const best = this.best;
    best.fill(0);
    for (let t = 0; t < count; t++) {
      const line = touched[t] as number;
      const unit = this.unitOfLine[line] ?? 0;
      const share = similarity((this.ofQuestion[line] ?? 0) / total, (this.ofLine[line] ?? 0) / (this.lineWeight[line] || 1));
      if (share > (best[unit] ?? 0)) best[unit] = share;
    }
    const sets = this.sets;
    for (let k = 0; k < this.keys.length; k++) {
      let sum = 0;
      for (let s = 0; s < sets; s++) sum += best[k * sets + s] ?? 0;
      const share = sum / (this.setsOfKey[k] || 1);
      if (share >= min && share > 0) out.set(this.keys[k] as string, share);
    }
    return out;
  }

  /** A new stamp (the scratch's stamps are reset when the counter wraps). */
  private next(): number {
    if (++this.stamp === 0xffffffff) {
      this.seen.fill(0);
      this.heldBy.fill(0);
      this.stamp = 1;
    }
    return this.stamp;
  }

  /** The concept's lines (gathered at its first question), their weights and its own. */
  private linesOf(c: AskedConcept): ConceptLines {
    // A word no line has (most of a pasted line: hosts, ids, ports) is neither gathered nor kept.
    if (!this.mayHold(c)) return this.heldByNone;
    const key = `${c.prefix ?? ''}\u0001${c.alternatives.map((a) => a.join(' ')).join('\u0002')}`;
    let found = this.concepts.get(key);
    if (found === undefined) {
      found = this.gather(c);
      this.concepts.set(key, found);
    }
    return found;
  }

  /** Whether a line may hold the concept: one has an alternative's first stem, or a stem its prefix starts. */
  private mayHold(c: AskedConcept): boolean {
    for (const alt of c.alternatives) if (this.linesWith.has(alt[0] ?? '')) return true;
    if (c.prefix === null || c.prefix.length < MIN_PREFIX) return false;
    return (this.sortedStems[lowerBound(this.sortedStems, c.prefix)] ?? '').startsWith(c.prefix);
  }

  /** The lines holding a concept, each once, with the weight of the line's stems that hold it (its best alternative). */
  private gather(c: AskedConcept): ConceptLines {
    const concept = this.next();
    const held = this.held;
    held.length = 0;
    const hold = (line: number, weight: number) => {
      if (this.heldBy[line] !== concept) {
        this.heldBy[line] = concept;
        this.heldWeight[line] = weight;
        held.push(line);
      } else if (weight > (this.heldWeight[line] ?? 0)) this.heldWeight[line] = weight;
    };
    for (const alt of c.alternatives) {
      const lines = this.linesWith.get(alt[0] ?? '');
      if (!lines) continue;
      let weight = 0;
      for (const st of alt) weight += this.stemWeight(st);
      for (let j = 0; j < lines.length; j++) {
        const line = lines[j] as number;
        if (alt.length === 1 || indexOfSequence(this.stemsOfLine[line] ?? [], alt) >= 0) hold(line, weight);
      }
    }
    if (c.prefix !== null && c.prefix.length >= MIN_PREFIX) {
      const stems = this.sortedStems;
      for (let i = lowerBound(stems, c.prefix); i < stems.length && (stems[i] as string).startsWith(c.prefix); i++) {
        const st = stems[i] as string;
        const weight = this.stemWeight(st);
        for (const line of this.linesWith.get(st) ?? []) hold(line, weight);
      }
    }
    return { lines: Int32Array.from(held), weights: Float64Array.from(held, (line) => this.heldWeight[line] ?? 0), weight: this.weight(c) };
  }

  /** A stem's weight: IDF over the keys whose lines hold it. */
  private stemWeight(st: string): number {
    return Math.log(1 + this.keys.length / ((this.keysWith.get(st) ?? 0) + 1));
  }

  /** A concept's weight: IDF over the keys whose lines hold it (a phrase: at most its rarest word's). */
  private weight(c: AskedConcept): number {
    let keys = 0;
    for (const alt of c.alternatives) keys = Math.max(keys, Math.min(...alt.map((s) => this.keysWith.get(s) ?? 0)));
    return Math.log(1 + this.keys.length / (keys + 1));
  }
}

/**
 * The mean of the share of the question the line holds and the share of the line the question holds
 * (weights alike): a line that says all the question says but also much else is half a match, so
 * the many lines sharing a common pair of words ("route rules") do not outweigh the one that asks
 * what the question asks. Measured against the question's share alone in eval/README.md (round 7).
 */
function similarity(ofQuestion: number, ofLine: number): number {
  return (ofQuestion + Math.min(1, ofLine)) / 2;
}

function stemsOf(text: string): string[] {
  return words(text)
    .filter((w) => !isStopword(w))
    .map(stem);
}

/** The plan's concepts (a word and its synonyms), with the word as typed when a correction replaced it. */
function askedConcepts(query: ParsedQuery, plan: SearchPlan): AskedConcept[] {
  const typedFor = new Map(query.corrections.map((c) => [c.to, c.from]));
  return plan.concepts.map((c) => {
    const alternatives: string[][] = [];
    if (!c.prefixOnly) alternatives.push(stemsOf(c.word));
    const typed = typedFor.get(c.word);
    if (typed !== undefined) alternatives.push(stemsOf(typed));
    for (const s of c.synonyms) alternatives.push(stemsOf(s.join(' ')));
    return { alternatives: alternatives.filter((a) => a.length > 0), prefix: c.prefix ? c.word : null };
  });
}
