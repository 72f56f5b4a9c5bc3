import type { Cheerio, CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { collapseWhitespace } from './text.ts';
import { keyFromTitle } from './key.ts';
import { asElement, textContent } from './dom.ts';

export interface RawSection {
  /** null for a page without h2 sections: the whole root is one entry. */
  heading: { id: string; title: string } | null;
  nodes: AnyNode[];
}

const SEE_ALSO = /^see also$/i;

/**
 * One section per <h2>; its content is the following siblings up to the next h2 (or an element holding
 * one), so h3/h4 subsections stay inside their h2. Intro text before the first h2 is not a section.
 */
export function splitSections($: CheerioAPI, root: Cheerio<AnyNode>): RawSection[] {
  const headings = root.find('h2').toArray();
  if (headings.length === 0) return [{ heading: null, nodes: root.contents().toArray() }];

  const sections: RawSection[] = [];
  const usedIds = new Set<string>();
  for (const h2 of headings) {
    const title = collapseWhitespace(textContent(h2));
    const nodes = followingUntilHeading($, h2);
    if (!title || SEE_ALSO.test(title)) continue;
    const id = uniqueId((h2.attribs['id'] ?? '').trim() || keyFromTitle(title) || 'section', usedIds);
    sections.push({ heading: { id, title }, nodes });
  }
  return sections.length > 0 ? sections : [{ heading: null, nodes: root.contents().toArray() }];
}

function followingUntilHeading($: CheerioAPI, h2: Element): AnyNode[] {
  const nodes: AnyNode[] = [];
  for (let node = h2.nextSibling; node; node = node.nextSibling) {
    const el = asElement(node);
    if (el && (el.name === 'h2' || $(el).find('h2').length > 0)) break;
    nodes.push(node);
  }
  return nodes;
}

function uniqueId(id: string, used: Set<string>): string {
  let candidate = id;
  for (let n = 2; used.has(candidate); n += 1) candidate = `${id}-${n}`;
  used.add(candidate);
  return candidate;
}
