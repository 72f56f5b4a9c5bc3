import { createHash } from 'node:crypto';
import { collapseWhitespace } from './text.ts';

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

export function normaliseForHash(text: string): string {
  let result = text;
  for (const [pattern, replacement] of NOISE) result = result.replace(pattern, replacement);
  return collapseWhitespace(result);
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Hash of normalised parts; the separator keeps ["ab","c"] and ["a","bc"] apart. */
export function contentHash(parts: readonly string[]): string {
  return sha256Hex(parts.map(normaliseForHash).join('\u0000'));
}
