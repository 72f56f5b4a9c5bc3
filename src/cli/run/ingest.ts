import { readFile } from 'node:fs/promises';
import { getPriority, setPriority } from 'node:os';
import { DEFAULT_SOURCES, formatSummaryLine } from '../../services/ingest.ts';
import { withContext } from '../context.ts';
import { progressReporter } from '../progress.ts';
import { integerOption, print, UsageError } from '../usage.ts';

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

export async function run(sources: string[], opts: { json?: boolean; fromFile?: string; concurrency: string }): Promise<void> {
  const listed = opts.fromFile ? await readSourceList(opts.fromFile) : [];
  const concurrency = integerOption(opts.concurrency, '--concurrency', 1, 32);
  await withContext(async (ctx) => {
    lowerPriority(ctx.config.ingestNice);
    const progress = progressReporter();
    const given = [...sources, ...listed];
    const chosen = given.length > 0 ? given : (ctx.config.ingestOnStart ?? DEFAULT_SOURCES);
    const summary = await ctx.ingest.ingest(chosen, { onProgress: progress, concurrency });
    progress.done();
    if (opts.json) return print(JSON.stringify(summary, null, 2));
    for (const v of summary.versions) {
      print(
        `v${v.version}: pages ${v.pages.new} new, ${v.pages.changed} changed, ${v.pages.unchanged} unchanged; ` +
          `entries ${v.entries.new} new, ${v.entries.changed} changed, ${v.entries.unchanged} unchanged, ${v.entries.removed} removed; ` +
          `${v.snippets} snippets, ${v.parseFailures} not parseable`,
      );
    }
    for (const p of summary.problems) print(`${p.kind}: ${p.source}: ${p.reason}`);
    print(formatSummaryLine(summary));
  });
}
