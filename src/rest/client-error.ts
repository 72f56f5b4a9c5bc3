// Errors Node's HTTP parser raises before Fastify sees a request (headers or URL over 16 KB,
// malformed request line, header timeout). Fastify's default answer is ad-hoc JSON without a
// code; clients get the same RFC 9457 problem document as for every other error instead.
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ErrorCode } from '../errors.ts';
import { problem } from './problem.ts';

function classify(code: string | undefined): { status: number; code: ErrorCode; detail: string } {
  if (code === 'HPE_HEADER_OVERFLOW') {
    return { status: 431, code: 'PAYLOAD_TOO_LARGE', detail: 'The request line or headers exceed the allowed size (16 KB); shorten the URL or query.' };
  }
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return { status: 408, code: 'BAD_USER_INPUT', detail: 'The request was not received in time.' };
  return { status: 400, code: 'BAD_USER_INPUT', detail: 'Malformed HTTP request.' };
}

export function clientErrorHandler(error: Error & { code?: string }, socket: Duplex): void {
  // A reset connection has nobody left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const c = classify(error.code);
    const id = randomUUID();
    const body = JSON.stringify({ ...problem(c.code, c.detail), status: c.status, requestId: id });
    socket.write(
      `HTTP/1.1 ${c.status} ${STATUS_CODES[c.status] ?? 'Error'}\r\nContent-Type: application/problem+json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nx-request-id: ${id}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
