// A search thread (worker_threads, see search-threads.ts): its own read-only connection to the SQLite
// knowledge base and its own per-generation search index, answering the main thread's questions.
import { parentPort, workerData } from 'node:worker_threads';
import { isAppError } from '../errors.ts';
import { openSqliteSearch } from '../repositories/sqlite-store.ts';
import type { EntryRecord } from '../repositories/types.ts';
import { queryToWire } from './query-wire.ts';
import type { ThreadAnswer, ThreadHit, ThreadRequest } from './search-threads.ts';

const { databaseFile } = workerData as { databaseFile: string };
const store = openSqliteSearch(databaseFile);
// Open this generation's index now (its caches then warm in the background), not at the first question.
store.search.searchNow({ text: '', limit: 0, offset: 0 });
parentPort?.postMessage('ready');
let askedIn = '';
/** The generation whose entries the main thread holds from this thread, and their row ids. */
let sentIn = '';
const sent = new Set<number>();

function answer(request: ThreadRequest): ThreadAnswer {
  // The main thread saw the database move: look again now rather than at this thread's next turn.
  if (request.generation !== askedIn) {
    store.generation.invalidate();
    askedIn = request.generation;
  }
  const generation = store.generation.current();
  const page = store.search.searchNow(request.params);
  if (generation !== sentIn) {
    sent.clear();
    sentIn = generation;
  }
  const entries: EntryRecord[] = [];
  const hits = page.hits.map((hit, i): ThreadHit => {
    const { entry } = hit;
    if (!sent.has(entry.rowId)) {
      sent.add(entry.rowId);
      entries.push(entry);
    }
    const { rowId, score, errorMatch } = hit;
    // The highlights of the hits the main thread serves are built here (a getter: built when read).
    // The rest of a hit (key, title, url, ...) is its entry's, which the main thread holds.
    return { rowId, score, errorMatch, highlights: i < request.highlights ? hit.highlights : null };
  });
  return { id: request.id, generation, page: { total: page.total, didYouMean: page.didYouMean, query: queryToWire(page.query), hits }, entries };
}

parentPort?.on('message', (request: ThreadRequest) => {
  try {
    parentPort?.postMessage(answer(request));
  } catch (error) {
    const e = error as Error;
    parentPort?.postMessage({ id: request.id, error: { message: e.message, ...(isAppError(e) ? { code: e.code, details: e.details } : {}) } });
  }
});
