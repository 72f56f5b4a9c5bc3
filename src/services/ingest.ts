// One ingest run: collect and parse the sources, then write everything in one transaction and
// record the run. The summary is per version, for people (CLI) and machines (--json, metrics).
import type { CollectOptions, SourceProblem } from '../../ingest/pipeline.ts';
import type { PrismaClient } from '../db/prisma.ts';
import type { Counts, KbWriter, VersionSummary } from '../repositories/kb-writer.ts';
import { packagePath } from '../support/package-root.ts';

/**
 * The Istio archive shipped with the project: 207 guideline pages of v0.8 and v1.0-v1.25 as one
 * archive bundle (see archive/README.md and ingest/bundle.ts).
 */
export const SHIPPED_ARCHIVE = packagePath('archive', 'istio-archive.json.br');

/** One clean page of the shipped archive: the Istio 1.0 "Deployment and Configuration Guidelines". */
export const SAMPLE_PAGE = `${SHIPPED_ARCHIVE}#v1.0/help/ops/traffic-management/deploy-guidelines/index.html`;

/** What `npm start` ingests into an empty knowledge base, and `istio-kb ingest` without sources. */
export const DEFAULT_SOURCES: readonly string[] = [SHIPPED_ARCHIVE];

export interface IngestSummary {
  readonly versions: readonly VersionSummary[];
  readonly totals: { pages: Counts; entries: Counts; snippets: number; parseFailures: number };
  readonly problems: readonly SourceProblem[];
  readonly durationMs: number;
}

export class IngestService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly writer: KbWriter,
    /** Takes the one-ingest-at-a-time lock (on every machine for PostgreSQL); returns its release function. */
    private readonly lock: () => Promise<() => void | Promise<void>>,
  ) {}

  async ingest(sources: readonly string[], options: CollectOptions = {}): Promise<IngestSummary> {
    const release = await this.lock();
    try {
      return await this.run(sources, options);
    } finally {
      await release();
    }
  }

  private async run(sources: readonly string[], options: CollectOptions): Promise<IngestSummary> {
    const started = Date.now();
    // A run killed with SIGKILL leaves its row 'running'; we hold the lock, so none is really running.
    await this.prisma.ingestRun.updateMany({ where: { status: 'running' }, data: { status: 'abandoned', finishedAt: new Date() } });
    const run = await this.prisma.ingestRun.create({ data: { status: 'running', sources: JSON.stringify(sources) } });
    try {
      const known = await this.writer.knownSources();
      const knownRawHashes = new Map<string, string>();
      for (const [source, k] of known) if (k.rawHash) knownRawHashes.set(source, k.rawHash);
      // The parser (cheerio) is loaded on the first ingest, not at every server start.
      const { collectPages } = await import('../../ingest/pipeline.ts');
      const { pages, problems, notModified } = await collectPages(sources, {
        ...options,
        knownRawHashes,
        conditional: async (url) => {
          const k = known.get(url);
          return k && (k.etag || k.lastModified) ? { etag: k.etag, lastModified: k.lastModified } : null;
        },
      });
      const versions = await this.writer.write(
        pages,
        notModified.map((n) => n.source),
      );
      const summary: IngestSummary = { versions, totals: sumUp(versions), problems, durationMs: Date.now() - started };
      await this.prisma.ingestRun.update({
        where: { id: run.id },
        data: { status: problems.some((p) => p.kind === 'failed') ? 'partial' : 'succeeded', finishedAt: new Date(), summary: JSON.stringify(summary) },
      });
      return summary;
    } catch (error) {
      await this.prisma.ingestRun
        .update({ where: { id: run.id }, data: { status: 'failed', finishedAt: new Date(), summary: JSON.stringify({ error: String(error) }) } })
        .catch(() => undefined);
      throw error;
    }
  }
}

function sumUp(versions: readonly VersionSummary[]): IngestSummary['totals'] {
  const add = (a: Counts, b: Counts): Counts => ({
    new: a.new + b.new,
    changed: a.changed + b.changed,
    unchanged: a.unchanged + b.unchanged,
    removed: a.removed + b.removed,
  });
  const zero: Counts = { new: 0, changed: 0, unchanged: 0, removed: 0 };
  return versions.reduce(
    (t, v) => ({
      pages: add(t.pages, v.pages),
      entries: add(t.entries, v.entries),
      snippets: t.snippets + v.snippets,
      parseFailures: t.parseFailures + v.parseFailures,
    }),
    { pages: zero, entries: zero, snippets: 0, parseFailures: 0 },
  );
}

export function formatSummaryLine(s: IngestSummary): string {
  const { pages, entries } = s.totals;
  return (
    `pages: ${pages.new} new, ${pages.changed} changed, ${pages.unchanged} unchanged; ` +
    `entries: ${entries.new} new, ${entries.changed} changed, ${entries.unchanged} unchanged, ${entries.removed} removed; ` +
    `${s.totals.snippets} snippets (${s.totals.parseFailures} not valid YAML as the docs print them, kept as text with the reason); ` +
    `${s.problems.length} skipped/failed sources; ${(s.durationMs / 1000).toFixed(1)} s`
  );
}
