// A line-by-line YAML highlighter: keys, strings, numbers and booleans, comments, document
// separators, anchors and tags. Enough to read manifests; it never throws on odd input (a line it
// does not understand is plain text).
import type { ComponentChild } from 'preact';

const KEY = /^(\s*)(- +)?((?:"[^"]*"|'[^']*'|[^\s#'"{}[\],][^#:]*?))(\s*:)(?=\s|$)(.*)$/;
const LIST = /^(\s*)(- +|-$)(.*)$/;

function scalar(text: string): ComponentChild[] {
  const out: ComponentChild[] = [];
  const comment = /(^|\s)#.*$/.exec(text);
  const value = comment ? text.slice(0, comment.index + (comment[1]?.length ?? 0)) : text;
  const trimmed = value.trim();
  const lead = value.slice(0, value.length - value.trimStart().length);
  const tail = value.slice(lead.length + trimmed.length);
  if (lead) out.push(lead);
  if (trimmed) {
    let cls = '';
    if (/^(["']).*\1$/.test(trimmed)) cls = 'y-str';
    else if (/^-?(\d+(\.\d+)?|\.\d+)([eE][-+]?\d+)?$/.test(trimmed) || /^0x[0-9a-f]+$/i.test(trimmed)) cls = 'y-num';
    else if (/^(true|false|yes|no|on|off|null|~)$/i.test(trimmed)) cls = 'y-bool';
    else if (/^[&*!]/.test(trimmed)) cls = 'y-tag';
    else if (/^[|>][-+]?\d*$/.test(trimmed)) cls = 'y-punct';
    out.push(cls ? <span class={cls}>{trimmed}</span> : trimmed);
  }
  if (tail) out.push(tail);
  if (comment) out.push(<span class="y-comment">{text.slice(comment.index + (comment[1]?.length ?? 0))}</span>);
  return out;
}

export function highlightYamlLine(line: string): ComponentChild[] {
  if (/^\s*#/.test(line)) return [<span class="y-comment">{line}</span>];
  if (/^(---|\.\.\.)(\s|$)/.test(line)) return [<span class="y-doc">{line}</span>];
  const key = KEY.exec(line);
  if (key) {
    const [, indent = '', dash = '', name = '', colon = '', rest = ''] = key;
    return [indent, dash && <span class="y-punct">{dash}</span>, <span class="y-key">{name}</span>, <span class="y-punct">{colon}</span>, ...scalar(rest)];
  }
  const item = LIST.exec(line);
  if (item) {
    const [, indent = '', dash = '', rest = ''] = item;
    return [indent, <span class="y-punct">{dash}</span>, ...scalar(rest)];
  }
  return scalar(line);
}

export const isYaml = (language: string) => /^(ya?ml|kubernetes|k8s)$/i.test(language);
