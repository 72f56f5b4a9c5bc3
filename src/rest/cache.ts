// HTTP caching for the read-only routes. Answers are serialized once per database generation and
// request (an ingest, here or in another process, invalidates them at once) and sent with a strong
// ETag and Cache-Control; If-None-Match answers 304. Operators and the chatbot repeat the same
// questions: a hit skips the lookup, the mapping, JSON.stringify and the hash, and is answered
// synchronously (no promise, no microtask), which is most of what a repeated question costs.
// A chatbot asks mostly questions nobody asks again: an answer is kept only from its second asking
// (the first is only remembered, as a key), so a stream of distinct questions does not fill the heap
// with answers the garbage collector then copies and promotes for nothing.
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=600';
const JSON_TYPE = 'application/json; charset=utf-8';

interface Answer {
  /** The serialized answer as bytes: Fastify neither re-encodes nor re-measures it per request. */
  readonly body: Buffer;
  readonly etag: string;
}

/**
 * A cache key from a route name and its normalized inputs, unambiguous for any text: each string
 * is prefixed with its length, absent parts are `~`. (JSON.stringify of the parts did the same at
 * twice the cost.)
 */
export function answerKey(...parts: readonly (string | number | undefined)[]): string {
  let key = '';
  for (const part of parts) key += part === undefined ? '~' : typeof part === 'number' ? `${part};` : `${part.length}:${part}`;
  return key;
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/**
 * At most `max` values: recently used ones live in `hot`; when it is full it becomes `cold` (the
 * older `cold` is dropped), and a hit in `cold` moves back to `hot`. Close to least-recently-used,
 * but a hit in `hot` (the common case) is one Map lookup instead of a delete and a re-insert.
 */
class TwoGenerations<V> {
  private hot = new Map<string, V>();
  private cold = new Map<string, V>();

  constructor(private readonly max: number) {}

  get(key: string): V | undefined {
    const value = this.hot.get(key);
    if (value !== undefined) return value;
    const old = this.cold.get(key);
    if (old !== undefined) this.set(key, old);
    return old;
  }

  set(key: string, value: V): void {
    if (this.hot.size >= this.max / 2) {
      this.cold = this.hot;
      this.hot = new Map();
    }
    this.hot.set(key, value);
  }
}

/** The answers of one database generation, and the questions asked once there (4x as many). */
class Answers {
  private readonly answers: TwoGenerations<Answer>;
  private readonly asked: TwoGenerations<true>;

  constructor(
    readonly generation: string,
    max: number,
  ) {
    this.answers = new TwoGenerations(max);
    this.asked = new TwoGenerations(4 * max);
  }

  get(key: string): Answer | undefined {
    return this.answers.get(key);
  }

  /** Keeps the answer if its question was asked before (else only remembers the question). */
  offer(key: string, answer: Answer): void {
    if (this.asked.get(key) === undefined) this.asked.set(key, true);
    else this.answers.set(key, answer);
  }
}

export class AnswerCache {
  private answers: Answers;

  constructor(
    private readonly generation: () => string,
    private readonly maxEntries = 2000,
  ) {
    this.answers = new Answers('', maxEntries);
  }

  /**
   * Sends the cached answer for `key`, computing it first when absent. `compute` may throw (not
   * cached). A hit is sent before this returns; a miss returns the promise of the send.
   */
  send(request: FastifyRequest, reply: FastifyReply, key: string, compute: () => Promise<unknown>): FastifyReply | Promise<FastifyReply> {
    const answers = this.current();
    const answer = answers.get(key);
    if (answer !== undefined) return this.reply(request, reply, answer);
    return this.fill(request, reply, answers, key, compute);
  }

  private current(): Answers {
    const generation = this.generation();
    if (this.answers.generation !== generation) this.answers = new Answers(generation, this.maxEntries);
    return this.answers;
  }

  private async fill(request: FastifyRequest, reply: FastifyReply, answers: Answers, key: string, compute: () => Promise<unknown>): Promise<FastifyReply> {
    const body = Buffer.from(JSON.stringify(await compute()));
    const answer = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"` };
    // Computed from the generation it was asked in: kept only there (a newer one starts empty).
    answers.offer(key, answer);
    return this.reply(request, reply, answer);
  }

  private reply(request: FastifyRequest, reply: FastifyReply, answer: Answer): FastifyReply {
    reply.header('etag', answer.etag).header('cache-control', CACHE_CONTROL);
    if (matches(request.headers['if-none-match'], answer.etag)) return reply.code(304).send();
    return reply.header('content-type', JSON_TYPE).send(answer.body);
  }
}
