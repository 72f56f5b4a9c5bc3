// Generators for hostile search text: arbitrary unicode, FTS5 syntax soup, very long strings.
import fc from 'fast-check';

const FTS_TOKENS = [
  '"', '""', "'", '*', ':', '-', '^', '+', '(', ')', '{', '}', '[', ']', ',', '.', '/', '\\', '%', '_', '~', '!', '?',
  'AND', 'OR', 'NOT', 'NEAR', 'NEAR(', 'NEAR/3', 'and', 'or', 'not', 'near',
  'title:', 'body:', 'slug:', 'key:', '{title body}:', '-title:', 'rowid:', 'entry_fts:', 'x*', '*x', 'a"b', '"a b"*',
  '503', 'upstream', 'connect', 'error', 'destination rule', 'mTLS', 'gateway', 'sidecar', 'envoy', 'istio-proxy',
  'UPSTREAM_CONNECT_ERROR', 'no healthy upstream', 'x-envoy-*', '\u0000', '\t', '\n', '\r\n', ' ', '  ',
  'é', 'ß', 'İ', 'ﬁ', '日本語', '🙂', '\u200b', '\u202e', '\ufeff', 'Ａ', '%00', '%', 'SELECT', "';--", 'MATCH',
];

/** FTS5 operators, column filters, quotes and real vocabulary glued together. */
export const ftsSoup: fc.Arbitrary<string> = fc
  .array(fc.oneof(fc.constantFrom(...FTS_TOKENS), fc.string({ maxLength: 6 })), { minLength: 1, maxLength: 14 })
  .chain((parts) => fc.array(fc.constantFrom('', ' ', ' ', ''), { minLength: parts.length, maxLength: parts.length }).map((gaps) => parts.map((p, i) => p + (gaps[i] ?? '')).join('')));

/** Any code points, graphemes, control characters included. */
export const unicodeText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary-ascii', maxLength: 80 }),
);

/** Around and far beyond the query-length cap. */
export const longText: fc.Arbitrary<string> = fc
  .tuple(fc.oneof(ftsSoup, fc.constantFrom('a', 'x* ', '"', 'OR ', 'é', '🙂')), fc.integer({ min: 100, max: 4000 }))
  .map(([unit, n]) => unit.repeat(Math.ceil(n / Math.max(1, unit.length))).slice(0, n));

export const searchText: fc.Arbitrary<string> = fc.oneof({ weight: 5, arbitrary: ftsSoup }, { weight: 3, arbitrary: unicodeText }, { weight: 1, arbitrary: longText });
