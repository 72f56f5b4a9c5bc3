// `istio-kb diagnose`: the rule engine on local files. Needs no knowledge base: findings cite the
// shipped archive's entry for the judged version; a knowledge base, when one exists at the default
// location or DATABASE_URL, is read (never written) through a light SQLite path for its titles and
// URLs. No Prisma, no server stack, no zod: this runs once per file in CI jobs and hooks.
import { databaseUrlFromEnv, sqliteFileFromUrl } from '../../config/database-location.ts';
import { SqliteEntryLinks, type EntryLinkSource } from '../../repositories/entry-links.ts';
import { ShippedEntryLinks, withFallback } from '../../repositories/shipped-entry-links.ts';
import { rules as allRules } from '../../rules/registry.ts';
import type { Severity } from '../../rules/types.ts';
import { DiagnoseService } from '../../services/diagnose.ts';
import { formatJson } from '../../report/json.ts';
import { formatSarif } from '../../report/sarif.ts';
import { formatText } from '../../report/text.ts';
import { toReport } from '../../report/types.ts';
import { readManifestFiles } from '../io.ts';
import { byteSizeOption, CLI_VERSION, integerOption, outputFormat, print, severityOption } from '../usage.ts';

export interface DiagnoseOptions {
  format?: string;
  json?: boolean;
  version?: string;
  previous?: string;
  complete?: boolean;
  context?: string[];
  ignore?: string;
  minSeverity?: string;
  maxBytes: string;
  maxResources: string;
  recursive?: boolean;
  namespace?: string;
}

/** The knowledge base's links when there is one, the shipped index for the rest. */
function entryLinks(): EntryLinkSource {
  const shipped = ShippedEntryLinks.load();
  const url = databaseUrlFromEnv();
  // Only a SQLite file is read here; another store (or a damaged file) leaves the shipped links.
  if (!url.startsWith('file:')) return shipped;
  const file = sqliteFileFromUrl(url);
  try {
    const kb = SqliteEntryLinks.open(file);
    return kb ? withFallback(kb, shipped) : shipped;
  } catch (error) {
    process.stderr.write(`istio-kb: warning: cannot read the knowledge base ${file} (${(error as Error).message}); citing the shipped archive.\n`);
    return shipped;
  }
}

export async function run(files: string[], opts: DiagnoseOptions): Promise<void> {
  const format = outputFormat(opts, ['text', 'json', 'sarif']);
  const minSeverity: Severity | null = opts.minSeverity !== undefined ? severityOption(opts.minSeverity) : null;
  const maxBytes = byteSizeOption(opts.maxBytes, '--max-bytes');
  const maxResources = integerOption(opts.maxResources, '--max-resources', 1, 100_000_000);
  const read = { recursive: opts.recursive === true };
  const inputs = await readManifestFiles(files, maxBytes, read);
  const previous = opts.previous ? await readManifestFiles([opts.previous], maxBytes, read) : null;
  const context = opts.context && opts.context.length > 0 ? await readManifestFiles(opts.context, maxBytes, read) : null;
  const links = entryLinks();
  try {
    const d = await new DiagnoseService(links, { maxBytes, maxResources }).diagnose({
      manifests: inputs,
      version: opts.version ?? null,
      previous,
      context,
      complete: opts.complete === true,
      namespace: opts.namespace ?? null,
      ignore: opts.ignore ? opts.ignore.split(',').map((s) => s.trim()).filter(Boolean) : null,
      minSeverity,
    });
    const report = toReport(d);
    if (format === 'json') print(formatJson(report));
    else if (format === 'sarif') print(JSON.stringify(formatSarif(report, allRules, CLI_VERSION), null, 2));
    else print(formatText(report, { color: process.stdout.isTTY === true && !process.env['NO_COLOR'] }));
    // A file that could not be read is a part of the change nobody checked (and kubectl would refuse):
    // the findings of the rest are printed, but the run is not a pass (exit 2, "a parse failure").
    if (d.parseErrors.length > 0) process.exitCode = 2;
    else if (d.findings.some((f) => f.severity === 'ERROR')) process.exitCode = 1;
  } finally {
    links.close();
  }
}
