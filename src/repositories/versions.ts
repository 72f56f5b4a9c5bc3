import type { PrismaClient } from '../db/prisma.ts';
import type { VersionRecord } from './types.ts';

export class VersionRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Versions that hold at least one entry, newest first, with when their pages were first ingested
   * and last changed by an ingest (unchanged pages are skipped, so their rows keep their time): what
   * a chatbot or the portal shows as the knowledge base's freshness.
   */
  async list(): Promise<VersionRecord[]> {
    const [rows, times] = await Promise.all([
      this.prisma.docVersion.findMany({
        orderBy: [{ major: 'desc' }, { minor: 'desc' }],
        include: { _count: { select: { entries: true, pages: true } } },
      }),
      this.prisma.page.groupBy({ by: ['versionId'], _min: { ingestedAt: true }, _max: { updatedAt: true } }),
    ]);
    const timesOf = new Map(times.map((g) => [g.versionId, g]));
    return rows
      .filter((r) => r._count.entries > 0)
      .map((r, i) => ({
        name: r.name,
        major: r.major,
        minor: r.minor,
        entryCount: r._count.entries,
        pageCount: r._count.pages,
        ingestedAt: timesOf.get(r.id)?._min.ingestedAt ?? null,
        updatedAt: timesOf.get(r.id)?._max.updatedAt ?? null,
        isLatest: i === 0,
      }));
  }
}
