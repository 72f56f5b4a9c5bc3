import type { PrismaClient } from '../db/prisma.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { parseStringArray } from './json.ts';
import type { EntryRecord } from './types.ts';

const include = {
  version: { select: { name: true } },
  page: { select: { url: true, title: true } },
  snippets: { orderBy: { position: 'asc' } },
} satisfies Prisma.EntryInclude;

type EntryRow = Prisma.EntryGetPayload<{ include: typeof include }>;

function toRecord(row: EntryRow): EntryRecord {
  return {
    rowId: row.id,
    key: row.key,
    slug: row.slug,
    version: row.version.name,
    title: row.title,
    url: row.url,
    pageUrl: row.page.url,
    pageTitle: row.page.title,
    level: row.level,
    position: row.position,
    paragraphs: parseStringArray(row.paragraphs),
    symptoms: parseStringArray(row.symptoms),
    causes: parseStringArray(row.causes),
    fixes: parseStringArray(row.fixes),
    errorMessages: parseStringArray(row.errorMessages),
    commands: parseStringArray(row.commands),
    snippets: row.snippets.map((s) => ({
      language: s.language,
      code: s.code,
      kinds: parseStringArray(s.kinds),
      parseError: s.parseError,
    })),
    contentHash: row.contentHash,
    updatedAt: row.updatedAt,
  };
}

const newestFirst = [{ version: { major: 'desc' } }, { version: { minor: 'desc' } }] satisfies Prisma.EntryOrderByWithRelationInput[];

export class EntryRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * An entry by key or slug. With a version, that version only; without, the newest version that
   * has it. A key match wins over a slug match, so a renamed heading id never hides the guideline.
   */
  async findBySlugOrKey(slugOrKey: string, version?: string): Promise<EntryRecord | null> {
    // No slug or key holds a NUL character (PostgreSQL text cannot even be compared with one): such
    // input names nothing, on every store alike.
    if (slugOrKey.includes('\u0000')) return null;
    const versionFilter = version ? { version: { name: version } } : {};
    const byKey = await this.prisma.entry.findFirst({
      where: { key: slugOrKey, ...versionFilter },
      orderBy: newestFirst,
      include,
    });
    if (byKey) return toRecord(byKey);
    const bySlug = await this.prisma.entry.findFirst({
      where: { slug: slugOrKey, ...versionFilter },
      orderBy: [...newestFirst, { level: 'asc' }, { id: 'asc' }],
      include,
    });
    return bySlug ? toRecord(bySlug) : null;
  }

  async findByRowIds(rowIds: readonly number[]): Promise<Map<number, EntryRecord>> {
    if (rowIds.length === 0) return new Map();
    const rows = await this.prisma.entry.findMany({ where: { id: { in: [...rowIds] } }, include });
    return new Map(rows.map((r) => [r.id, toRecord(r)]));
  }

  async findByKeys(keys: readonly string[], version: string): Promise<Map<string, EntryRecord>> {
    if (keys.length === 0) return new Map();
    const rows = await this.prisma.entry.findMany({ where: { key: { in: [...keys] }, version: { name: version } }, include });
    return new Map(rows.map((r) => [r.key, toRecord(r)]));
  }

  /** For each key, the newest version that has it. */
  async findNewestByKeys(keys: readonly string[]): Promise<Map<string, EntryRecord>> {
    if (keys.length === 0) return new Map();
    const rows = await this.prisma.entry.findMany({ where: { key: { in: [...keys] } }, orderBy: newestFirst, include });
    const out = new Map<string, EntryRecord>();
    for (const row of rows) if (!out.has(row.key)) out.set(row.key, toRecord(row));
    return out;
  }

  async listByVersion(version: string, offset: number, limit: number): Promise<{ total: number; entries: EntryRecord[] }> {
    const where = { version: { name: version } };
    const [total, rows] = await Promise.all([
      this.prisma.entry.count({ where }),
      this.prisma.entry.findMany({
        where,
        orderBy: [{ page: { url: 'asc' } }, { position: 'asc' }, { id: 'asc' }],
        skip: offset,
        take: limit,
        include,
      }),
    ]);
    return { total, entries: rows.map(toRecord) };
  }

  /** Every version of one guideline, oldest first. */
  async findAllVersions(key: string): Promise<EntryRecord[]> {
    const rows = await this.prisma.entry.findMany({
      where: { key },
      orderBy: [{ version: { major: 'asc' } }, { version: { minor: 'asc' } }],
      include,
    });
    return rows.map(toRecord);
  }

  /** Version names that have each key, newest first. */
  async versionsOfKeys(keys: readonly string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>(keys.map((k) => [k, []]));
    if (keys.length === 0) return out;
    const rows = await this.prisma.entry.findMany({
      where: { key: { in: [...keys] } },
      select: { key: true, version: { select: { name: true } } },
      orderBy: newestFirst,
    });
    for (const row of rows) out.get(row.key)?.push(row.version.name);
    return out;
  }
}
