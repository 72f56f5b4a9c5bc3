// Path -> line: walks the YAML node tree along the path. A map entry reports its key's line; a
// missing step falls back to the nearest existing ancestor, and finally to the resource's line.
import { isAlias, isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import type { Path } from './types.ts';

export function lineOfPath(root: Node, doc: Document, lineOf: (offset: number) => number, path: Path, fallback: number): number {
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
  return line;
}
