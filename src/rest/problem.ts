// RFC 9457 problem documents for every REST error, with the same `code` as GraphQL's
// `extensions.code`, so clients handle one vocabulary.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { HTTP_STATUS, isAppError, type ErrorCode } from '../errors.ts';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code: ErrorCode;
  requestId?: string;
  [extension: string]: unknown;
}

const TITLES: Record<ErrorCode, string> = {
  BAD_USER_INPUT: 'Bad request',
  NOT_FOUND: 'Not found',
  CONFLICT: 'Conflict',
  PAYLOAD_TOO_LARGE: 'Payload too large',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported media type',
  RATE_LIMITED: 'Too many requests',
  NOT_READY: 'Service unavailable',
  INTERNAL_SERVER_ERROR: 'Internal server error',
};

export function problem(code: ErrorCode, detail: string, request?: FastifyRequest, extensions: Record<string, unknown> = {}): Problem {
  return {
    type: `https://istio-kb.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: TITLES[code],
    status: HTTP_STATUS[code],
    detail,
    code,
    ...(request ? { instance: request.url, requestId: String(request.id) } : {}),
    ...extensions,
  };
}

export function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  return reply.code(p.status).type('application/problem+json').send(p);
}

/** Maps Fastify's own errors (body limit, bad JSON, unsupported type) and ours to problems. */
export function toProblem(error: unknown, request: FastifyRequest): Problem {
  if (isAppError(error)) return problem(error.code, error.message, request, error.details ? { details: error.details } : {});
  const fe = error as Partial<FastifyError>;
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code: ErrorCode =
      fe.statusCode === 413 ? 'PAYLOAD_TOO_LARGE' : fe.statusCode === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : fe.statusCode === 429 ? 'RATE_LIMITED' : fe.statusCode === 404 ? 'NOT_FOUND' : 'BAD_USER_INPUT';
    return { ...problem(code, fe.message ?? 'Bad request', request), status: fe.statusCode };
  }
  return problem('INTERNAL_SERVER_ERROR', 'An unexpected error occurred; it has been logged.', request);
}
