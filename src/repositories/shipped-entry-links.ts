// The entries rules link to, as the shipped archive yields them (archive/entry-links.json, written
// by `npm run archive:links` and checked against the archive by test/ingest/archive.test.ts). Lets
// `istio-kb diagnose` cite the guideline for the judged version without any knowledge base.
import { existsSync, readFileSync } from 'node:fs';
import { packagePath } from '../support/package-root.ts';
import type { EntryLinkRecord, EntryLinkSource } from './entry-links.ts';

export const SHIPPED_ENTRY_LINKS_FILE = packagePath('archive', 'entry-links.json');

/** On disk: versions newest first; per key, [version, title, url] newest first. */
export interface EntryLinksIndex {
  readonly source: string;
  readonly versions: readonly string[];
  readonly entries: Readonly<Record<string, readonly (readonly [version: string, title: string, url: string])[]>>;
}

export class ShippedEntryLinks implements EntryLinkSource {
  constructor(private readonly index: EntryLinksIndex) {}

  static load(file = SHIPPED_ENTRY_LINKS_FILE): ShippedEntryLinks {
    const index: EntryLinksIndex = existsSync(file)
      ? (JSON.parse(readFileSync(file, 'utf8')) as EntryLinksIndex)
      : { source: 'none', versions: [], entries: {} };
    return new ShippedEntryLinks(index);
  }

  async versions(): Promise<readonly { readonly name: string }[]> {
    return this.index.versions.map((name) => ({ name }));
  }

  async entriesForKeys(keys: readonly string[], version: string | undefined): Promise<Map<string, EntryLinkRecord>> {
    const found = new Map<string, EntryLinkRecord>();
    for (const key of new Set(keys)) {
      const rows = this.index.entries[key];
      const row = (version ? rows?.find(([v]) => v === version) : undefined) ?? rows?.[0];
      if (row) found.set(key, { key, version: row[0], title: row[1], url: row[2] });
    }
    return found;
  }

  generation(): string {
    return 'shipped';
  }

  close(): void {}
}

/** A knowledge base first, the shipped index for keys (and versions) it does not have. */
export function withFallback(primary: EntryLinkSource, fallback: EntryLinkSource): EntryLinkSource {
  return {
    async versions() {
      const own = await primary.versions();
      return own.length > 0 ? own : fallback.versions();
    },
    async entriesForKeys(keys, version) {
      const found = await primary.entriesForKeys(keys, version);
      const missing = keys.filter((k) => !found.has(k));
      if (missing.length > 0) for (const [k, e] of await fallback.entriesForKeys(missing, version)) found.set(k, e);
      return found;
    },
    generation: () => primary.generation(),
    close() {
      primary.close();
      fallback.close();
    },
  };
}
