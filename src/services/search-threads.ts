// The SQLite search on worker threads (SEARCH_THREADS > 0). The main thread keeps the sockets, HTTP,
// GraphQL, the answer caches and serialization; each thread (search-thread.ts) runs whole searches on
// its own read-only connection with its own per-generation index. A question goes to the thread with
// the fewest questions in flight, so one slow question does not hold up the others.
//
// What crosses between threads is kept small: a thread sends an entry once per generation (the main
// thread keeps them per thread), and builds the highlights of the hits that will be served; any other
// hit's highlight is built here if read, by the same function.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode } from '../errors.ts';
import type { RankedHit, RankedPage, SearchRepository } from '../repositories/search.ts';
import { rankedHitsFrom, type RankedFields } from '../repositories/search/hits.ts';
import type { EntryRecord, SearchParams } from '../repositories/types.ts';
import type { ParsedQuery } from '../search/query.ts';
import type { Generation } from './knowledge-base.ts';
import { queryFromWire } from './query-wire.ts';

export interface ThreadRequest {
  readonly id: number;
  /** The main thread's generation token: when it moves, the thread asks its database again at once. */
  readonly generation: string;
  readonly params: SearchParams;
  /** How many of the hits will be served: their highlights are built in the thread. */
  readonly highlights: number;
}

/** A hit as a thread sends it: the main thread reads the rest of it from its entry (sent once per generation). */
export type ThreadHit = RankedFields;

export type ThreadAnswer =
  | {
      readonly id: number;
      /** The thread's own generation token for this answer: its entries belong to it. */
      readonly generation: string;
      /** `query`: the parsed question in its wire form (query-wire.ts). */
      readonly page: { readonly total: number; readonly didYouMean: string | null; readonly query: string; readonly hits: readonly ThreadHit[] };
      /** Entries of the hits not sent before in this generation. */
      readonly entries: readonly EntryRecord[];
    }
  | { readonly id: number; readonly error: { readonly message: string; readonly code?: ErrorCode; readonly details?: Readonly<Record<string, unknown>> } };

interface Pending {
  resolve(page: RankedPage): void;
  reject(error: unknown): void;
}

class Thread {
  readonly pending = new Map<number, Pending>();
  /** Settles once the thread has opened its index (or has failed to start). */
  readonly ready: Promise<void>;
  /** The entries this thread sent, of its generation `generation`. */
  private entries = new Map<number, EntryRecord>();
  private generation = '';
  private failed: Error | null = null;

  constructor(readonly worker: Worker) {
    let started: () => void = () => {};
    this.ready = new Promise((resolve) => (started = resolve));
    worker.on('message', (answer: ThreadAnswer | 'ready') => {
      if (answer !== 'ready') return this.settle(answer);
      started();
      // An idle thread does not keep the process alive (questions in flight do).
      if (this.pending.size === 0) worker.unref();
    });
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => {
      this.fail(new Error(`search thread exited with code ${code}`));
      started();
    });
  }

  get busy(): number {
    return this.pending.size;
  }

  get dead(): boolean {
    return this.failed !== null;
  }

  ask(request: ThreadRequest): Promise<RankedPage> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(request.id, { resolve, reject });
      this.worker.postMessage(request);
    });
  }

  private settle(answer: ThreadAnswer): void {
    const pending = this.pending.get(answer.id);
    if (!pending) return;
    this.pending.delete(answer.id);
    if (this.pending.size === 0) this.worker.unref();
    if ('error' in answer) {
      const { message, code, details } = answer.error;
      pending.reject(code ? new AppError(code, message, details ? { ...details } : undefined) : new Error(message));
      return;
    }
    if (answer.generation !== this.generation) {
      this.entries = new Map();
      this.generation = answer.generation;
    }
    for (const entry of answer.entries) this.entries.set(entry.rowId, entry);
    pending.resolve(this.page(answer.page));
  }

  private page({ total, didYouMean, query, hits }: Extract<ThreadAnswer, { page: unknown }>['page']): RankedPage {
    const entries = this.entries;
    const entryOf = (rowId: number): EntryRecord => {
      const entry = entries.get(rowId);
      if (!entry) throw new Error(`search thread did not send entry ${rowId}`);
      return entry;
    };
    return new ThreadPage(total, didYouMean, query, hits, entryOf);
  }

  private fail(error: Error): void {
    this.failed ??= error;
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }
}

/** A thread's page: its question parsed from the wire when first read (passages, a highlight built here). */
class ThreadPage implements RankedPage {
  readonly hits: readonly RankedHit[];
  #query: ParsedQuery | undefined;

  constructor(
    readonly total: number,
    readonly didYouMean: string | null,
    private readonly wire: string,
    hits: readonly ThreadHit[],
    entryOf: (rowId: number) => EntryRecord,
  ) {
    this.hits = rankedHitsFrom(hits, entryOf, () => this.query);
  }

  get query(): ParsedQuery {
    return (this.#query ??= queryFromWire(this.wire));
  }
}

const THREAD_URL = new URL(import.meta.url.endsWith('.ts') ? './search-thread.ts' : './search-thread.js', import.meta.url);

/**
 * `count` search threads over the SQLite file, started at the first question or warm() (a process that
 * never searches starts none). A thread that dies (its questions in flight fail with a 500) is replaced
 * at the next question.
 */
export class SearchThreads implements SearchRepository {
  private threads: Thread[] = [];
  private nextId = 0;
  private closed = false;

  constructor(
    private readonly count: number,
    private readonly databaseFile: string,
    private readonly generation: Generation,
  ) {}

  search(params: SearchParams): Promise<RankedPage> {
    const threads = this.started();
    let best = threads[0];
    for (const t of threads) if (best === undefined || t.busy < best.busy) best = t;
    if (!best) return Promise.reject(new Error('the search threads are closed'));
    // The service asks one hit more than it serves (to know whether a next page exists).
    const highlights = params.highlights ?? Math.max(0, params.limit - 1);
    return best.ask({ id: this.nextId++, generation: this.generation.current(), params, highlights });
  }

  /**
   * Starts the threads now (a server, at its start); settles when each has opened its index (its
   * caches then warm in the thread). Questions asked meanwhile wait for their thread.
   */
  async start(): Promise<void> {
    await Promise.all(this.started().map((t) => t.ready));
  }

  async close(): Promise<void> {
    this.closed = true;
    const threads = this.threads;
    this.threads = [];
    // Referenced again while they end: an idle thread is unref'd, and a process with nothing else to
    // wait for could otherwise end before the threads have (a start-up failure also sets its exit code
    // before closing, src/main.ts, so the code stands either way).
    await Promise.all(
      threads.map((t) => {
        t.worker.ref();
        return t.worker.terminate();
      }),
    );
  }

  /** The threads, started or (when one died) replaced now: a thread that cannot start costs one attempt per question, not a loop. */
  private started(): Thread[] {
    if (this.closed) return this.threads;
    for (let i = 0; i < this.count; i++) {
      const thread = this.threads[i];
      if (thread === undefined || thread.dead) this.threads[i] = new Thread(startThread(THREAD_URL, { databaseFile: this.databaseFile }));
    }
    return this.threads;
  }
}

/**
 * From the sources (tests, benchmarks, development) the thread registers tsx's loader before it
 * loads its TypeScript entry (tsx/esm registers itself on the main thread only, on Node 20).
 */
function startThread(url: URL, workerData: unknown): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(url, { workerData });
  return new Worker(`import(${JSON.stringify(tsxApi())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`, { eval: true, workerData });
}

/** The URL of tsx's ESM register API (import.meta.resolve is missing under vitest's module runner). */
function tsxApi(): string {
  if (typeof import.meta.resolve === 'function') return import.meta.resolve('tsx/esm/api');
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('tsx/package.json');
  const { exports } = require(manifest) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(path.join(path.dirname(manifest), exports['./esm/api']?.import.default ?? 'dist/esm/api/index.mjs')).href;
}
