import * as cheerio from 'cheerio';
import type { CheerioAPI } from 'cheerio';
import { BadUserInputError, InputTooLargeError } from '../src/errors.ts';

/** Largest page accepted; the biggest corpus page is ~135 KB, so this leaves ample room. */
export const MAX_HTML_BYTES = 8 * 1024 * 1024;

/**
 * Web copies of pages ("raw file" views) carry a few lines of chrome before the document;
 * anything before the first `<!doctype` or `<html` is dropped so it cannot become body text.
 */
export function stripLeadingJunk(html: string): string {
  const start = html.search(/<!doctype\b|<html[\s>]/i);
  return start > 0 ? html.slice(start) : html;
}

export function loadHtml(html: unknown): CheerioAPI {
  if (typeof html !== 'string') throw new BadUserInputError('HTML input must be a string');
  if (html.length > MAX_HTML_BYTES) {
    throw new InputTooLargeError(`HTML page is larger than ${MAX_HTML_BYTES} bytes`, { limit: MAX_HTML_BYTES, size: html.length });
  }
  return cheerio.load(stripLeadingJunk(html));
}
