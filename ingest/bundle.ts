// Archive bundles: many guideline pages in one brotli-compressed JSON file, each page trimmed to
// what the parser reads (the article, its title, version and URL). The project ships the Istio
// archive this way (archive/istio-archive.json.br); `npm run archive:pack` makes one from a folder.
// A source `file.json.br` means every page in it; `file.json.br#v1.0/` the pages whose path starts
// with `v1.0/`; `file.json.br#v1.0/help/ops/misc/index.html` one page.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import * as cheerio from 'cheerio';
import { BadUserInputError, InputTooLargeError } from '../src/errors.ts';
import { CHROME_SELECTORS, findArticleRoot } from './article.ts';
import { splitBundleSource } from './bundle-source.ts';
import { bundleFile } from './shipped-archive.ts';

export { splitBundleSource };

export const BUNDLE_FORMAT = 'istio-kb-archive/1';
const BUNDLE_SUFFIX = /\.json\.br$/i;
/** Decompressed size accepted; the shipped archive is ~4 MB. */
const MAX_BUNDLE_BYTES = 256 * 1024 * 1024;

export interface BundleProvenance {
  /** Where the pages come from, e.g. "github.com/istio/istio.io archive/". */
  readonly repository: string;
  readonly commit: string;
  readonly licence: string;
  readonly notes?: string;
}

export interface BundlePage {
  /** "v1.0/help/ops/misc/index.html": the page's path in the archive. */
  readonly path: string;
  /** sha256 of the original page's bytes, for provenance. */
  readonly sha256: string;
  /** The trimmed page (see trimPage). */
  readonly html: string;
}

export interface Bundle {
  readonly format: typeof BUNDLE_FORMAT;
  readonly source: BundleProvenance;
  readonly pages: readonly BundlePage[];
}

export function isBundleSource(source: string): boolean {
  return BUNDLE_SUFFIX.test(splitBundleSource(source).file);
}

/** The source name of one page of a bundle (what the knowledge base records as the page's source). */
export function bundlePageSource(file: string, page: Pick<BundlePage, 'path'>): string {
  return `${file}#${page.path}`;
}

export function readBundle(file: string): Bundle {
  let compressed: Buffer;
  try {
    if (!statSync(file).isFile()) throw new Error('not a file');
    compressed = readFileSync(file);
  } catch {
    throw new BadUserInputError(`Source not found: ${file}`, { path: file });
  }
  let bundle: Bundle;
  try {
    const raw = brotliDecompressSync(compressed, { maxOutputLength: MAX_BUNDLE_BYTES });
    bundle = JSON.parse(raw.toString('utf8')) as Bundle;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new InputTooLargeError(`Archive bundle ${file} is larger than ${MAX_BUNDLE_BYTES} bytes when decompressed.`, { path: file });
    }
    throw new BadUserInputError(`${file} is not an archive bundle (brotli-compressed JSON): ${(error as Error).message}`, { path: file });
  }
  if (bundle?.format !== BUNDLE_FORMAT || !Array.isArray(bundle.pages) || bundle.pages.some((p) => typeof p?.path !== 'string' || typeof p.html !== 'string')) {
    throw new BadUserInputError(`${file} is not an archive bundle of format ${BUNDLE_FORMAT}.`, { path: file });
  }
  return bundle;
}

/** The pages a bundle source names; a selector that matches nothing is the caller's mistake. */
export function bundlePages(source: string): { file: string; pages: BundlePage[] } {
  const { file, selector } = splitBundleSource(source);
  const pages = readBundle(bundleFile(file)).pages.filter((p) => p.path.startsWith(selector));
  if (pages.length === 0) throw new BadUserInputError(`No page of ${file} matches "${selector}".`, { path: file, selector });
  return { file, pages };
}

export function writeBundle(source: BundleProvenance, pages: readonly BundlePage[]): Buffer {
  const bundle: Bundle = { format: BUNDLE_FORMAT, source, pages: [...pages].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)) };
  return brotliCompressSync(Buffer.from(JSON.stringify(bundle)), {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT },
  });
}

function escapeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

/**
 * A page reduced to what the parser reads: the <title>, the og:url (derived from the archive path
 * when the page has none), the version marker and the article root without its chrome (the same
 * selectors the parser strips, but keeping the h1 title). Parsing the result yields the same
 * entries as parsing the original (test/ingest/archive.test.ts).
 */
export function trimPage(html: string, archivePath: string): string {
  const $ = cheerio.load(html);
  const version = /^v(\d+\.\d+)\//.exec(archivePath)?.[1];
  const scripts = $('script').map((_, el) => $(el).text()).get().join('\n');
  const branch = /branchName\s*=\s*["']release-(\d+\.\d+)["']/.exec(scripts)?.[1] ?? version;
  const ogUrl =
    $('meta[property="og:url"]').first().attr('content')?.trim() ||
    `https://istio.io/${archivePath.replace(/(?:^|\/)index\.html?$/i, '/')}`;
  const title = $('head > title').first().text();
  const root = findArticleRoot($);
  root.find(CHROME_SELECTORS).remove();
  const head = [
    '<meta charset="utf-8">',
    `<title>${escapeText(title)}</title>`,
    `<meta property="og:url" content="${escapeAttr(ogUrl)}">`,
    branch ? `<script>branchName="release-${branch}"</script>` : '',
  ].join('');
  return `<!doctype html><html><head>${head}</head><body>${$.html(root)}</body></html>`;
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
