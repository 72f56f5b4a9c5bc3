// One typed error hierarchy for the whole service. Transports map `code` to their own form:
// GraphQL `extensions.code`, RFC 9457 problem documents (status + code), CLI exit code 2.

export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'RATE_LIMITED'
  | 'NOT_READY'
  | 'CONFLICT'
  | 'INTERNAL_SERVER_ERROR';

export const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL_SERVER_ERROR: 500,
  NOT_READY: 503,
};

export class AppError extends Error {
  readonly code: ErrorCode;
  /** Machine-readable details that are safe to show to the caller. */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return HTTP_STATUS[this.code];
  }
}

export class BadUserInputError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('BAD_USER_INPUT', message, details);
  }
}

export class NotFoundError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('NOT_FOUND', message, details);
  }
}

/** Input larger than a configured limit (bytes, documents, resources, alias expansion, nesting). */
export class InputTooLargeError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('PAYLOAD_TOO_LARGE', message, details);
  }
}

export class UnknownVersionError extends AppError {
  constructor(requested: string, known: readonly string[]) {
    super(
      'BAD_USER_INPUT',
      `Unknown doc version "${requested}". Known versions: ${known.join(', ') || '(none ingested yet)'}.`,
      { version: requested, knownVersions: known },
    );
  }
}

export class NotReadyError extends AppError {
  constructor(message = 'The knowledge base is not ready yet.') {
    super('NOT_READY', message);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('CONFLICT', message, details);
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
