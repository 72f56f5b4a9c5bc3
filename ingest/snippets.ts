import type { CodeBlock } from './blocks.ts';
import type { ParsedSnippet } from './types.ts';
import { checkYaml } from './yaml-check.ts';
import { endOfCommand, isPromptLine, SHELL_LANGUAGES, yamlSourcesOf } from './yaml-source.ts';

export function toSnippet(block: CodeBlock): ParsedSnippet {
  const sources = yamlSourcesOf(block);
  const { kinds, parseError } = sources.length > 0 ? checkYaml(sources) : { kinds: [], parseError: null };
  return { language: block.language, code: block.code, kinds, parseError };
}

/** Commands typed at a `$ ` prompt, prompt removed, `\` continuations joined into one line. */
export function commandsOf(block: CodeBlock): string[] {
  if (!SHELL_LANGUAGES.has(block.language) && !block.language.startsWith('command')) return [];
  const lines = block.code.split('\n');
  const commands: string[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    if (!isPromptLine(lines[i] ?? '')) continue;
    const end = endOfCommand(lines, i);
    const joined = lines
      .slice(i, end)
      .map((line, n) => (n === 0 ? line.replace(/^\s*\$\s?/, '') : line).replace(/\\\s*$/, '').trim())
      .filter(Boolean)
      .join(' ');
    if (joined) commands.push(joined);
    i = end - 1;
  }
  return commands;
}
