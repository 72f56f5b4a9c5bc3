import { readFile, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { BadUserInputError, InputTooLargeError } from '../src/errors.ts';
import { MAX_HTML_BYTES } from './load-html.ts';

export function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value)) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * HTML files to ingest: files as given, folders walked recursively for *.html (sorted, each real
 * directory visited once so symlink loops end). A missing path is the caller's mistake.
 */
export async function listHtmlFiles(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  const seenDirs = new Set<string>();
  for (const given of paths) {
    let info;
    try {
      info = await stat(given);
    } catch {
      throw new BadUserInputError(`Source not found: ${given}`, { path: given });
    }
    if (info.isDirectory()) files.push(...(await walk(given, seenDirs)));
    else files.push(given);
  }
  return [...new Set(files)];
}

async function walk(dir: string, seenDirs: Set<string>): Promise<string[]> {
  const real = await realpath(dir);
  if (seenDirs.has(real)) return [];
  seenDirs.add(real);
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const found: string[] = [];
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      found.push(...(await walk(full, seenDirs)));
    } else if (entry.isSymbolicLink()) {
      // Follow links, but only to files and directories not visited yet.
      const target = await stat(full).catch(() => null);
      if (target?.isDirectory()) found.push(...(await walk(full, seenDirs)));
      else if (target?.isFile() && isHtmlName(entry.name)) found.push(full);
    } else if (entry.isFile() && isHtmlName(entry.name)) {
      found.push(full);
    }
  }
  return found;
}

function isHtmlName(name: string): boolean {
  return /\.html?$/i.test(name);
}

/** Reads a local file as UTF-8, refusing files larger than the parser accepts. */
export async function readSource(file: string): Promise<string> {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) throw new BadUserInputError(`Not a readable file: ${file}`, { path: file });
  if (info.size > MAX_HTML_BYTES) {
    throw new InputTooLargeError(`File is larger than ${MAX_HTML_BYTES} bytes: ${file}`, { path: file, size: info.size });
  }
  return readFile(file, 'utf8');
}

export interface RedirectStub {
  reason: string;
  target: string | null;
}

// Hugo alias stubs are ~500 bytes; only the head of a document is inspected so real pages that
// mention "Redirecting" in their text are never mistaken for stubs.
const STUB_HEAD_CHARS = 4096;

/** Describes a Hugo redirect stub (`<title>Redirecting…</title>` / meta refresh), or null for a real page. */
export function detectRedirectStub(html: string): RedirectStub | null {
  const head = html.slice(0, STUB_HEAD_CHARS);
  const refresh = /<meta[^>]+http-equiv\s*=\s*["']?refresh["']?[^>]*>/i.exec(head)?.[0];
  const redirectTitle = /<title>\s*Redirecting\b/i.test(head);
  if (!refresh && !redirectTitle) return null;
  const target = refresh ? (/url=([^"'>\s]+)/i.exec(refresh)?.[1] ?? null) : null;
  const reason = redirectTitle ? 'Hugo redirect stub (<title>Redirecting…</title>)' : 'meta refresh redirect';
  return { reason: target ? `${reason} to ${target}` : reason, target };
}

export function isRedirectStub(html: string): boolean {
  return detectRedirectStub(html) !== null;
}
