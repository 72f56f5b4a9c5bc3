import type { CodeBlock } from './blocks.ts';

/** A stretch of a snippet that should be YAML, with its first line's index inside the snippet. */
export interface YamlSource {
  text: string;
  lineOffset: number;
}

const YAML_LANGUAGES = new Set(['yaml', 'yml']);
export const SHELL_LANGUAGES = new Set(['command', 'bash', 'sh', 'shell', 'console', 'zsh', 'shell-session']);
const HEREDOC = /<<-?\s*(['"]?)([A-Za-z_][\w-]*)\1/;
const LOOKS_LIKE_MANIFEST = /^\s*(?:apiVersion|kind)\s*:/m;

/**
 * The YAML a snippet carries: the whole block for yaml, the output after the command line for
 * yaml outputs (v1.0 `command-output-as-yaml`, v1.1+ `data-outputis=yaml`), and manifest heredocs in shell blocks.
 */
export function yamlSourcesOf(block: CodeBlock): YamlSource[] {
  if (YAML_LANGUAGES.has(block.language)) return [{ text: block.code, lineOffset: 0 }];
  const lines = block.code.split('\n');
  if (block.outputIs === 'yaml') {
    const start = endOfCommand(lines, lines.findIndex((l) => isPromptLine(l)));
    return [{ text: lines.slice(start).join('\n'), lineOffset: start }];
  }
  if (SHELL_LANGUAGES.has(block.language)) return heredocs(lines);
  return [];
}

export function isPromptLine(line: string): boolean {
  return /^\s*\$\s/.test(line) || /^\s*\$$/.test(line);
}

/** Index of the first line after the command starting at `start` (following `\` continuations). */
export function endOfCommand(lines: string[], start: number): number {
  if (start < 0) return 0;
  let i = start;
  while (i < lines.length && /\\\s*$/.test(lines[i] ?? '')) i += 1;
  return Math.min(i + 1, lines.length);
}

function heredocs(lines: string[]): YamlSource[] {
  const sources: YamlSource[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const terminator = HEREDOC.exec(lines[i] ?? '')?.[2];
    if (!terminator) continue;
    const bodyStart = i + 1;
    let end = bodyStart;
    while (end < lines.length && (lines[end] ?? '').trim() !== terminator) end += 1;
    const text = lines.slice(bodyStart, end).join('\n');
    if (LOOKS_LIKE_MANIFEST.test(text)) sources.push({ text, lineOffset: bodyStart });
    i = end;
  }
  return sources;
}
