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

  /**
   * When each version's pages were first ingested and last changed by an ingest (unchanged pages
   * are skipped, so their rows keep their time): what a chatbot shows as the knowledge base's freshness.
   */
  async ingestTimes(): Promise<Map<string, { ingestedAt: Date; updatedAt: Date }>> {
    const [groups, versions] = await Promise.all([
      this.prisma.page.groupBy({ by: ['versionId'], _min: { ingestedAt: true }, _max: { updatedAt: true } }),
      this.prisma.docVersion.findMany({ select: { id: true, name: true } }),
    ]);
    const names = new Map(versions.map((v) => [v.id, v.name]));
    const out = new Map<string, { ingestedAt: Date; updatedAt: Date }>();
    for (const g of groups) {
      const name = names.get(g.versionId);
      if (name && g._min.ingestedAt && g._max.updatedAt) out.set(name, { ingestedAt: g._min.ingestedAt, updatedAt: g._max.updatedAt });
    }
    return out;
  }
}
