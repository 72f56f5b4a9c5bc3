// Opaque pagination cursors: an offset bound to the query it belongs to, so a cursor from one
// search cannot silently page through another.
import { createHash } from 'node:crypto';
import { BadUserInputError } from '../errors.ts';

function scopeHash(scope: string): string {
  return createHash('sha256').update(scope).digest('base64url').slice(0, 8);
}

export function encodeCursor(offset: number, scope: string): string {
  return Buffer.from(`${scopeHash(scope)}:${offset}`).toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined, scope: string): number {
  if (cursor === null || cursor === undefined || cursor === '') return 0;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const m = /^([\w-]{8}):(\d{1,9})$/.exec(text);
  if (!m || m[1] !== scopeHash(scope)) {
    throw new BadUserInputError('Invalid cursor: pass the `endCursor` of a previous page of the same query.', { after: cursor.slice(0, 64) });
  }
  return Number(m[2]) + 1;
}
