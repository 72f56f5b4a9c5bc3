import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { asElement, asText, textContent } from './dom.ts';
import { collapseWhitespace, normaliseNewlines } from './text.ts';

export type TextKind = 'p' | 'li' | 'note' | 'heading' | 'table';

export interface TextBlock {
  type: 'text';
  kind: TextKind;
  text: string;
  /** Inline <code> texts, kept apart because error messages are usually quoted that way. */
  inlineCodes: string[];
  /** Items of one (possibly nested) list share an id, so a list can follow a cue as a unit. */
  listId: number | null;
}

export interface CodeBlock {
  type: 'code';
  language: string;
  code: string;
  /** Output format of a command block ("yaml", "json"), from data-outputis or a -output-as-* class. */
  outputIs: string | null;
}

export type Block = TextBlock | CodeBlock;

interface Context {
  kind: TextKind;
  listId: number | null;
}

const CONTAINERS = new Set([
  'p', 'div', 'section', 'article', 'main', 'figure', 'figcaption', 'details', 'summary', 'center',
  'dl', 'dt', 'dd', 'fieldset', 'address',
]);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const SKIPPED = new Set(['hr', 'img', 'picture', 'video', 'audio', 'canvas', 'input', 'select', 'textarea']);
const MAX_DEPTH = 200;

/** Flattens a section's DOM into ordered text and code blocks (text never includes code blocks). */
export function extractBlocks($: CheerioAPI, nodes: AnyNode[]): Block[] {
  const blocks: Block[] = [];
  let nextListId = 0;

  const walk = (children: AnyNode[], ctx: Context, depth: number): void => {
    // Deeply nested junk is flattened to text rather than recursed into without bound.
    if (depth > MAX_DEPTH) {
      pushText(blocks, $, children, ctx);
      return;
    }
    let inline: AnyNode[] = [];
    const flush = (): void => {
      pushText(blocks, $, inline, ctx);
      inline = [];
    };
    for (const node of children) {
      const el = asElement(node);
      if (!el) {
        if (asText(node)) inline.push(node);
        continue;
      }
      const name = el.name.toLowerCase();
      if (SKIPPED.has(name)) continue;
      if (name === 'pre') {
        flush();
        blocks.push(codeBlock($, el));
      } else if (HEADINGS.has(name)) {
        flush();
        pushText(blocks, $, [el], { kind: 'heading', listId: null });
      } else if (name === 'ul' || name === 'ol' || name === 'li') {
        flush();
        const listCtx: Context = { kind: ctx.kind === 'note' ? 'note' : 'li', listId: ctx.listId ?? nextListId++ };
        const items = name === 'li' ? [el] : el.children.filter((c) => asElement(c)?.name === 'li');
        for (const item of items) walk(asElement(item)?.children ?? [], listCtx, depth + 1);
      } else if (name === 'blockquote' || name === 'aside') {
        flush();
        walk(el.children, { kind: 'note', listId: ctx.listId }, depth + 1);
      } else if (name === 'table') {
        flush();
        for (const row of $(el).find('tr').toArray()) {
          const cells = $(row).children('th, td').map((_, cell) => collapseWhitespace(textContent(cell))).get();
          const text = cells.filter(Boolean).join(' | ');
          if (text) blocks.push({ type: 'text', kind: 'table', text, inlineCodes: [], listId: null });
        }
      } else if (CONTAINERS.has(name) || $(el).find('pre, p, ul, ol, table, blockquote, aside, div').length > 0) {
        flush();
        walk(el.children, ctx, depth + 1);
      } else {
        inline.push(node);
      }
    }
    flush();
  };

  walk(nodes, { kind: 'p', listId: null }, 0);
  return blocks;
}

function pushText(blocks: Block[], $: CheerioAPI, nodes: AnyNode[], ctx: Context): void {
  if (nodes.length === 0) return;
  const text = collapseWhitespace(textContent(nodes));
  if (!text) return;
  const inlineCodes: string[] = [];
  for (const node of nodes) {
    const el = asElement(node);
    if (!el) continue;
    const codes = el.name === 'code' ? [el] : $(el).find('code').toArray();
    for (const code of codes) {
      const value = collapseWhitespace(textContent(code));
      if (value) inlineCodes.push(value);
    }
  }
  blocks.push({ type: 'text', kind: ctx.kind, text, inlineCodes, listId: ctx.listId });
}

function codeBlock($: CheerioAPI, pre: Element): CodeBlock {
  const code = $(pre).find('code').first();
  const source = code.length > 0 ? code : $(pre);
  const classes = `${source.attr('class') ?? ''} ${$(pre).attr('class') ?? ''}`;
  const language = (/\blanguage-([\w+.-]+)/.exec(classes)?.[1] ?? source.attr('data-lang') ?? 'plain').toLowerCase();
  const declared = source.attr('data-outputis')?.toLowerCase() ?? null;
  const fromClass = /-output-as-(\w+)$/.exec(language)?.[1] ?? null;
  return { type: 'code', language, code: normaliseNewlines(textContent(source.toArray())), outputIs: declared ?? fromClass };
}
