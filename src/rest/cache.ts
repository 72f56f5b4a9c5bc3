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
import { ANSWER_BYTES, ASKED_KEYS, FromSecondAsking } from '../support/lru.ts';

export const CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=600';
const JSON_TYPE = 'application/json; charset=utf-8';

export interface Answer {
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

/** What a kept answer costs: its bytes, its key (UTF-16) and the objects around them. */
export function answerBytes(key: string, answer: Answer): number {
  return answer.body.length + key.length * 2 + answer.etag.length * 2 + 120;
}

/** The answers of one database generation. */
class Answers extends FromSecondAsking<string, Answer> {
  constructor(
    readonly generation: string,
    budget: number,
  ) {
    super({ kept: budget, cost: answerBytes, asked: ASKED_KEYS });
  }
}

export class AnswerCache {
  private answers: Answers;

  constructor(
    private readonly generation: () => string,
    private readonly budgetBytes = ANSWER_BYTES,
  ) {
    this.answers = new Answers('', budgetBytes);
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
    if (this.answers.generation !== generation) this.answers = new Answers(generation, this.budgetBytes);
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
