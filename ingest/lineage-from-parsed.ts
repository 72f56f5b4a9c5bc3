import type { LineageEntry } from './lineage-types.ts';
import type { ParsedPage } from './types.ts';

/**
 * The lineage view of a parsed page: one entry per parsed entry, ids `<version>|<entry url>` (unique
 * because the parser makes heading ids unique within a page). Text is everything the entry says, so
 * similarity sees symptoms, causes, fixes, prose and code.
 */
export function lineageEntriesOf(page: ParsedPage): LineageEntry[] {
  const idOf = (slug: string) => `${page.version}|${page.url}#${slug}`;
  return page.entries.map((entry) => ({
    id: idOf(entry.slug),
    version: page.version,
    pageUrl: page.url,
    pageTitle: page.title,
    slug: entry.slug,
    title: entry.title,
    level: entry.level,
    ...(entry.parentSlug !== undefined ? { parentId: idOf(entry.parentSlug) } : {}),
    text: [...entry.symptoms, ...entry.causes, ...entry.fixes, ...entry.paragraphs, ...entry.snippets.map((s) => s.code)].join('\n'),
  }));
}
