// Deeply nested flow collections (`[[[[...`) overflow the YAML parser's stack, and beyond a few
// thousand levels crash the process outright, so they are found with a cheap scan before parsing.
// A document that nests too deep is blanked out (newlines kept, so lines stay right) and reported.

export interface BlankedDocument {
  /** 1-based line where the blanked document starts. */
  readonly line: number;
  readonly depth: number;
}

export interface GuardedText {
  readonly text: string;
  readonly blanked: readonly BlankedDocument[];
}

const NEWLINE = 10;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const DASH = 45;

function isDocumentMarker(text: string, at: number): boolean {
  if (text.charCodeAt(at) !== DASH || text.charCodeAt(at + 1) !== DASH || text.charCodeAt(at + 2) !== DASH) return false;
  const next = text.charCodeAt(at + 3);
  return Number.isNaN(next) || next === NEWLINE || next === 13 || next === 32 || next === 9;
}

/**
 * Counts bracket nesting per document without understanding quotes: brackets inside strings are
 * normally balanced, and a false alarm needs more than `maxDepth` unbalanced openers.
 */
export function guardFlowDepth(text: string, maxDepth: number): GuardedText {
  const blankRanges: { start: number; end: number; line: number; depth: number }[] = [];
  let docStart = 0;
  let docLine = 1;
  let line = 1;
  let depth = 0;
  let maxSeen = 0;
  const closeDocument = (end: number): void => {
    if (maxSeen > maxDepth) blankRanges.push({ start: docStart, end, line: docLine, depth: maxSeen });
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === NEWLINE) {
      line++;
      if (isDocumentMarker(text, i + 1)) {
        closeDocument(i + 1);
        docStart = i + 1;
        docLine = line;
        depth = 0;
        maxSeen = 0;
      }
    } else if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      depth++;
      if (depth > maxSeen) maxSeen = depth;
    } else if ((c === CLOSE_BRACKET || c === CLOSE_BRACE) && depth > 0) {
      depth--;
    }
  }
  closeDocument(text.length);
  if (blankRanges.length === 0) return { text, blanked: [] };
  let out = '';
  let cursor = 0;
  for (const range of blankRanges) {
    out += text.slice(cursor, range.start);
    out += text.slice(range.start, range.end).replace(/[^\n]/g, ' ');
    cursor = range.end;
  }
  out += text.slice(cursor);
  return { text: out, blanked: blankRanges.map((r) => ({ line: r.line, depth: r.depth })) };
}
