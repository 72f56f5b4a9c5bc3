// Renders the rule docs (docs/rules/*.md) to elements: headings, paragraphs, lists, quotes, fenced
// code and inline code, emphasis and links. Builds elements, never HTML strings, so nothing in a
// document can inject markup.
import type { ComponentChild } from 'preact';
import { highlightYamlLine, isYaml } from './yaml.tsx';

const INLINE = /(`[^`]+`)|(\*\*[^*]+\*\*)|(\*[^*\s][^*]*\*)|(\[[^\]]+\]\([^)\s]+\))/g;

const CODE_ONLY = /(`[^`]+`)/g;

/**
 * Inline markup of one line. `codeOnly` for text that carries the reader's own input (finding
 * messages name resources from the manifests): only `code` spans, never links or emphasis.
 */
export function inline(text: string, options: { codeOnly?: boolean } = {}): ComponentChild[] {
  const out: ComponentChild[] = [];
  let last = 0;
  for (const m of text.matchAll(options.codeOnly ? CODE_ONLY : INLINE)) {
    const at = m.index ?? 0;
    if (at > last) out.push(text.slice(last, at));
    const token = m[0];
    if (m[1]) out.push(<code>{token.slice(1, -1)}</code>);
    else if (m[2]) out.push(<strong>{inline(token.slice(2, -2))}</strong>);
    else if (m[3]) out.push(<em>{inline(token.slice(1, -1))}</em>);
    else {
      const link = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(token);
      const url = link?.[2] ?? '';
      // Only web links and in-portal paths (not protocol-relative `//host`); a relative .md link has
      // no page here, so it stays text.
      if (link && /^(https?:\/\/|\/(?!\/))/.test(url)) out.push(<a href={url}>{inline(link[1] ?? '')}</a>);
      else out.push(link?.[1] ?? token);
    }
    last = at + token.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** `headingOffset` shifts heading levels so a document nests under the page's own headings. */
export function Markdown({ text, headingOffset = 0 }: { text: string; headingOffset?: number }) {
  const blocks: ComponentChild[] = [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let i = 0;
  let key = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    const fence = /^```\s*(\S*)/.exec(line);
    if (fence) {
      const code: string[] = [];
      for (i++; i < lines.length && !/^```/.test(lines[i] ?? ''); i++) code.push(lines[i] ?? '');
      i++;
      const yaml = isYaml(fence[1] ?? '');
      blocks.push(
        <pre key={key++} class="code">
          <code>{code.map((l, n) => [n > 0 ? '\n' : '', ...(yaml ? highlightYamlLine(l) : [l])])}</code>
        </pre>,
      );
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      const level = Math.min(6, (heading[1]?.length ?? 1) + headingOffset);
      const H = `h${level}` as 'h2';
      blocks.push(<H key={key++}>{inline(heading[2] ?? '')}</H>);
      i++;
      continue;
    }
    if (/^\s*([-*]|\d+\.)\s+/.test(line)) {
      const ordered = /^\s*\d+\./.test(line);
      const items: string[] = [];
      while (i < lines.length && /^\s*([-*]|\d+\.)\s+|^\s{2,}\S/.test(lines[i] ?? '')) {
        const l = lines[i] ?? '';
        if (/^\s*([-*]|\d+\.)\s+/.test(l)) items.push(l.replace(/^\s*([-*]|\d+\.)\s+/, ''));
        else items[items.length - 1] += ` ${l.trim()}`;
        i++;
      }
      const List = ordered ? 'ol' : 'ul';
      blocks.push(<List key={key++}>{items.map((item) => <li>{inline(item)}</li>)}</List>);
      continue;
    }
    if (/^>/.test(line)) {
      const quote: string[] = [];
      while (i < lines.length && /^>/.test(lines[i] ?? '')) quote.push((lines[i++] ?? '').replace(/^>\s?/, ''));
      blocks.push(<blockquote key={key++}><p>{inline(quote.join(' '))}</p></blockquote>);
      continue;
    }
    if (line.trim() === '') {
      i++;
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && (lines[i] ?? '').trim() !== '' && !/^(#{1,6}\s|```|>|\s*([-*]|\d+\.)\s+)/.test(lines[i] ?? '')) para.push((lines[i++] ?? '').trim());
    blocks.push(<p key={key++}>{inline(para.join(' '))}</p>);
  }
  return <>{blocks}</>;
}
