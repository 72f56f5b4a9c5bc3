// A parsed question crosses from a search thread to the main thread as a string (src/services/query-wire.ts):
// what arrives is the question the thread parsed, its error signature's token set included.
import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../src/search/query.ts';
import { queryFromWire, queryToWire } from '../../src/services/query-wire.ts';

const QUESTIONS = [
  '503 after I created a destination rule',
  'upstream connect error or disconnect/reset before headers. reset reason: connection termination',
  '2021-04-23T20:43:18.552910Z error dial tcp 10.96.44.51:443: connect: connection refused',
  "why doesn't my sidecar.istio.io/inject annotation work on istio 1.19.x",
  'destnation rul',
  '',
];

describe('query wire', () => {
  it('brings the parsed question across unchanged', () => {
    for (const q of QUESTIONS) {
      const parsed = parseQuery(q);
      const back = queryFromWire(queryToWire(parsed));
      expect(back, q).toEqual(parsed);
      expect(back.error.tokens, q).toBeInstanceOf(Set);
    }
  });
});
