// The surface vocabulary of the knowledge base for typo correction, read from the fts5vocab view
// of the unstemmed side index (entry_terms_vocab). Identifier tokens (istio-proxy, ISTIO_MUTUAL) also
// contribute their parts, so "proxy" is known even where it only occurs inside "istio-proxy".
import type { SqliteDatabase } from '../../db/sqlite.ts';
import type { Vocabulary } from '../../search/typo.ts';
import { lowerBound } from '../../support/sorted.ts';
import { Lru } from '../../support/lru.ts';

const MAX_WORD_LENGTH = 40;
const MAX_COMPLETED = 20_000;

export class IndexVocabulary implements Vocabulary {
  private readonly df = new Map<string, number>();
  private readonly byLength = new Map<number, string[]>();
  private readonly sorted: string[];
  private readonly completed = new Lru<string, readonly string[]>(MAX_COMPLETED);
  /** Every word, numbers and ids included. */
  private readonly all = new Set<string>();
  /** Every term as indexed (whole identifiers: istio-proxy, sidecar.istio.io/inject). */
  private readonly terms = new Set<string>();

  constructor(terms: Iterable<{ term: string; doc: number }>) {
    for (const { term, doc } of terms) {
      this.terms.add(term);
      for (const word of term.match(/[\p{L}\p{N}]+/gu) ?? []) {
        this.all.add(word);
        if (word.length > MAX_WORD_LENGTH || !/\p{L}/u.test(word)) continue;
        if ((this.df.get(word) ?? 0) < doc) this.df.set(word, doc);
      }
    }
    for (const word of this.df.keys()) {
      const list = this.byLength.get(word.length) ?? [];
      list.push(word);
      this.byLength.set(word.length, list);
    }
    this.sorted = [...this.df.keys()].sort();
  }

  static load(db: SqliteDatabase): IndexVocabulary {
    return new IndexVocabulary(db.prepare<[], { term: string; doc: number }>('SELECT term, doc FROM entry_terms_vocab').iterate());
  }

  documentFrequency(word: string): number {
    return this.df.get(word) ?? 0;
  }

  wordsOfLength(length: number): readonly string[] {
    return this.byLength.get(length) ?? [];
  }

  /** Whether some known word starts with `prefix` (a half-typed word is not a typo). */
  hasWordStartingWith(prefix: string): boolean {
    return (this.sorted[lowerBound(this.sorted, prefix)] ?? '').startsWith(prefix);
  }


  /** Up to `limit` known words starting with `prefix`, most documents first. */
  completions(prefix: string, limit: number): readonly string[] {
    const key = `${limit}:${prefix}`;
    const cached = this.completed.get(key);
    if (cached) return cached;
    const out: string[] = [];
    for (let i = lowerBound(this.sorted, prefix); i < this.sorted.length; i++) {
      const w = this.sorted[i] ?? '';
      if (!w.startsWith(prefix)) break;
      out.push(w);
    }
    const best = out.sort((a, b) => this.documentFrequency(b) - this.documentFrequency(a) || (a < b ? -1 : 1)).slice(0, limit);
    this.completed.set(key, best);
    return best;
  }

  /** Known words, most documents first (for warming per-word caches). */
  byFrequency(): string[] {
    return [...this.df.entries()].sort((a, b) => b[1] - a[1]).map(([w]) => w);
  }

  /** Whether this is a term of the index (a whole identifier is one term). */
  hasTerm(term: string): boolean {
    return this.terms.has(term);
  }

  hasWord(word: string): boolean {
    return this.all.has(word);
  }

  private allSorted: string[] | null = null;

  /** Whether any word, numbers, ids and long words included, starts with `prefix`. */
  hasAnyWordStartingWith(prefix: string): boolean {
    const sorted = (this.allSorted ??= [...this.all].sort());
    return (sorted[lowerBound(sorted, prefix)] ?? '').startsWith(prefix);
  }

  get size(): number {
    return this.df.size;
  }
}
