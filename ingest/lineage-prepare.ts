import { BadUserInputError, InputTooLargeError } from '../src/errors.ts';
import { aliasKeyFor } from './lineage-aliases.ts';
import { pagePath, slugMatchKey, textShingles, titleTokens } from './lineage-normalize.ts';
import type { LineageEntry } from './lineage-types.ts';

/** Far above the corpus (~1,100 entries); bounds memory and time for a caller passing garbage. */
export const MAX_LINEAGE_ENTRIES = 100_000;

/** An entry with its normalised views computed once. Shingles are computed only when similarity needs them. */
export interface PreparedEntry {
  readonly entry: LineageEntry;
  readonly versionIndex: number;
  readonly order: number;
  readonly titleKey: string;
  readonly slugKey: string;
  readonly aliasKey: string | undefined;
  readonly path: string;
  readonly tokens: ReadonlySet<string>;
  shinglesCache?: ReadonlySet<string>;
}

export function shinglesOf(prepared: PreparedEntry): ReadonlySet<string> {
  prepared.shinglesCache ??= textShingles(`${prepared.entry.title}\n${prepared.entry.text}`);
  return prepared.shinglesCache;
}

export function validateEntries(entries: unknown): readonly LineageEntry[] {
  if (!Array.isArray(entries)) throw new BadUserInputError('assignKeys expects an array of lineage entries.');
  if (entries.length > MAX_LINEAGE_ENTRIES) {
    throw new InputTooLargeError(`Too many lineage entries: ${entries.length} > ${MAX_LINEAGE_ENTRIES}.`);
  }
  const ids = new Set<string>();
  entries.forEach((value: unknown, index) => {
    if (!isLineageEntry(value)) throw new BadUserInputError(`Lineage entry #${index} is malformed.`, { index });
    if (ids.has(value.id)) throw new BadUserInputError(`Duplicate lineage entry id "${value.id}".`, { id: value.id });
    ids.add(value.id);
  });
  return entries as LineageEntry[];
}

function isLineageEntry(value: unknown): value is LineageEntry {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const strings = ['id', 'version', 'pageUrl', 'pageTitle', 'slug', 'title', 'text'] as const;
  if (!strings.every((field) => typeof v[field] === 'string')) return false;
  if (v['id'] === '' || v['version'] === '') return false;
  if (v['parentId'] !== undefined && typeof v['parentId'] !== 'string') return false;
  return v['level'] === 1 || v['level'] === 2 || v['level'] === 3;
}

export function prepareEntry(entry: LineageEntry, versionIndex: number, order: number): PreparedEntry {
  const tokens = titleTokens(entry.title);
  return {
    entry,
    versionIndex,
    order,
    // A title made only of stopwords still needs a non-empty identity; fall back to the heading id.
    titleKey: tokens.length > 0 ? tokens.join(' ') : `#${slugMatchKey(entry.slug)}`,
    slugKey: slugMatchKey(entry.slug),
    aliasKey: aliasKeyFor(entry.title),
    path: pagePath(entry.pageUrl),
    tokens: new Set(tokens),
  };
}

/** Entries of one version in a fixed order that does not depend on the caller's order. */
export function compareEntries(a: LineageEntry, b: LineageEntry): number {
  return (
    cmp(pagePath(a.pageUrl), pagePath(b.pageUrl)) ||
    a.level - b.level ||
    cmp(a.slug, b.slug) ||
    cmp(a.title, b.title) ||
    cmp(a.id, b.id)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
