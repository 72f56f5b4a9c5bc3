import type { PrismaClient } from '../db/prisma.ts';

export class IngestRunRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async countByStatus(): Promise<{ status: string; count: number }[]> {
    const rows = await this.prisma.ingestRun.groupBy({ by: ['status'], _count: { _all: true } });
    return rows.map((r) => ({ status: r.status, count: r._count._all }));
  }
}
