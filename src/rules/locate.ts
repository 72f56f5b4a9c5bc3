// Path -> line: walks the YAML node tree along the path. A map entry reports its key's line; a
// missing step falls back to the nearest existing ancestor, and finally to the resource's line.
// With a lineOffset (a 0-based line inside a multi-line string), the line of that text line.
import { isAlias, isMap, isScalar, isSeq, Scalar, type Document, type Node } from 'yaml';
import type { Path } from './types.ts';

export function lineOfPath(root: Node, doc: Document, lineOf: (offset: number) => number, path: Path, fallback: number, lineOffset?: number): number {
  let node: unknown = root;
  let line = fallback;
  for (const step of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(step));
      if (!pair) return line;
      const keyStart = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
      if (keyStart !== undefined) line = lineOf(keyStart);
      node = pair.value;
    } else if (isSeq(node) && typeof step === 'number') {
      const item = node.items[step] as Node | undefined;
      if (!item) return line;
      const start = item.range?.[0];
      if (start !== undefined) line = lineOf(start);
      node = item;
    } else {
      return line;
    }
  }
  if (lineOffset !== undefined && lineOffset >= 0 && isScalar(node) && node.range) {
    const start = lineOf(node.range[0]);
    // A block scalar's text starts on the line after its `|` or `>` header.
    const block = node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED;
    return start + lineOffset + (block ? 1 : 0);
  }
  return line;
}
