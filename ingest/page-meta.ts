import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CheerioAPI } from 'cheerio';
import { BadUserInputError } from '../src/errors.ts';
import { collapseWhitespace } from './text.ts';
import { keyFromTitle } from './key.ts';
import { textContent } from './dom.ts';

export const CANONICAL_ORIGIN = 'https://istio.io';

const VERSION_IN_PATH = /\/v(\d+\.\d+)(?:\/|$)/;

/** "major.minor" of the docs the page belongs to, from the page itself first, then from where it was read. */
export function detectVersion($: CheerioAPI, sourcePath?: string): string {
  const scripts = $('script').map((_, el) => $(el).text()).get().join('\n');
  const branch = /branchName\s*=\s*["']release-(\d+\.\d+)["']/.exec(scripts);
  if (branch?.[1]) return branch[1];

  const titlePrefix = /^\s*Istioldie\s+(\d+\.\d+)\s*\//.exec($('head > title').first().text());
  if (titlePrefix?.[1]) return titlePrefix[1];

  const fromOgUrl = VERSION_IN_PATH.exec(ogUrlPath($) ?? '');
  if (fromOgUrl?.[1]) return fromOgUrl[1];

  const fromSource = VERSION_IN_PATH.exec(sourceLocation(sourcePath));
  if (fromSource?.[1]) return fromSource[1];

  throw new BadUserInputError('Cannot tell which Istio version the page documents', {
    sourcePath: sourcePath ?? null,
    hint: 'expected branchName="release-X.Y", an "Istioldie X.Y /" title, an og:url under /vX.Y/, or /vX.Y/ in the path',
  });
}

/** Page URL with a trailing slash: og:url, else link[rel=canonical], else derived from the source path. */
export function canonicalUrl($: CheerioAPI, title: string, version: string, sourcePath?: string): string {
  const declared = ogUrlPath($) ?? attr($, 'link[rel=canonical]', 'href');
  if (declared) {
    const url = safeUrl(declared);
    if (url) return withTrailingSlash(`${url.origin}${url.pathname}`);
  }
  const fetched = sourcePath ? httpUrl(sourcePath) : null;
  if (fetched) {
    // A page fetched over http(s) without og:url or canonical link lives where it was fetched.
    return `${fetched.origin}${fetched.pathname.replace(/\/index\.html?$/i, '/')}`;
  }
  if (sourcePath) {
    const slashed = toSlashes(sourcePath);
    const match = /\/(v\d+\.\d+\/.*)$/.exec(slashed);
    if (match?.[1]) return withTrailingSlash(`${CANONICAL_ORIGIN}/${match[1].replace(/(?:^|\/)index\.html?$/i, '')}`);
    return pathToFileURL(path.resolve(sourcePath)).href;
  }
  // No location at all: a stable, obviously synthetic identifier rather than a guessed istio.io path.
  return `urn:istio-kb:page:${version}:${keyFromTitle(title) || 'untitled'}`;
}

export function pageTitle($: CheerioAPI): string {
  const candidates = [
    textContent($('h1#title').first().toArray()),
    textContent($('h1').first().toArray()),
    attr($, 'meta[property="og:title"]', 'content') ?? '',
    $('head > title').first().text().replace(/^\s*(?:Istioldie\s+\d+\.\d+|Istio)\s*\/\s*/, ''),
  ];
  for (const candidate of candidates) {
    const title = collapseWhitespace(candidate);
    if (title) return title;
  }
  throw new BadUserInputError('The page has no title (no h1, og:title or <title>)');
}

function ogUrlPath($: CheerioAPI): string | undefined {
  return attr($, 'meta[property="og:url"]', 'content');
}

function attr($: CheerioAPI, selector: string, name: string): string | undefined {
  const value = $(selector).first().attr(name)?.trim();
  return value ? value : undefined;
}

function safeUrl(value: string): URL | null {
  try {
    return new URL(value, CANONICAL_ORIGIN);
  } catch {
    return null;
  }
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function httpUrl(value: string): URL | null {
  if (!/^https?:\/\//i.test(value)) return null;
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/** The path part of where a page was read from: a URL's pathname (never its query), or a file path. */
function sourceLocation(sourcePath: string | undefined): string {
  if (!sourcePath) return '';
  return httpUrl(sourcePath)?.pathname ?? toSlashes(sourcePath);
}

function toSlashes(p: string): string {
  return p.replace(/\\/g, '/');
}
