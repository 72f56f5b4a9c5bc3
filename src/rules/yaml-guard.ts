// Deeply nested flow collections (`[[[[...`) overflow the YAML parser's stack, and beyond a few
// thousand levels crash the process outright; tens of thousands of aliases make the parser itself
// quadratic. Both are found with a cheap scan before parsing: such a document is blanked out
// (newlines kept, so lines stay right) and reported.

export interface BlankedDocument {
  /** 1-based line where the blanked document starts. */
  readonly line: number;
  /** Why it was refused. */
  readonly reason: string;
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
const STAR = 42;

/** `*name` after a separator is an alias; `.*`, `"*"` or `a * b` are not. */
function isAliasAt(text: string, at: number): boolean {
  const before = at === 0 ? NEWLINE : text.charCodeAt(at - 1);
  const after = text.charCodeAt(at + 1);
  const separatorBefore = before === 32 || before === NEWLINE || before === 9 || before === 44 || before === OPEN_BRACKET || before === OPEN_BRACE || before === 58 || before === DASH;
  const nameAfter = !Number.isNaN(after) && after !== 32 && after !== NEWLINE && after !== 13 && after !== 9 && after !== 44 && after !== CLOSE_BRACKET && after !== CLOSE_BRACE;
  return separatorBefore && nameAfter;
}

function isDocumentMarker(text: string, at: number): boolean {
  if (text.charCodeAt(at) !== DASH || text.charCodeAt(at + 1) !== DASH || text.charCodeAt(at + 2) !== DASH) return false;
  const next = text.charCodeAt(at + 3);
  return Number.isNaN(next) || next === NEWLINE || next === 13 || next === 32 || next === 9;
}

/**
 * Counts bracket nesting per document without understanding quotes: brackets inside strings are
 * normally balanced, and a false alarm needs more than `maxDepth` unbalanced openers.
 */
export function guardFlowDepth(text: string, maxDepth: number, maxAliasCount = Infinity): GuardedText {
  const blankRanges: { start: number; end: number; line: number; reason: string }[] = [];
  let docStart = 0;
  let docLine = 1;
  let line = 1;
  let depth = 0;
  let maxSeen = 0;
  let aliases = 0;
  const closeDocument = (end: number): void => {
    if (maxSeen > maxDepth) {
      blankRanges.push({ start: docStart, end, line: docLine, reason: `document nests deeper than ${maxDepth} levels (${maxSeen})` });
    } else if (aliases > maxAliasCount) {
      blankRanges.push({
        start: docStart,
        end,
        line: docLine,
        reason: `document refused: more than ${maxAliasCount} alias references (a YAML "billion laughs" expansion is refused)`,
      });
    }
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
        aliases = 0;
      }
    } else if (c === STAR) {
      if (isAliasAt(text, i)) aliases++;
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
  return { text: out, blanked: blankRanges.map((r) => ({ line: r.line, reason: r.reason })) };
}
