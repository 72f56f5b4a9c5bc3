// The shipped archive's entry index (archive/entry-links.json): made by ingesting the archive into
// a database of its own and reading every entry's key, version, title and URL back.
import { createAppContext } from '../app.ts';
import { loadConfig } from '../config/index.ts';
import { SqliteEntryLinks } from '../repositories/entry-links.ts';
import type { EntryLinksIndex } from '../repositories/shipped-entry-links.ts';
import { SHIPPED_ARCHIVE } from './ingest.ts';

export async function entryLinksIndexOf(databaseFile: string, sources: readonly string[] = [SHIPPED_ARCHIVE]): Promise<EntryLinksIndex> {
  const ctx = await createAppContext(loadConfig({ DATABASE_URL: `file:${databaseFile}`, LOG_LEVEL: 'silent' }));
  try {
    await ctx.ingest.ingest(sources);
  } finally {
    await ctx.close();
  }
  const links = SqliteEntryLinks.open(databaseFile);
  if (!links) throw new Error(`no knowledge base at ${databaseFile}`);
  try {
    return { source: 'archive/istio-archive.json.br', versions: (await links.versions()).map((v) => v.name), entries: links.allEntries() };
  } finally {
    links.close();
  }
}
