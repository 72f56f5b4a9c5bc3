import { z } from 'zod';
import type { PrismaClient } from '../db/prisma.ts';
import { parseStringArray } from './json.ts';

/** A finished ingest run as a starting server reads it. */
export interface FinishedRun {
  readonly id: number;
  readonly sources: readonly string[];
  /** The parser that parsed its pages (absent in runs recorded before parser versions were). */
  readonly parser: string | undefined;
}

const Summary = z.object({ parser: z.string().optional() });

function parserOf(summary: string): string | undefined {
  try {
    const parsed = Summary.safeParse(JSON.parse(summary));
    return parsed.success ? parsed.data.parser : undefined;
  } catch {
    return undefined;
  }
}

/** How many finished runs a start looks back through for one of its sources (each start adds none or one). */
const LOOK_BACK = 200;

export class IngestRunRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async countByStatus(): Promise<{ status: string; count: number }[]> {
    const rows = await this.prisma.ingestRun.groupBy({ by: ['status'], _count: { _all: true } });
    return rows.map((r) => ({ status: r.status, count: r._count._all }));
  }

  /** The latest run that committed (in full or in part) and ingested a source `wanted` accepts; null when none did. */
  async lastCommittedWith(wanted: (source: string) => boolean): Promise<FinishedRun | null> {
    const rows = await this.prisma.ingestRun.findMany({
      where: { status: { in: ['succeeded', 'partial'] } },
      orderBy: { id: 'desc' },
      take: LOOK_BACK,
      select: { id: true, sources: true },
    });
    for (const row of rows) {
      const sources = parseStringArray(row.sources);
      if (!sources.some(wanted)) continue;
      // Only the matching run's summary (several kB of per-version counts each) is read.
      const found = await this.prisma.ingestRun.findUnique({ where: { id: row.id }, select: { summary: true } });
      return { id: row.id, sources, parser: found ? parserOf(found.summary) : undefined };
    }
    return null;
  }
}
