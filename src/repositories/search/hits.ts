// A ranked page of rows as hits: the entries with their highlight (built when read). Shared by the SQLite and the
// PostgreSQL search, which differ only in how they find and score candidates.
import { conceptsOf, type Concept } from '../../search/passages.ts';
import type { ParsedQuery } from '../../search/query.ts';
import type { Scored } from '../../search/rank.ts';
import { hitSnippet } from '../../search/snippet.ts';
import type { EntryRecord } from '../types.ts';
import type { RankedHit } from './types.ts';

const round = (x: number): number => Math.round(x * 1000) / 1000;

/** The question a page's hits highlight, its concepts computed once for all of them when first asked. */
class HighlightQuestion {
  readonly #query: () => ParsedQuery;
  #concepts: readonly Concept[] | undefined;

  /** How to read the question (a search thread's is parsed from its wire form only if a highlight is built here). */
  constructor(query: () => ParsedQuery) {
    this.#query = query;
  }

  get concepts(): readonly Concept[] {
    return (this.#concepts ??= conceptsOf(this.#query()));
  }
}

/**
 * A hit whose highlight is built when first read. A class with the getter on its prototype, not an
 * object literal with a `get highlights()` of its own: a literal's getter is a new closure per hit,
 * and V8 gives such an object a hidden class of its own, in the old generation, which keeps the
 * closure (and through it the highlight) alive until a full collection. Every hit then outlived the
 * young generation's collections and was copied and promoted: measured, about 1 MB per collection
 * and a pause of 5-7 ms about every 100 questions, the in-process p99 (a class: 60 KB, 1 ms).
 */
class LazyHit implements RankedHit {
  readonly rowId: number;
  readonly key: string;
  readonly slug: string;
  readonly version: string;
  readonly title: string;
  readonly url: string;
  readonly score: number;
  readonly entry: EntryRecord;
  readonly errorMatch: number;
  readonly #question: HighlightQuestion;
  #highlights: readonly string[] | undefined;

  constructor(rowId: number, score: number, errorMatch: number, entry: EntryRecord, question: HighlightQuestion, highlights?: readonly string[]) {
    this.rowId = rowId;
    this.key = entry.key;
    this.slug = entry.slug;
    this.version = entry.version;
    this.title = entry.title;
    this.url = entry.url;
    this.score = score;
    this.entry = entry;
    this.errorMatch = errorMatch;
    this.#question = question;
    this.#highlights = highlights;
  }

  get highlights(): readonly string[] {
    if (this.#highlights === undefined) {
      const highlight = hitSnippet(this.entry, this.#question.concepts);
      this.#highlights = highlight ? [highlight] : [];
    }
    return this.#highlights;
  }
}

/**
 * The hits of a page. A hit's highlight is built when first read: the service asks one hit more than
 * it shows (to tell whether a next page exists), and a GraphQL client may not ask for highlights.
 */
export function toRankedHits(page: readonly Scored[], entries: ReadonlyMap<number, EntryRecord>, query: ParsedQuery): RankedHit[] {
  const question = new HighlightQuestion(() => query);
  const hits: RankedHit[] = [];
  for (const s of page) {
    const entry = entries.get(s.id);
    if (entry) hits.push(new LazyHit(s.id, round(s.score), round(s.error), entry, question));
  }
  return hits;
}

/** A hit ranked elsewhere (a search thread's): its highlights when they were built there. */
export interface RankedFields {
  readonly rowId: number;
  readonly score: number;
  readonly errorMatch: number;
  readonly highlights: readonly string[] | null;
}

/** The hits of a page ranked elsewhere, with their entries; a highlight not built there is built here when read. */
export function rankedHitsFrom(hits: readonly RankedFields[], entryOf: (rowId: number) => EntryRecord, query: () => ParsedQuery): RankedHit[] {
  const question = new HighlightQuestion(query);
  return hits.map((h) => new LazyHit(h.rowId, h.score, h.errorMatch, entryOf(h.rowId), question, h.highlights ?? undefined));
}
