// A stream of distinct, realistic search queries for the unique-query benchmark (every chatbot
// question is different, so no answer cache can help):
//   words      2-5 words of a real operator question (eval/queries.json), in their order, sometimes
//              with one word swapped for a word of another question;
//   error      a pasted error line of the judged set with other IPs, ports, host and pod names,
//              timestamps than any before it;
//   identifier a whole identifier of the knowledge base (ISTIO_MUTUAL, sidecar.istio.io/inject, ...),
//              alone or with a word or two.
// Seeded, so two runs send the same stream; `take(n)` never repeats a query.
import type { SqliteDatabase } from '../src/db/sqlite.ts';
import { isStopword, words } from '../src/search/text.ts';
import type { JudgedQuery } from '../eval/queries.ts';
import { prng } from '../test/support/prng.ts';

export interface QuerySources {
  readonly questions: readonly string[];
  readonly errorLines: readonly string[];
  readonly identifiers: readonly string[];
}

export function querySources(judged: readonly JudgedQuery[], db: SqliteDatabase): QuerySources {
  const questions = judged.filter((q) => q.kind !== 'error' && q.kind !== 'identifier').map((q) => q.q);
  const errorLines = judged.filter((q) => q.kind === 'error').map((q) => q.q);
  const vocabulary = db
    .prepare<[], string>(`SELECT term FROM entry_terms_vocab WHERE term GLOB '[a-z]*[a-z0-9][_./-][a-z]*' AND length(term) BETWEEN 6 AND 48 AND doc >= 2`)
    .pluck()
    .all()
    // Identifiers people paste: no pod-name hashes, URLs or file names.
    .filter((t) => !/\d{3,}|^\/\/|\.(?:pem|yaml|json|go|txt)$|[-.]$/.test(t));
  const identifiers = [...new Set([...vocabulary, ...judged.filter((q) => q.kind === 'identifier').map((q) => q.q)])];
  return { questions, errorLines, identifiers };
}

export class QueryStream {
  private readonly random: () => number;
  private readonly seen = new Set<string>();
  private readonly questionWords: readonly (readonly string[])[];
  private readonly allWords: readonly string[];

  constructor(
    private readonly sources: QuerySources,
    seed = 14,
  ) {
    this.random = prng(seed);
    this.questionWords = sources.questions.map((q) => q.split(/\s+/).filter((w) => w !== ''));
    this.allWords = [...new Set(sources.questions.flatMap((q) => words(q)).filter((w) => !isStopword(w)))];
  }

  /** `n` queries never returned before by this stream. */
  take(n: number): string[] {
    const out: string[] = [];
    let attempts = 0;
    while (out.length < n && attempts++ < n * 50) {
      const q = this.next();
      if (this.seen.has(q)) continue;
      this.seen.add(q);
      out.push(q);
    }
    return out;
  }

  private pick<T>(list: readonly T[]): T {
    const item = list[Math.floor(this.random() * list.length)];
    if (item === undefined) throw new Error('empty query source');
    return item;
  }

  private int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  private next(): string {
    const r = this.random();
    if (r < 0.6) return this.wordsQuery();
    if (r < 0.8) return this.errorLine();
    return this.identifierQuery();
  }

  private wordsQuery(): string {
    const question = this.pick(this.questionWords);
    const n = Math.min(question.length, this.int(2, 5));
    const start = this.int(0, question.length - n);
    const chosen = question.slice(start, start + n);
    if (this.random() < 0.4) chosen[this.int(0, chosen.length - 1)] = this.pick(this.allWords);
    return chosen.join(' ');
  }

  private errorLine(): string {
    const hex = (len: number) => Array.from({ length: len }, () => '0123456789abcdef'[this.int(0, 15)]).join('');
    const name = this.pick(['shop', 'billing', 'cart', 'orders', 'payments', 'auth', 'search', 'catalog', 'inventory', 'api']);
    return this.pick(this.sources.errorLines)
      .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d+Z/g, () => `2025-${String(this.int(1, 12)).padStart(2, '0')}-${String(this.int(10, 28))}T${String(this.int(10, 23))}:${String(this.int(10, 59))}:${String(this.int(10, 59))}.${this.int(100000, 999999)}Z`)
      .replace(/\b(?:\d{1,3}\.){3}\d{1,3}\b/g, () => `10.${this.int(0, 255)}.${this.int(0, 255)}.${this.int(1, 254)}`)
      .replace(/:(\d{2,5})\b/g, () => `:${this.pick(['80', '443', '8080', '9080', '15017', '15012', '8443', String(this.int(1024, 65000))])}`)
      .replace(/\bshop(?:-gw)?\b|\bexample\.org\b/g, (m) => (m === 'example.org' ? 'example.com' : `${name}${m.endsWith('-gw') ? '-gw' : ''}`))
      .replace(/\[(\d+)\]\[(\d+)\]/g, () => `[${this.int(1, 99)}][${this.int(1, 99)}]`)
      .concat(this.random() < 0.5 ? ` ${name}-${hex(9)}-${hex(5)}` : ` request id ${hex(8)}-${hex(4)}`);
  }

  private identifierQuery(): string {
    const ident = this.pick(this.sources.identifiers);
    const r = this.random();
    if (r < 0.4) return ident;
    if (r < 0.7) return `${ident} ${this.pick(this.allWords)}`;
    return `${this.pick(this.allWords)} ${ident} ${this.pick(this.allWords)}`;
  }
}
