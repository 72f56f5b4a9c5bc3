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
  METHOD_NOT_ALLOWED: 'Method not allowed',
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

const PARTS: Record<string, string> = { querystring: 'query parameters', params: 'path', body: 'JSON body', headers: 'headers' };

/**
 * A failed schema validation (zod through Fastify) as the same problem the routes raised when they
 * validated by hand: BAD_USER_INPUT, a detail naming each field, and `details.errors`.
 */
function validationProblem(fe: Partial<FastifyError>, request: FastifyRequest): Problem {
  const what = PARTS[fe.validationContext ?? ''] ?? 'request';
  const errors = (fe.validation ?? []).map((v) => ({
    field: v.instancePath.replace(/^\//, '').replace(/\//g, '.'),
    message: v.message ?? 'invalid',
  }));
  const detail = `Invalid ${what}: ${errors.map((e) => `${e.field || what}: ${e.message}`).join('; ') || fe.message}`;
  return problem('BAD_USER_INPUT', detail, request, { details: { errors } });
}

/** Maps Fastify's own errors (validation, body limit, bad JSON, unsupported type) and ours to problems. */
export function toProblem(error: unknown, request: FastifyRequest): Problem {
  if (isAppError(error)) return problem(error.code, error.message, request, error.details ? { details: error.details } : {});
  const fe = error as Partial<FastifyError>;
  if (Array.isArray(fe.validation)) return validationProblem(fe, request);
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code: ErrorCode =
      fe.statusCode === 413 ? 'PAYLOAD_TOO_LARGE' : fe.statusCode === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : fe.statusCode === 429 ? 'RATE_LIMITED' : fe.statusCode === 404 ? 'NOT_FOUND' : 'BAD_USER_INPUT';
    return { ...problem(code, fe.message ?? 'Bad request', request), status: fe.statusCode };
  }
  return problem('INTERNAL_SERVER_ERROR', 'An unexpected error occurred; it has been logged.', request);
}
