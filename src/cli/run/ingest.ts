import { readFile } from 'node:fs/promises';
import { getPriority, setPriority } from 'node:os';
import { DEFAULT_SOURCES, formatSummaryLine, type IngestSummary } from '../../services/ingest.ts';
import { withContext } from '../context.ts';
import { progressReporter } from '../progress.ts';
import { integerOption, outputFormat, print, UsageError } from '../usage.ts';

async function readSourceList(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch(() => {
    throw new UsageError(`Cannot read the source list ${file}.`);
  });
  return text
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter(Boolean);
}

/** Batch work yields the CPU to a server on the same machine (INGEST_NICE). */
function lowerPriority(nice: number): void {
  if (nice <= 0) return;
  try {
    setPriority(Math.max(getPriority(), nice));
  } catch {
    // Not permitted here (some containers): run at the normal priority.
  }
}

export async function run(sources: string[], opts: { json?: boolean; format?: string; fromFile?: string; concurrency: string; allowPartial?: boolean }): Promise<void> {
  const format = outputFormat(opts, ['text', 'json']);
  const listed = opts.fromFile ? await readSourceList(opts.fromFile) : [];
  // An empty list must not fall back to the default sources: that would "succeed" with other pages.
  if (opts.fromFile && listed.length === 0 && sources.length === 0) throw new UsageError(`The source list ${opts.fromFile} names no source.`);
  const concurrency = integerOption(opts.concurrency, '--concurrency', 1, 32);
  await withContext(async (ctx) => {
    lowerPriority(ctx.config.ingestNice);
    const progress = progressReporter();
    const given = [...sources, ...listed];
    const chosen = given.length > 0 ? given : (ctx.config.ingestOnStart ?? DEFAULT_SOURCES);
    const summary = await ctx.ingest.ingest(chosen, { onProgress: progress, concurrency });
    progress.done();
    const verdict = verdictOf(summary, opts.allowPartial === true);
    if (format === 'json') {
      print(JSON.stringify(summary, null, 2));
      return finish(verdict);
    }
    for (const v of summary.versions) {
      print(
        `v${v.version}: pages ${v.pages.new} new, ${v.pages.changed} changed, ${v.pages.unchanged} unchanged; ` +
          `entries ${v.entries.new} new, ${v.entries.changed} changed, ${v.entries.unchanged} unchanged, ${v.entries.removed} removed; ` +
          `${v.snippets} snippets, ${v.parseFailures} not parseable`,
      );
    }
    for (const p of summary.problems) print(`${p.kind}: ${p.source}: ${p.reason}`);
    print(formatSummaryLine(summary));
    finish(verdict);
  });
}

interface Verdict {
  readonly exitCode: 0 | 1 | 2;
  readonly message: string | null;
}

/**
 * A CI job or a compose one-shot reads the exit code, not the summary: 1 when a source failed
 * (unless --allow-partial), 1 or 2 when nothing was ingested at all, so a run that stored nothing
 * never passes as a success.
 */
export function verdictOf(summary: IngestSummary, allowPartial: boolean): Verdict {
  const failed = summary.problems.filter((p) => p.kind === 'failed');
  const skipped = summary.problems.filter((p) => p.kind === 'skipped');
  const { entries } = summary.totals;
  const stored = entries.new + entries.changed + entries.unchanged;
  if (stored === 0) {
    const why =
      failed.length > 0
        ? `${failed.length} source${failed.length === 1 ? '' : 's'} failed (see above)${skipped.length ? ` and ${skipped.length} ${skipped.length === 1 ? 'was' : 'were'} skipped` : ''}`
        : skipped.length > 0
          ? `every page was skipped as not a guideline page (${skipped.length})`
          : 'the sources hold no guideline entries';
    return { exitCode: failed.length > 0 ? 1 : 2, message: `nothing was ingested: ${why}.` };
  }
  if (failed.length > 0 && !allowPartial) {
    return {
      exitCode: 1,
      message: `${failed.length} source${failed.length === 1 ? '' : 's'} failed (see above); the others were ingested. Fix or remove ${failed.length === 1 ? 'it' : 'them'}, or pass --allow-partial to accept a partial ingest.`,
    };
  }
  return { exitCode: 0, message: null };
}

function finish(verdict: Verdict): void {
  if (verdict.message) process.stderr.write(`istio-kb: ${verdict.message}\n`);
  process.exitCode = verdict.exitCode;
}
