// One ingest run: collect and parse the sources, then write everything in one transaction and
// record the run. The summary is per version, for people (CLI) and machines (--json, metrics).
import { comparedToCurrent, PARSER_VERSION } from '../../ingest/parser-version.ts';
import type { CollectOptions, SourceProblem } from '../../ingest/pipeline.ts';
import { recordedSource, sameSource, SHIPPED_ARCHIVE } from '../../ingest/shipped-archive.ts';
import type { PrismaClient } from '../db/prisma.ts';
import { ConflictError } from '../errors.ts';
import { IngestRunRepository } from '../repositories/ingest-runs.ts';
import type { Counts, KbWriter, VersionSummary } from '../repositories/kb-writer.ts';

export { sameSource, SHIPPED_ARCHIVE, SHIPPED_ARCHIVE_NAME } from '../../ingest/shipped-archive.ts';

/** One clean page of the shipped archive: the Istio 1.0 "Deployment and Configuration Guidelines". */
export const SAMPLE_PAGE = `${SHIPPED_ARCHIVE}#v1.0/help/ops/traffic-management/deploy-guidelines/index.html`;

/** What `npm start` ingests into an empty knowledge base, and `istio-kb ingest` without sources. */
export const DEFAULT_SOURCES: readonly string[] = [SHIPPED_ARCHIVE];

export interface IngestSummary {
  readonly versions: readonly VersionSummary[];
  readonly totals: { pages: Counts; entries: Counts; snippets: number; parseFailures: number };
  readonly problems: readonly SourceProblem[];
  readonly durationMs: number;
  /** The parser that parsed the run's pages (PARSER_VERSION): a start compares it with its own. */
  readonly parser: string;
}

/** What a start did to bring the start-up sources' pages up to this build's parser (IngestService.reparseIfOlder). */
export type Reparse =
  /** The last run that ingested them used this build's parser (or none did: nothing to bring up). */
  | { readonly kind: 'current' }
  /** An older parser had parsed them: parsed again (only the pages whose entries changed are written). */
  | { readonly kind: 'reparsed'; readonly parsedBy: string; readonly summary: IngestSummary }
  /** A newer build parsed them (a rolling upgrade, an older replica restarting): left as they are. */
  | { readonly kind: 'newer'; readonly parsedBy: string }
  /** Another process holds the ingest lock (a replica doing the same): it brings them up. */
  | { readonly kind: 'busy'; readonly reason: string }
  /** Parsing them again failed (a start-up source gone, a page unreachable): the old entries stay. */
  | { readonly kind: 'failed'; readonly parsedBy: string; readonly error: unknown };

/** What a start ingested: the empty knowledge base filled, or what it did about pages an older parser parsed. */
export type StartIngest = { readonly kind: 'seeded'; readonly summary: IngestSummary } | Reparse;

export class IngestService {
  private readonly runs: IngestRunRepository;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly writer: KbWriter,
    /** Takes the one-ingest-at-a-time lock (on every machine for PostgreSQL); returns its release function. */
    private readonly lock: () => Promise<() => void | Promise<void>>,
  ) {
    this.runs = new IngestRunRepository(prisma);
  }

  /**
   * Parses the start-up sources again when the last run that ingested them used an older parser. An
   * ingest skips a page whose bytes and parser it has seen, so after an upgrade that moved
   * PARSER_VERSION a server whose knowledge base is not empty would otherwise keep the old parser's
   * fields for good, without a sign. It serves those meanwhile; the new entries replace them in one
   * transaction. A knowledge base filled from other sources only is left to `istio-kb ingest`.
   */
  async reparseIfOlder(sources: readonly string[]): Promise<Reparse> {
    const last = await this.runs.lastCommittedWith((recorded) => sources.some((s) => sameSource(recorded, s)));
    if (!last) return { kind: 'current' };
    const parsedBy = last.parser ?? 'an earlier build (its run did not record the parser)';
    const compared = comparedToCurrent(last.parser);
    if (compared === 'same') return { kind: 'current' };
    if (compared === 'newer') return { kind: 'newer', parsedBy };
    try {
      return { kind: 'reparsed', parsedBy, summary: await this.ingest(sources) };
    } catch (error) {
      // Not a failed start: the knowledge base answers with what the older parser yielded.
      if (error instanceof ConflictError) return { kind: 'busy', reason: error.message };
      return { kind: 'failed', parsedBy, error };
    }
  }

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
    const run = await this.prisma.ingestRun.create({ data: { status: 'running', sources: JSON.stringify(sources.map(recordedSource)) } });
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
      const summary: IngestSummary = { versions, totals: sumUp(versions), problems, durationMs: Date.now() - started, parser: PARSER_VERSION };
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

/** The log line of what a start ingested, with its fields (null: nothing to say). */
export function describeStartIngest(r: StartIngest): { level: 'info' | 'warn' | 'error'; fields: Record<string, unknown>; message: string } | null {
  switch (r.kind) {
    case 'seeded':
      return { level: 'info', fields: { ingest: r.summary.totals }, message: `knowledge base was empty; ingested ${formatSummaryLine(r.summary)}` };
    case 'current':
      return null;
    case 'reparsed':
      return {
        level: 'info',
        fields: { ingest: r.summary.totals },
        message: `the start-up sources were parsed by ${r.parsedBy}; parsed again by ${PARSER_VERSION}: ${formatSummaryLine(r.summary)}`,
      };
    case 'newer':
      return { level: 'warn', fields: {}, message: `the start-up sources were parsed by ${r.parsedBy}, newer than this build's ${PARSER_VERSION}; left as they are` };
    case 'busy':
      return { level: 'info', fields: {}, message: `another process is ingesting (${r.reason}); it brings the start-up sources up to date` };
    case 'failed':
      return {
        level: 'error',
        fields: { err: r.error },
        message: `the start-up sources were parsed by ${r.parsedBy} and parsing them again with ${PARSER_VERSION} failed; serving the older entries until \`istio-kb ingest\` succeeds`,
      };
  }
}
