// Settings for fetching pages over http(s). Callers (CLI flags, API input) pass partial options;
// they are checked here once so a bad value is a BadUserInputError, not a hung or runaway ingest.
import { z } from 'zod';
import { BadUserInputError } from '../src/errors.ts';
import { MAX_HTML_BYTES } from './load-html.ts';

/** What the store kept from the last fetch of a URL, for a conditional request. */
export interface Validators {
  readonly etag: string | null;
  readonly lastModified: string | null;
}

export interface HttpOptions {
  /** Pages fetched (or files read) at the same time. Default 4. */
  readonly concurrency?: number;
  /** Per attempt, headers and body together. Default 15 000 ms. */
  readonly timeoutMs?: number;
  /** Extra attempts after network errors, timeouts, 429 and 5xx. Default 3. */
  readonly retries?: number;
  /** First backoff delay; it doubles per retry, with jitter. Default 500 ms. */
  readonly backoffMs?: number;
  /** Cap for one backoff delay and for a server's Retry-After. Default 30 000 ms. */
  readonly maxDelayMs?: number;
  /** Largest response body accepted. Default (and maximum) the parser's limit, 8 MiB. */
  readonly maxBytes?: number;
  /** Validators stored by the last ingest of `url`, or null; a 304 answer then means "unchanged". */
  readonly conditional?: (url: string) => Promise<Validators | null>;
}

export interface HttpSettings {
  readonly concurrency: number;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly backoffMs: number;
  readonly maxDelayMs: number;
  readonly maxBytes: number;
  readonly conditional: ((url: string) => Promise<Validators | null>) | null;
}

const int = (min: number, max: number) => z.number().int().min(min).max(max);

const schema = z.object({
  concurrency: int(1, 64).default(4),
  timeoutMs: int(1, 10 * 60_000).default(15_000),
  retries: int(0, 10).default(3),
  backoffMs: int(0, 60_000).default(500),
  maxDelayMs: int(0, 10 * 60_000).default(30_000),
  maxBytes: int(1, MAX_HTML_BYTES).default(MAX_HTML_BYTES),
});

export function resolveHttpSettings(options: HttpOptions = {}): HttpSettings {
  const { conditional, ...numbers } = options;
  const parsed = schema.safeParse(numbers);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BadUserInputError(`Invalid ingest option ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid value'}`, {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  if (conditional !== undefined && typeof conditional !== 'function') {
    throw new BadUserInputError('Invalid ingest option conditional: expected a function');
  }
  return { ...parsed.data, conditional: conditional ?? null };
}
