// Whitespace and sentence helpers shared by block extraction and classification.

export function collapseWhitespace(text: string): string {
  return text.replace(/[\s\u00a0]+/g, ' ').trim();
}

/** CRLF/CR (v0.8 pages mix them) become LF; nothing else in code is touched. */
export function normaliseNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

// Abbreviations whose trailing period does not end a sentence.
const NON_TERMINAL = /\b(?:e\.g|i\.e|etc|vs|cf|approx|Mr|Dr|No)\.$/i;

/** Splits prose into sentences; conservative, because a wrong split only weakens classification. */
export function splitSentences(text: string): string[] {
  const parts = collapseWhitespace(text).split(/(?<=[.!?])\s+(?=[A-Z0-9"“‘(`])/);
  const sentences: string[] = [];
  for (const part of parts) {
    const previous = sentences[sentences.length - 1];
    if (previous !== undefined && NON_TERMINAL.test(previous)) {
      sentences[sentences.length - 1] = `${previous} ${part}`;
    } else if (part.length > 0) {
      sentences.push(part);
    }
  }
  return sentences;
}
