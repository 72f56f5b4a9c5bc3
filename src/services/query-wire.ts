// A parsed question between threads, as a JSON string. Its structured clone cost the search thread
// and the main thread about 10 µs per question together (a Set and a dozen small arrays; measured
// through a MessageChannel), as much as the clone of the hits, while the main thread reads the
// question only for passages and the highlight of a hit it did not get built: a string costs about
// 1 µs to send, and is parsed on the main thread only when read.
import type { ParsedQuery } from '../search/query.ts';

export function queryToWire(query: ParsedQuery): string {
  return JSON.stringify({ ...query, error: { ...query.error, tokens: [...query.error.tokens] } });
}

export function queryFromWire(wire: string): ParsedQuery {
  const q = JSON.parse(wire) as ParsedQuery & { error: ParsedQuery['error'] & { tokens: string[] } };
  return { ...q, error: { ...q.error, tokens: new Set(q.error.tokens) } };
}
