// Stable keys for the whole knowledge base (see ingest/lineage.ts), run by the writer inside the
// ingest transaction.
import type { Prisma } from '../generated/prisma/client.ts';
import { assignKeys, type LineageEntry } from '../../ingest/lineage.ts';
import { parseStringArray } from './json.ts';

type Tx = Prisma.TransactionClient;

interface LineageRow {
  id: number;
  version: string;
  pageId: number;
  pageUrl: string;
  pageTitle: string;
  slug: string;
  title: string;
  level: number;
  position: number;
  key: string;
  parentKey: string | null;
  symptoms: string;
  causes: string;
  fixes: string;
  paragraphs: string;
}

/**
 * Gives every entry its stable key: the same guideline gets the same key in every version
 * (ingest/lineage.ts). Runs over the whole knowledge base after a run changed anything, because a
 * newly ingested version can link entries of versions stored earlier.
 */
export async function relinkKeys(tx: Tx): Promise<void> {
  // Portable SQL (quoted identifiers, no group_concat/string_agg): the same on SQLite and PostgreSQL.
  const rows = await tx.$queryRawUnsafe<LineageRow[]>(`
    SELECT e."id", v."name" AS "version", p."id" AS "pageId", p."url" AS "pageUrl", p."title" AS "pageTitle", e."slug", e."title",
           e."level", e."position", e."key", e."parentKey", e."symptoms", e."causes", e."fixes", e."paragraphs"
    FROM "Entry" e JOIN "Page" p ON p."id" = e."pageId" JOIN "DocVersion" v ON v."id" = e."versionId"
    ORDER BY p."id", e."position"`);
  const codeOf = new Map<number, string[]>();
  for (const s of await tx.snippet.findMany({ select: { entryId: true, code: true }, orderBy: [{ entryId: 'asc' }, { position: 'asc' }] })) {
    const list = codeOf.get(s.entryId) ?? [];
    list.push(s.code);
    codeOf.set(s.entryId, list);
  }
  const parentOf = new Map<number, number>();
  let currentSection: LineageRow | undefined;
  for (const row of rows) {
    const id = Number(row.id);
    if (Number(row.level) <= 2) currentSection = row;
    else if (currentSection && Number(currentSection.pageId) === Number(row.pageId)) parentOf.set(id, Number(currentSection.id));
  }
  const lineage: LineageEntry[] = rows.map((row) => {
    const parent = parentOf.get(Number(row.id));
    return {
      id: String(row.id),
      version: row.version,
      pageUrl: row.pageUrl,
      pageTitle: row.pageTitle,
      slug: row.slug,
      title: row.title,
      level: Number(row.level),
      ...(parent !== undefined ? { parentId: String(parent) } : {}),
      text: [...parseStringArray(row.symptoms), ...parseStringArray(row.causes), ...parseStringArray(row.fixes), ...parseStringArray(row.paragraphs), (codeOf.get(Number(row.id)) ?? []).join('\n')].join('\n'),
    };
  });
  const keys = assignKeys(lineage);
  const changes: { id: number; key: string; parentKey: string | null }[] = [];
  for (const row of rows) {
    const id = Number(row.id);
    const key = keys.get(String(id)) ?? row.key;
    const parent = parentOf.get(id);
    const parentKey = parent !== undefined ? (keys.get(String(parent)) ?? null) : null;
    if (key !== row.key || parentKey !== row.parentKey) changes.push({ id, key, parentKey });
  }
  // Two passes, because (version, key) is unique and keys may swap between entries.
  // A turn of the event loop now and then: these awaits resolve at once (see KbWriter.write).
  const breathe = (i: number) => (i % 100 === 99 ? new Promise<void>((resolve) => setImmediate(resolve)) : undefined);
  for (const [i, c] of changes.entries()) {
    await tx.entry.update({ where: { id: c.id }, data: { key: `~relink~${c.id}` } });
    await breathe(i);
  }
  for (const [i, c] of changes.entries()) {
    await tx.entry.update({ where: { id: c.id }, data: { key: c.key, parentKey: c.parentKey } });
    await breathe(i);
  }
}
