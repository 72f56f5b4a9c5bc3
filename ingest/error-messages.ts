import type { Block, CodeBlock, TextBlock } from './blocks.ts';
import { ERROR_CUES, ERROR_INTRO, MAX_MESSAGE_LENGTH, NOT_A_MESSAGE } from './error-cues.ts';
import { isPromptLine, endOfCommand, SHELL_LANGUAGES } from './yaml-source.ts';

const PLAIN_OUTPUT_LANGUAGES = new Set(['plain', 'text', 'txt', 'log', 'output', 'none', 'console-output']);
const MAX_INTRO_LINES = 5;

export function hasErrorCue(text: string): boolean {
  return ERROR_CUES.some((cue) => cue.test(text));
}

/** A cue-carrying string that reads as a message rather than an identifier, key/value or command. */
export function looksLikeMessage(text: string): boolean {
  const value = text.trim();
  if (value.length < 4 || value.length > MAX_MESSAGE_LENGTH) return false;
  if (NOT_A_MESSAGE.some((pattern) => pattern.test(value))) return false;
  if (!hasErrorCue(value)) return false;
  // A single token only counts when it is an upper-case error constant such as SSL_SYSCALL_ERROR.
  return /\s/.test(value) || /^[A-Z0-9]+(?:_[A-Z0-9]+)+$/.test(value);
}

/** Error strings a section quotes verbatim: inline code, quoted prose, and error lines of output blocks. */
export function extractErrorMessages(blocks: Block[]): string[] {
  const found: string[] = [];
  let previousText: TextBlock | null = null;
  for (const block of blocks) {
    if (block.type === 'text') {
      found.push(...block.inlineCodes.filter(looksLikeMessage));
      found.push(...quotedStrings(block.text).filter(looksLikeMessage));
      previousText = block;
    } else {
      found.push(...outputMessages(block, previousText !== null && ERROR_INTRO.test(previousText.text)));
      previousText = null;
    }
  }
  return dedupe(found.map((m) => m.trim()).filter(Boolean));
}

function quotedStrings(text: string): string[] {
  return [...text.matchAll(/[“"]([^”"]{4,300})[”"]/g)].map((m) => m[1] ?? '');
}

function outputMessages(block: CodeBlock, introducedAsError: boolean): string[] {
  if (block.outputIs === 'yaml' || block.outputIs === 'json') return [];
  const lines = outputLines(block);
  if (lines === null) return [];
  const nonEmpty = joinContinuations(lines).map((l) => l.trim()).filter(Boolean);
  if (introducedAsError && !SHELL_LANGUAGES.has(block.language) && nonEmpty.length <= MAX_INTRO_LINES) {
    return nonEmpty.filter((l) => l.length <= MAX_MESSAGE_LENGTH && !NOT_A_MESSAGE.some((p) => p.test(l)));
  }
  return nonEmpty.filter((line) => looksLikeOutputError(line));
}

/** Output lines of a block, or null when the block is not output (source code, YAML, ...). */
function outputLines(block: CodeBlock): string[] | null {
  const lines = block.code.split('\n');
  if (PLAIN_OUTPUT_LANGUAGES.has(block.language)) return lines;
  if (!SHELL_LANGUAGES.has(block.language) && !block.language.startsWith('command')) return null;
  const output: string[] = [];
  for (let i = 0; i < lines.length; ) {
    const line = lines[i] ?? '';
    if (isPromptLine(line)) {
      i = skipHeredoc(lines, endOfCommand(lines, i), line);
      continue;
    }
    output.push(line);
    i += 1;
  }
  // A shell block without any prompt is a script, not a transcript.
  return lines.some(isPromptLine) ? output : null;
}

function skipHeredoc(lines: string[], next: number, command: string): number {
  const terminator = /<<-?\s*(['"]?)([A-Za-z_][\w-]*)\1/.exec(command)?.[2];
  if (!terminator) return next;
  let i = next;
  while (i < lines.length && (lines[i] ?? '').trim() !== terminator) i += 1;
  return i + 1;
}

/** Docs wrap long output lines with a trailing backslash; a message is one logical line. */
function joinContinuations(lines: string[]): string[] {
  const joined: string[] = [];
  let pending = '';
  for (const line of lines) {
    if (/\\\s*$/.test(line)) {
      pending += `${line.replace(/\\\s*$/, '').trim()} `;
      continue;
    }
    joined.push(pending ? `${pending}${line.trim()}` : line);
    pending = '';
  }
  if (pending) joined.push(pending.trim());
  return joined;
}

function looksLikeOutputError(line: string): boolean {
  if (line.length > MAX_MESSAGE_LENGTH || NOT_A_MESSAGE.some((p) => p.test(line))) return false;
  return hasErrorCue(line);
}

function dedupe(values: string[]): string[] {
  return [...new Set(values)];
}
