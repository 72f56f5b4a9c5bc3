// One ranking per question per operation. A chatbot's backend asks for the hits and the citable
// passages of one question in one operation (`search` and `passages` side by side); resolved apart,
// each field ranked the question, and with every question different no cache could help. The fields
// of an operation start in the same tick: their asks are grouped there, and a question asked by one
// `search` (first page) and one `passages` field is ranked once (KnowledgeBase.searchWithPassages),
// with the same answers as the fields apart. Created per request, never shared.
import type { Passage } from '../search/passages.ts';
import type { KnowledgeBase, PassagesInput, SearchInput, SearchResultPage } from '../services/knowledge-base.ts';

type Answer<T> = { resolve(value: T): void; reject(error: unknown): void };
type SearchAsk = Answer<SearchResultPage> & { readonly kind: 'search'; readonly input: SearchInput };
type PassagesAsk = Answer<Passage[]> & { readonly kind: 'passages'; readonly input: PassagesInput };
type Ask = SearchAsk | PassagesAsk;

export class Rankings {
  private queue: Ask[] = [];

  constructor(private readonly kb: KnowledgeBase) {}

  search(input: SearchInput): Promise<SearchResultPage> {
    // A later page is asked on its own (a cursor's page is not what a passages field reads).
    if (input.after !== null && input.after !== undefined) return this.kb.search(input);
    return new Promise((resolve, reject) => this.enqueue({ kind: 'search', input, resolve, reject }));
  }

  passages(input: PassagesInput): Promise<Passage[]> {
    return new Promise((resolve, reject) => this.enqueue({ kind: 'passages', input, resolve, reject }));
  }

  private enqueue(ask: Ask): void {
    if (this.queue.length === 0) process.nextTick(() => this.flush());
    this.queue.push(ask);
  }

  private flush(): void {
    const groups = new Map<string, Ask[]>();
    for (const ask of this.queue) {
      const key = JSON.stringify([ask.input.query, ask.input.version ?? null]);
      const group = groups.get(key);
      if (group) group.push(ask);
      else groups.set(key, [ask]);
    }
    this.queue = [];
    for (const asks of groups.values()) {
      const search = asks.find((a): a is SearchAsk => a.kind === 'search');
      const passages = asks.find((a): a is PassagesAsk => a.kind === 'passages');
      if (search && passages && asks.length === 2) void this.together(search, passages);
      else for (const ask of asks) this.apart(ask);
    }
  }

  private async together(search: SearchAsk, passages: PassagesAsk): Promise<void> {
    try {
      const { passages: cited, ...page } = await this.kb.searchWithPassages(search.input, passages.input.first ?? null);
      search.resolve(page);
      passages.resolve(cited);
    } catch {
      // Bad input in either field (a page size, a version): each field answers its own error.
      this.apart(search);
      this.apart(passages);
    }
  }

  private apart(ask: Ask): void {
    if (ask.kind === 'search') this.kb.search(ask.input).then(ask.resolve, ask.reject);
    else this.kb.passages(ask.input).then((answer) => ask.resolve(answer.passages), ask.reject);
  }
}
