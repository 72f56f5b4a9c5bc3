// Opaque pagination cursors: an offset bound to the query it belongs to, so a cursor from one
// search cannot silently page through another. The scope is hashed once per page, not per edge.
import { createHash } from 'node:crypto';
import { BadUserInputError } from '../errors.ts';

export interface CursorCodec {
  encode(offset: number): string;
  /** The offset after `cursor` (0 without one). */
  decodeAfter(cursor: string | null | undefined): number;
}

export function cursorCodec(scope: string): CursorCodec {
  const hash = createHash('sha256').update(scope).digest('base64url').slice(0, 8);
  return {
    encode: (offset) => Buffer.from(`${hash}:${offset}`).toString('base64url'),
    decodeAfter(cursor) {
      if (cursor === null || cursor === undefined || cursor === '') return 0;
      const m = /^([\w-]{8}):(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
      if (!m || m[1] !== hash) {
        throw new BadUserInputError('Invalid cursor: pass the `endCursor` of a previous page of the same query.', { after: cursor.slice(0, 64) });
      }
      return Number(m[2]) + 1;
    },
  };
}
