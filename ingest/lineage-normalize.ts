import { decodeEntities } from './entities.ts';

// Normalised views of titles, heading ids and text that survive the cosmetic drift between Istio doc
// versions (apostrophe styles, "HTTP/1.0" vs "http10", Pilot renamed Istiod in 1.5, version strings in
// sample YAML), so lineage matching compares what the docs say rather than how a release spelled it.

/** Words that carry no identity: "Authorization Too Permissive" and "Authorization is too permissive" are one title. */
const STOPWORDS = new Set([
  'a', 'an', 'the', 'is', 'are', 'be', 'of', 'to', 'in', 'on', 'for', 'with', 'my', 'your', 'and', 'or',
  'when', 'while', 'from', 'at', 'by', 'it', 'its',
]);

/** Caps the text that similarity looks at: guideline sections are short, and this bounds the work on hostile input. */
const MAX_TEXT_CHARS = 20_000;
const SHINGLE_SIZE = 3;

function baseFold(raw: string): string {
  return decodeEntities(raw)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’‘`]/g, '')
    // "HTTP/1.0" -> "http10" and "retry/timeout" -> "retrytimeout", like the heading ids some versions generate.
    .replace(/([a-z0-9])[/.](?=[a-z0-9])/g, '$1')
    .replace(/[^a-z0-9]+/g, ' ')
    .replace(/\bistio pilot\b/g, 'istiod')
    .replace(/\bpilot\b/g, 'istiod')
    .trim();
}

/** Significant title words, with the renames that do not change the guideline folded away. */
export function titleTokens(title: string): string[] {
  const folded = baseFold(title)
    .replace(/^avoid /, '')
    .replace(/ (errors?|fails)$/, '');
  return folded.split(' ').filter((word) => word !== '' && !STOPWORDS.has(word));
}

/** The exact-match form of a title: equal for "503 errors while…" and "Avoid 503 errors while…". */
export function titleMatchKey(title: string): string {
  return titleTokens(title).join(' ');
}

/** Heading ids without separators: `envoy-wont-connect-to-my-http10-service` == `envoy-won-t-connect-to-my-http-1-0-service`. */
export function slugMatchKey(slug: string): string {
  return slug.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/** Word 3-shingles of the text with version noise removed (release-1.16, /v1.4/, 1.8.0). */
export function textShingles(text: string): Set<string> {
  const cleaned = text
    .slice(0, MAX_TEXT_CHARS)
    .replace(/release-\d+\.\d+/gi, 'release')
    .replace(/\/v\d+\.\d+\//gi, '/')
    .replace(/\bv?\d+\.\d+(\.\d+)*(-[a-z0-9.]+)?\b/gi, ' ');
  const words = baseFold(cleaned).split(' ').filter((word) => word !== '');
  const shingles = new Set<string>();
  if (words.length < SHINGLE_SIZE) {
    if (words.length > 0) shingles.add(words.join(' '));
    return shingles;
  }
  for (let i = 0; i + SHINGLE_SIZE <= words.length; i += 1) shingles.add(words.slice(i, i + SHINGLE_SIZE).join(' '));
  return shingles;
}

/** True when the folded title appears inside the folded text, e.g. as a sub-heading the section absorbed. */
export function textMentionsTitle(text: string, title: string): boolean {
  const needle = baseFold(title);
  return needle.length >= 12 && ` ${baseFold(text.slice(0, MAX_TEXT_CHARS))} `.includes(` ${needle} `);
}

/** The page path without the version prefix, so `/v1.4/docs/x/` and `/v1.5/docs/x/` compare equal. */
export function pagePath(url: string): string {
  const withoutOrigin = url.replace(/^[a-z]+:\/\/[^/]+/i, '').replace(/[#?].*$/, '');
  return withoutOrigin.replace(/^\/v\d+\.\d+(?=\/)/i, '').replace(/\/+$/, '').toLowerCase();
}

/** Orders "0.8" < "1.0" < "1.2" < "1.10"; non-numeric parts sort after numeric ones, then lexically. */
export function compareVersions(a: string, b: string): number {
  const pa = a.replace(/^v/i, '').split('.');
  const pb = b.replace(/^v/i, '').split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
    const x = pa[i] ?? '';
    const y = pb[i] ?? '';
    if (x === y) continue;
    if (x === '' || y === '') return x === '' ? -1 : 1;
    const nx = /^\d+$/.test(x) ? Number(x) : Number.NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : Number.NaN;
    if (!Number.isNaN(nx) && !Number.isNaN(ny)) return nx - ny;
    if (!Number.isNaN(nx)) return -1;
    if (!Number.isNaN(ny)) return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}
