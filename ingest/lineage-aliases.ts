import { titleMatchKey } from './lineage-normalize.ts';

/**
 * Curated lineage for the few cases similarity cannot decide on its own. Each alias pins a canonical key
 * and lists the titles (any version) that belong to it; entries with these titles are linked to each
 * other whatever their text, and their lineage takes `key` instead of the earliest title's key.
 * Keep it short: everything else is matched by title, heading id and content.
 */
export interface LineageAlias {
  readonly key: string;
  readonly titles: readonly string[];
  readonly why: string;
}

export const LINEAGE_ALIASES: readonly LineageAlias[] = [
  {
    key: 'headless-tcp-services-losing-connection',
    titles: ['Headless TCP services losing connection from Istiofied containers', 'Headless TCP services losing connection'],
    why: 'v0.8 has the longer title; diagnose rules reference the v1.0 key, which must not change when v0.8 is ingested.',
  },
  {
    key: 'authorization-too-restrictive',
    titles: ['Authorization Too Restrictive', 'Authorization is too restrictive or permissive'],
    why:
      'v1.9 merges the restrictive and permissive items into one section. It continues the restrictive lineage ' +
      '(named first in the merged title); the permissive lineage ends at v1.8.',
  },
];

const byMatchKey = new Map<string, string>();
for (const alias of LINEAGE_ALIASES) {
  for (const title of alias.titles) byMatchKey.set(titleMatchKey(title), alias.key);
}

/** The pinned key for a title, or undefined when no alias lists it. Compared on normalised titles. */
export function aliasKeyFor(title: string): string | undefined {
  return byMatchKey.get(titleMatchKey(title));
}
