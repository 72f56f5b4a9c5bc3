// Reads sources (files, folders) and parses every guideline page in them. Pure with respect to
// the database: the caller hands the parsed pages to the store in one transaction. A page that
// fails to parse is reported and skipped; it never stops the other pages.
import { parsePage } from './parse-page.ts';
import { isRedirectStub, listHtmlFiles, readSource } from './sources.ts';
import type { ParsedPage } from './types.ts';

export interface ParsedSource {
  readonly source: string;
  readonly page: ParsedPage;
  readonly etag?: string | null;
  readonly lastModified?: string | null;
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
}

export interface Progress {
  readonly done: number;
  readonly total: number;
  readonly source: string;
  readonly version?: string;
}

export interface CollectOptions {
  readonly onProgress?: (p: Progress) => void;
}

export async function collectPages(sources: readonly string[], options: CollectOptions = {}): Promise<CollectResult> {
  const files = await listHtmlFiles([...sources]);
  const pages: ParsedSource[] = [];
  const problems: SourceProblem[] = [];
  for (const [i, file] of files.entries()) {
    try {
      const html = await readSource(file);
      if (isRedirectStub(html)) {
        problems.push({ source: file, reason: 'redirect stub (no content)', kind: 'skipped' });
      } else {
        const page = parsePage(html, file);
        pages.push({ source: file, page });
        options.onProgress?.({ done: i + 1, total: files.length, source: file, version: page.version });
        continue;
      }
    } catch (error) {
      problems.push({ source: file, reason: error instanceof Error ? error.message : String(error), kind: 'failed' });
    }
    options.onProgress?.({ done: i + 1, total: files.length, source: file });
  }
  return { pages, problems };
}
