// Shared pieces of the fuzz suite: one fixed seed (override with FUZZ_SEED to explore), a per-case
// time bound, and the two "every error is coded" checks (REST problem documents, GraphQL errors).
import fc from 'fast-check';
import type { Response } from 'supertest';
import { expect } from 'vitest';

/** Fixed so CI is reproducible; fast-check prints the seed and path of a failing case. */
export const FUZZ_SEED = Number(process.env['FUZZ_SEED'] ?? 0x15710);

/** Multiplies every property's numRuns (e.g. FUZZ_SCALE=10 for a long local run). */
const SCALE = Math.max(0.1, Number(process.env['FUZZ_SCALE'] ?? 1));

/** A request that takes longer than this counts as a hang. */
export const CASE_TIMEOUT_MS = 5_000;

export function runs(numRuns: number): fc.Parameters<unknown> {
  return { seed: FUZZ_SEED, numRuns: Math.max(1, Math.round(numRuns * SCALE)), interruptAfterTimeLimit: 50_000 };
}

export const ERROR_CODES = [
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'NOT_READY',
  'CONFLICT',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
] as const;

/** Rejects with a labelled error when `promise` takes longer than `ms`. */
export async function within<T>(promise: PromiseLike<T>, ms: number, label: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hang: ${label} took longer than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** No 5xx; an error status carries an RFC 9457 problem document with a known code. */
export function expectCodedRest(res: Response, label: string): void {
  expect(res.status, `${label}: ${show(res.body)}`).toBeLessThan(500);
  if (res.status < 400) return;
  expect(res.headers['content-type'], `${label}: problem content type`).toMatch(/^application\/problem\+json/);
  const body = res.body as { code?: unknown; status?: unknown; title?: unknown; requestId?: unknown };
  expect(ERROR_CODES, `${label}: code of ${show(body)}`).toContain(body.code);
  expect(body.status, label).toBe(res.status);
  expect(typeof body.title, label).toBe('string');
  expect(typeof body.requestId, label).toBe('string');
}

interface GraphQLBody {
  data?: unknown;
  errors?: { message?: unknown; extensions?: { code?: unknown; stacktrace?: unknown } }[];
}

/** No 5xx; every GraphQL error has a known `extensions.code` and never INTERNAL_SERVER_ERROR. */
export function expectCodedGraphQL(res: Response, label: string): void {
  expect(res.status, `${label}: ${show(res.body)}`).toBeLessThan(500);
  const body = res.body as GraphQLBody;
  expect(body === null || typeof body !== 'object', `${label}: body is not JSON: ${show(res.text)}`).toBe(false);
  for (const error of body.errors ?? []) {
    expect(typeof error.message, label).toBe('string');
    expect(ERROR_CODES, `${label}: code of ${show(error)}`).toContain(error.extensions?.code);
  }
  if (res.status >= 400) expect(body.errors?.length ?? 0, `${label}: error status without errors`).toBeGreaterThan(0);
}
