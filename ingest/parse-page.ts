import type { CheerioAPI } from 'cheerio';
import { findArticleRoot, stripChrome } from './article.ts';
import { extractBlocks, type Block } from './blocks.ts';
import { classifySection } from './classify.ts';
import { extractErrorMessages } from './error-messages.ts';
import { contentHash } from './hash.ts';
import { keyFromTitle } from './key.ts';
import { loadHtml } from './load-html.ts';
import { canonicalUrl, detectVersion, pageTitle } from './page-meta.ts';
import { splitSections, type RawSection } from './sections.ts';
import { commandsOf, toSnippet } from './snippets.ts';
import type { ParsedEntry, ParsedPage } from './types.ts';

/**
 * Parses one archived Istio docs page (any era, v0.8 to current) or similar guideline HTML into
 * entries: one per <h2> section (plus one per <h3 id> inside it, level 3 with parentSlug), or the
 * whole page when it has none. Throws BadUserInputError when
 * the page has no version or title, InputTooLargeError when it is too big; never hangs on bad markup.
 */
export function parsePage(html: string, sourcePath?: string): ParsedPage {
  const $ = loadHtml(html);
  const version = detectVersion($, sourcePath);
  const title = pageTitle($);
  const url = canonicalUrl($, title, version, sourcePath);

  const root = findArticleRoot($);
  stripChrome(root);
  const entries = splitSections($, root).map((section, position) => toEntry($, section, position, title, url));
  const pageHash = contentHash([title, ...entries.map((e) => e.contentHash)]);
  return { version, url, title, contentHash: pageHash, entries };
}

function toEntry($: CheerioAPI, section: RawSection, position: number, pageTitle: string, pageUrl: string): ParsedEntry {
  const heading = section.heading;
  const title = heading?.title ?? pageTitle;
  const slug = heading?.id ?? (keyFromTitle(pageTitle) || 'page');
  const blocks = extractBlocks($, section.nodes);
  const paragraphs = textOf(blocks);
  const codeBlocks = blocks.filter((b) => b.type === 'code');
  const snippets = codeBlocks.map(toSnippet);
  const { symptoms, causes, fixes } = classifySection(title, blocks);
  return {
    slug,
    title,
    key: keyFromTitle(title),
    url: `${pageUrl}#${slug}`,
    level: heading?.level ?? 1,
    ...(heading?.parentId ? { parentSlug: heading.parentId } : {}),
    position,
    paragraphs,
    symptoms: dedupe(symptoms),
    causes: dedupe(causes),
    fixes: dedupe(fixes),
    errorMessages: extractErrorMessages(blocks),
    commands: dedupe(codeBlocks.flatMap(commandsOf)),
    snippets,
    contentHash: contentHash([title, ...paragraphs], snippets.map((s) => s.code)),
  };
}

function textOf(blocks: Block[]): string[] {
  return blocks.flatMap((b) => (b.type === 'text' ? [b.text] : []));
}

function dedupe(values: string[]): string[] {
  return [...new Set(values)];
}
