import { decodeEntities } from './entities.ts';

/**
 * A version-independent key for a heading. Heading ids differ across Istio versions
 * ("envoy-wont-…" vs "envoy-won-t-…"), so keys drop apostrophes instead of splitting on them.
 */
export function keyFromTitle(title: string): string {
  return decodeEntities(title)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’‘`]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
