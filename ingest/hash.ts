import { createHash } from 'node:crypto';
import { collapseWhitespace, normaliseNewlines } from './text.ts';

// Version-specific noise that would make identical guidance hash differently across versions.
const NOISE: ReadonlyArray<[RegExp, string]> = [
  [/release-\d+\.\d+(?:\.\d+)?/g, 'release-X'],
  [/\/v\d+\.\d+\//g, '/vX/'],
  [/Istioldie \d+\.\d+/g, ''],
  [/Istio Archive[^\n]*/g, ''],
  [/Archived on [A-Z][a-z]+ \d{1,2}, \d{4}/g, ''],
  [/[‘’]/g, "'"],
  [/[“”]/g, '"'],
];

function withoutNoise(text: string): string {
  let result = text;
  for (const [pattern, replacement] of NOISE) result = result.replace(pattern, replacement);
  return result;
}

/** Prose: runs of whitespace are layout, not meaning. */
export function normaliseForHash(text: string): string {
  return collapseWhitespace(withoutNoise(text));
}

/**
 * Code: indentation is meaning (YAML nesting, shell continuations), so only what cannot change a
 * parsed snippet is ignored: line endings, trailing blanks on a line, blank lines around the code.
 */
export function normaliseCodeForHash(code: string): string {
  return withoutNoise(normaliseNewlines(code))
    .replace(/[ \t]+$/gm, '')
    .replace(/^\n+|\n+$/g, '');
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Hash of normalised prose parts, then code parts; the separators keep ["ab","c"] and ["a","bc"]
 * apart, and prose apart from code.
 */
export function contentHash(prose: readonly string[], code: readonly string[] = []): string {
  const parts = prose.map(normaliseForHash).join('\u0000');
  return sha256Hex(code.length === 0 ? parts : `${parts}\u0001${code.map(normaliseCodeForHash).join('\u0000')}`);
}
