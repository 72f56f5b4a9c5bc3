import type { Cheerio, CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { collapseWhitespace } from './text.ts';
import { keyFromTitle } from './key.ts';
import { asElement, textContent } from './dom.ts';

export interface SectionHeading {
  id: string;
  title: string;
  level: 2 | 3;
  /** The enclosing h2's id for an h3 sub-section; null for an h2. */
  parentId: string | null;
}

export interface RawSection {
  /** null for a page without h2 sections: the whole root is one entry. */
  heading: SectionHeading | null;
  nodes: AnyNode[];
}

const SEE_ALSO = /^see also$/i;

/**
 * One section per <h2>; its content is the following siblings up to the next h2 (or an element holding
 * one), so h3/h4 subsections stay inside their h2. Every <h3 id> inside an h2 section is also a section
 * of its own, right after its h2 (document order), so each problem of a "list of problems" h2 can be
 * looked up alone. Intro text before the first h2 is not a section.
 */
export function splitSections($: CheerioAPI, root: Cheerio<AnyNode>): RawSection[] {
  const headings = root.find('h2').toArray();
  if (headings.length === 0) return [{ heading: null, nodes: root.contents().toArray() }];

  const sections: RawSection[] = [];
  const usedIds = new Set<string>();
  for (const h2 of headings) {
    const title = collapseWhitespace(textContent(h2));
    const nodes = followingUntil($, h2, ['h2']);
    if (!title || SEE_ALSO.test(title)) continue;
    const id = uniqueId((h2.attribs['id'] ?? '').trim() || keyFromTitle(title) || 'section', usedIds);
    sections.push({ heading: { id, title, level: 2, parentId: null }, nodes });
    sections.push(...subSections($, nodes, id, usedIds));
  }
  return sections.length > 0 ? sections : [{ heading: null, nodes: root.contents().toArray() }];
}

/** h3s with an id among (or nested in) an h2 section's nodes; each runs to the next h2/h3. */
function subSections($: CheerioAPI, nodes: AnyNode[], parentId: string, usedIds: Set<string>): RawSection[] {
  const h3s: Element[] = [];
  for (const node of nodes) {
    const el = asElement(node);
    if (!el) continue;
    if (el.name === 'h3') h3s.push(el);
    else h3s.push(...$(el).find('h3').toArray());
  }
  const sections: RawSection[] = [];
  for (const h3 of h3s) {
    const rawId = (h3.attribs['id'] ?? '').trim();
    const title = collapseWhitespace(textContent(h3));
    if (!rawId || !title) continue;
    const id = uniqueId(rawId, usedIds);
    sections.push({ heading: { id, title, level: 3, parentId }, nodes: followingUntil($, h3, ['h2', 'h3']) });
  }
  return sections;
}

function followingUntil($: CheerioAPI, heading: Element, stops: readonly string[]): AnyNode[] {
  const selector = stops.join(', ');
  const nodes: AnyNode[] = [];
  for (let node = heading.nextSibling; node; node = node.nextSibling) {
    const el = asElement(node);
    if (el && (stops.includes(el.name) || $(el).find(selector).length > 0)) break;
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
