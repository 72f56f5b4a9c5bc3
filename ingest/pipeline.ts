// Reads sources (files, folders, http(s) URLs) and parses every guideline page in them. Pure with
// respect to the database: the caller hands the parsed pages to the store in one transaction. A
// page that cannot be read, fetched or parsed is reported and skipped; it never stops the others.
import { createHash } from 'node:crypto';
import { bundlePageSource, bundlePages, isBundleSource } from './bundle.ts';
import { BadUserInputError } from '../src/errors.ts';
import { fetchHtml } from './http.ts';
import { resolveHttpSettings, type HttpOptions, type HttpSettings } from './http-options.ts';
import { parsePage } from './parse-page.ts';
import { PARSER_VERSION } from './parser-version.ts';
import { mapConcurrent } from './pool.ts';
import { isHttpUrl, isRedirectStub, listHtmlFiles, readSource } from './sources.ts';
import { recordedSource } from './shipped-archive.ts';
import type { ParsedPage } from './types.ts';

export type { HttpOptions, Validators } from './http-options.ts';

export interface ParsedSource {
  readonly source: string;
  readonly page: ParsedPage;
  /** Validators of an http(s) response, for the next conditional request; absent for files. */
  readonly etag?: string | null;
  readonly lastModified?: string | null;
  /** sha256 of the source text and PARSER_VERSION, for skipping an unchanged source next time. */
  readonly rawHash: string;
}

export interface SourceProblem {
  readonly source: string;
  readonly reason: string;
  /** 'skipped' for pages that are not guidelines (redirect stubs), 'failed' for errors. */
  readonly kind: 'skipped' | 'failed';
}

export interface CollectResult {
  readonly pages: readonly ParsedSource[];
  readonly problems: readonly SourceProblem[];
  /** Sources unchanged since the last ingest: URLs answered 304, files with the same raw hash. */
  readonly notModified: readonly { source: string }[];
}

export interface Progress {
  readonly done: number;
  readonly total: number;
  readonly source: string;
  readonly version?: string;
}

export interface CollectOptions extends HttpOptions {
  readonly onProgress?: (p: Progress) => void;
  /** Raw hashes stored by the last ingest, by source; a file with the same hash is not parsed again. */
  readonly knownRawHashes?: ReadonlyMap<string, string>;
}

export { PARSER_VERSION };

export function rawHashOf(text: string): string {
  return createHash('sha256').update(PARSER_VERSION).update('\0').update(text).digest('hex');
}

type Item =
  | { readonly kind: 'file' | 'url'; readonly source: string }
  /** One page of an archive bundle: its HTML is already in memory, `path` is its place in the archive. */
  | { readonly kind: 'bundled'; readonly source: string; readonly path: string; readonly html: string };

type Outcome =
  | { readonly kind: 'page'; readonly parsed: ParsedSource }
  | { readonly kind: 'problem'; readonly problem: SourceProblem }
  | { readonly kind: 'not-modified'; readonly source: string };

export async function collectPages(sources: readonly string[], options: CollectOptions = {}): Promise<CollectResult> {
  const settings = resolveHttpSettings(options);
  // Missing paths are the caller's mistake and fail the run before anything is fetched.
  const items = await expandSources(sources);
  let done = 0;
  const outcomes = await mapConcurrent(items, settings.concurrency, async (item) => {
    const outcome = await collectOne(item, settings, options.knownRawHashes);
    done += 1;
    const version = outcome.kind === 'page' ? outcome.parsed.page.version : undefined;
    options.onProgress?.({ done, total: items.length, source: item.source, ...(version ? { version } : {}) });
    return outcome;
  });

  // One page per version and URL: two sources of the same page (a copy of it in another folder, the
  // file and its URL) would otherwise both be written. The later source wins, as a later ingest would,
  // and the earlier one is reported as skipped rather than dropped silently.
  const byPage = new Map<string, ParsedSource>();
  const problems: SourceProblem[] = [];
  const notModified: { source: string }[] = [];
  for (const outcome of outcomes) {
    if (outcome.kind === 'page') {
      const id = `${outcome.parsed.page.version}\u0000${outcome.parsed.page.url}`;
      const earlier = byPage.get(id);
      if (earlier) {
        byPage.delete(id);
        problems.push({
          source: earlier.source,
          kind: 'skipped',
          reason: `the same page (${outcome.parsed.page.version}, ${outcome.parsed.page.url}) as ${outcome.parsed.source}, which was used`,
        });
      }
      byPage.set(id, outcome.parsed);
    } else if (outcome.kind === 'problem') problems.push(outcome.problem);
    else notModified.push({ source: outcome.source });
  }
  return { pages: [...byPage.values()], problems, notModified };
}

/**
 * Sources in the order given: URLs as they are, archive bundles expanded to their pages, folders to
 * their HTML files; no duplicates.
 */
async function expandSources(sources: readonly string[]): Promise<Item[]> {
  const items: Item[] = [];
  const seen = new Set<string>();
  const add = (item: Item): void => {
    if (seen.has(item.source)) return;
    seen.add(item.source);
    items.push(item);
  };
  for (const source of sources) {
    if (isHttpUrl(source)) add({ kind: 'url', source });
    else if (isBundleSource(source)) {
      const { file, pages } = bundlePages(source);
      for (const page of pages) add({ kind: 'bundled', source: bundlePageSource(recordedSource(file), page), path: page.path, html: page.html });
    } else {
      const files = await listHtmlFiles([source]);
      // An empty folder is most often a mount that did not happen (a compose volume whose host
      // folder is missing); "0 pages ingested" would let that pass as a successful run.
      if (files.length === 0) {
        throw new BadUserInputError(
          `No HTML pages in ${source} (looked for *.html recursively; an archive bundle is given by its file name). If it is a mounted folder, check that the host folder exists and holds the pages.`,
          { path: source },
        );
      }
      for (const file of files) add({ kind: 'file', source: file });
    }
  }
  return items;
}

async function collectOne(item: Item, settings: HttpSettings, knownRawHashes?: ReadonlyMap<string, string>): Promise<Outcome> {
  const { source } = item;
  const failed = (reason: string): Outcome => ({ kind: 'problem', problem: { source, reason, kind: 'failed' } });
  let html: string;
  let sourcePath = source;
  let validators: { etag: string | null; lastModified: string | null } | null = null;
  if (item.kind === 'url') {
    const fetched = await fetchHtml(source, settings);
    if (fetched.status === 'failed') return failed(fetched.reason);
    if (fetched.status === 'not-modified') return { kind: 'not-modified', source };
    html = fetched.html;
    // The page's own metadata gives its version; the URL's /vX.Y/ is only the fallback.
    sourcePath = fetched.finalUrl;
    validators = { etag: fetched.etag, lastModified: fetched.lastModified };
  } else if (item.kind === 'bundled') {
    html = item.html;
    // A bundled page says its version and URL itself; its archive path is the fallback, as a file's path is.
    sourcePath = `/${item.path}`;
  } else {
    try {
      html = await readSource(source);
    } catch (error) {
      return failed(messageOf(error));
    }
  }
  const rawHash = rawHashOf(html);
  if (item.kind !== 'url' && knownRawHashes?.get(source) === rawHash) return { kind: 'not-modified', source };
  if (isRedirectStub(html)) return { kind: 'problem', problem: { source, reason: 'redirect stub (no content)', kind: 'skipped' } };
  try {
    const page = parsePage(html, sourcePath);
    return { kind: 'page', parsed: validators ? { source, page, rawHash, ...validators } : { source, page, rawHash } };
  } catch (error) {
    return failed(messageOf(error));
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
