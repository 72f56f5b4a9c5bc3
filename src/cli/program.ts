// istio-kb command line: serve, ingest, diagnose, search, entry. Exit codes: 0 ok, 1 findings of
// severity ERROR (diagnose), 2 usage or input errors.
import { readFile } from 'node:fs/promises';
import { getPriority, setPriority } from 'node:os';
import { Command, CommanderError, Option } from 'commander';
import { createAppContext, type AppContext } from '../app.ts';
import { ConfigError, loadConfig } from '../config/index.ts';
import { DatabaseStartupError } from '../db/open-checked.ts';
import { isAppError } from '../errors.ts';
import { formatSummaryLine } from '../services/ingest.ts';
import { BUILTIN_SAMPLE } from '../services/ingest.ts';
import { rules as allRules } from '../rules/registry.ts';
import type { Severity } from '../rules/types.ts';
import { formatJson } from './format/json.ts';
import { formatSarif } from './format/sarif.ts';
import { formatText } from './format/text.ts';
import type { Report } from './format/types.ts';
import { readManifestFiles } from './io.ts';
import { progressReporter } from './progress.ts';

const VERSION = '0.1.0';

class UsageError extends Error {}

async function withContext<T>(fn: (ctx: AppContext) => Promise<T>): Promise<T> {
  const ctx = await createAppContext(loadConfig());
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}

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

function print(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function buildCli(): Command {
  const program = new Command('istio-kb')
    .description('Istio troubleshooting guidelines as a knowledge base, and a checker for manifests.')
    .version(VERSION)
    // Subcommands have their own --version (the Istio version); the program's is only read before them.
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program
    .command('serve')
    .description('serve GraphQL and REST (same as npm start)')
    .action(async () => {
      await import('../main.ts');
    });

  program
    .command('ingest')
    .description('ingest guideline pages (files, folders or http(s) URLs) into the knowledge base')
    .argument('[source...]', 'files, folders (index.html pages, recursively) or URLs; default: INGEST_ON_START, else the built-in sample')
    .option('--from-file <file>', 'read more sources from a file, one per line (# starts a comment)')
    .option('--concurrency <n>', 'pages fetched at once for http(s) sources', '4')
    .option('--json', 'print the summary as JSON')
    .action(async (sources: string[], opts: { json?: boolean; fromFile?: string; concurrency: string }) => {
      const listed = opts.fromFile ? await readSourceList(opts.fromFile) : [];
      const concurrency = Number(opts.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32) throw new UsageError('--concurrency must be an integer from 1 to 32');
      await withContext(async (ctx) => {
        lowerPriority(ctx.config.ingestNice);
        const progress = progressReporter();
        const given = [...sources, ...listed];
        const chosen = given.length > 0 ? given : (ctx.config.ingestOnStart ?? [BUILTIN_SAMPLE]);
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
    });

  program
    .command('diagnose')
    .description('check Kubernetes/Istio manifests against the guidelines')
    .argument('<file...>', 'YAML files, or - for standard input')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
    .option('--version <version>', 'Istio version whose semantics apply (default: the newest the rules know, 1.25)')
    .option('--previous <file>', 'the manifests currently applied, to check the order of the change')
    .option('--ignore <ids>', 'comma-separated rule ids to skip')
    .addOption(new Option('--min-severity <severity>', 'drop findings below this severity').choices(['ERROR', 'WARNING', 'INFO']))
    .action(async (files: string[], opts: { format: string; version?: string; previous?: string; ignore?: string; minSeverity?: Severity }) => {
      const config = loadConfig();
      const inputs = await readManifestFiles(files, config.limits.diagnoseBytes);
      const previous = opts.previous ? await readManifestFiles([opts.previous], config.limits.diagnoseBytes) : null;
      await withContext(async (ctx) => {
        await ctx.seedIfEmpty();
        const d = await ctx.diagnose.diagnose({
          manifests: inputs,
          version: opts.version ?? null,
          previous,
          ignore: opts.ignore ? opts.ignore.split(',').map((s) => s.trim()).filter(Boolean) : null,
          minSeverity: opts.minSeverity ?? null,
        });
        const report: Report = {
          resourceCount: d.resourceCount,
          findings: d.findings.map((f) => ({ ...f, entry: f.entry ? { key: f.entry.key, version: f.entry.version, title: f.entry.title, url: f.entry.url } : null })),
          parseErrors: [...d.parseErrors],
          notes: [...d.notes],
          suppressedCount: d.suppressedCount,
          inputs: d.inputs,
        };
        if (opts.format === 'json') print(formatJson(report));
        else if (opts.format === 'sarif') print(JSON.stringify(formatSarif(report, allRules, VERSION), null, 2));
        else print(formatText(report, { color: process.stdout.isTTY === true && !process.env['NO_COLOR'] }));
        if (d.parseErrors.length > 0 && d.resourceCount === 0) process.exitCode = 2;
        else if (d.findings.some((f) => f.severity === 'ERROR')) process.exitCode = 1;
      });
    });

  program
    .command('search')
    .description('search the knowledge base')
    .argument('<query...>', 'words, an error line, ...')
    .option('--version <version>', 'restrict to one doc version')
    .option('--limit <n>', 'number of hits', '5')
    .option('--json', 'print JSON')
    .action(async (words: string[], opts: { version?: string; limit: string; json?: boolean }) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit)) throw new UsageError('--limit must be an integer');
      await withContext(async (ctx) => {
        await ctx.seedIfEmpty();
        const page = await ctx.kb.search({ query: words.join(' '), version: opts.version ?? null, first: limit });
        if (opts.json) return print(JSON.stringify({ total: page.totalCount, hits: page.items.map((i) => i.node) }, null, 2));
        if (page.items.length === 0) return print('No matching guideline.');
        for (const { node: h } of page.items) {
          print(`${h.title}  (v${h.version}, score ${h.score})\n  ${h.url}\n  ${(h.highlights[0] ?? '').replace(/<\/?mark>/g, '')}\n`);
        }
      });
    });

  program
    .command('entry')
    .description('show one guideline by slug or key')
    .argument('<slug>', 'heading id or stable key')
    .option('--version <version>', 'doc version (default: newest that has it)')
    .option('--json', 'print JSON')
    .action(async (slug: string, opts: { version?: string; json?: boolean }) => {
      await withContext(async (ctx) => {
        await ctx.seedIfEmpty();
        const e = await ctx.kb.entry(slug, opts.version ?? null);
        if (!e) {
          process.stderr.write(`No entry "${slug}"${opts.version ? ` in version ${opts.version}` : ''}.\n`);
          process.exitCode = 2;
          return;
        }
        if (opts.json) return print(JSON.stringify(e, null, 2));
        const section = (name: string, items: readonly string[]) => (items.length ? `\n${name}:\n${items.map((i) => `  - ${i}`).join('\n')}` : '');
        print(
          `${e.title}  (v${e.version}, key ${e.key})\n${e.url}` +
            section('Symptoms', e.symptoms) +
            section('Causes', e.causes) +
            section('Fixes', e.fixes) +
            section('Error messages', e.errorMessages),
        );
      });
    });

  return program;
}

export async function runCli(argv: readonly string[]): Promise<void> {
  try {
    await buildCli().parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    if (error instanceof UsageError || error instanceof ConfigError || error instanceof DatabaseStartupError || isAppError(error)) {
      process.stderr.write(`istio-kb: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`istio-kb: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  }
}
