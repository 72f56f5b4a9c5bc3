import type { PrismaClient } from '../db/prisma.ts';
import type { VersionRecord } from './types.ts';

export class VersionRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Versions that hold at least one entry, newest first. */
  async list(): Promise<VersionRecord[]> {
    const rows = await this.prisma.docVersion.findMany({
      orderBy: [{ major: 'desc' }, { minor: 'desc' }],
      include: {
        _count: { select: { entries: true, pages: true } },
        pages: { select: { updatedAt: true }, orderBy: { updatedAt: 'desc' }, take: 1 },
      },
    });
    const withEntries = rows.filter((r) => r._count.entries > 0);
    return withEntries.map((r, i) => ({
      name: r.name,
      major: r.major,
      minor: r.minor,
      entryCount: r._count.entries,
      pageCount: r._count.pages,
      updatedAt: r.pages[0]?.updatedAt ?? null,
      isLatest: i === 0,
    }));
  }
}
