// HTTP caching for the read-only routes. Answers are serialized once per database generation and
// request (an ingest, here or in another process, invalidates them at once) and sent with a strong
// ETag and Cache-Control; If-None-Match answers 304. Operators and the chatbot repeat the same
// questions: a hit skips the lookup, the mapping, JSON.stringify and the hash.
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Lru } from '../support/lru.ts';

export const CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=600';

interface Answer {
  readonly body: string;
  readonly etag: string;
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

export class AnswerCache {
  private readonly answers: Lru<string, Answer>;

  constructor(
    private readonly generation: () => string,
    maxEntries = 2000,
  ) {
    this.answers = new Lru<string, Answer>(maxEntries);
  }

  /** Sends the cached answer for `key`, computing it first when absent. `compute` may throw (not cached). */
  async send(request: FastifyRequest, reply: FastifyReply, key: string, compute: () => Promise<unknown>): Promise<FastifyReply> {
    const cacheKey = `${this.generation()}\u0000${key}`;
    let answer = this.answers.get(cacheKey);
    if (answer === undefined) {
      const body = JSON.stringify(await compute());
      answer = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"` };
      this.answers.set(cacheKey, answer);
    }
    reply.header('etag', answer.etag).header('cache-control', CACHE_CONTROL);
    if (matches(request.headers['if-none-match'], answer.etag)) return reply.code(304).send();
    return reply.type('application/json; charset=utf-8').send(answer.body);
  }
}
