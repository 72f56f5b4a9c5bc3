import type { Cheerio, CheerioAPI } from 'cheerio';
import type { AnyNode } from 'domhandler';

// Page chrome that lives inside the article root in one era or another (see corpus STRUCTURE.md §3).
export const CHROME_SELECTORS = [
  'script', 'style', 'noscript', 'template', 'svg', 'button', 'iframe', 'form',
  'nav', 'header', 'footer', // TOC, breadcrumb, pagenav and v1.1+ see-also are all <nav>
  'div.pagenav', 'div.see-also', 'h2#see-also', '.byline', 'div.toc-container', '.feedback',
].join(', ');

/**
 * The element holding the page body. Istio pages mark it with aria-labelledby=title (article from v1.1,
 * main before); other guideline HTML falls back to main, then body, so it still yields entries.
 */
export function findArticleRoot($: CheerioAPI): Cheerio<AnyNode> {
  for (const selector of ['article[aria-labelledby=title]', 'main[aria-labelledby=title]', 'article', 'main', 'body']) {
    const found = $(selector).first();
    if (found.length > 0) return found;
  }
  // cheerio always synthesises <html><body>, so this is only reached for exotic parser output.
  return $('*').first();
}

/** Removes chrome and the page title so only guidance remains under the root. */
export function stripChrome(root: Cheerio<AnyNode>): void {
  root.find(CHROME_SELECTORS).remove();
  root.find('h1').first().remove();
}
