// Narrowing helpers over domhandler nodes (cheerio's tree) without a runtime dependency on domhandler.
import type { AnyNode, Element, Text } from 'domhandler';

export function asElement(node: AnyNode | null | undefined): Element | null {
  return node && 'attribs' in node ? node : null;
}

export function asText(node: AnyNode): Text | null {
  return node.nodeType === 3 ? (node as Text) : null;
}

/**
 * Text content without recursion: cheerio's .text() recurses per level and overflows the stack on
 * pathologically nested markup, which must not crash ingest.
 */
export function textContent(nodes: AnyNode | readonly AnyNode[]): string {
  const stack: AnyNode[] = Array.isArray(nodes) ? [...nodes].reverse() : [nodes as AnyNode];
  let text = '';
  while (stack.length > 0) {
    const node = stack.pop() as AnyNode;
    const el = asElement(node);
    if (el) {
      for (let i = el.children.length - 1; i >= 0; i -= 1) {
        const child = el.children[i];
        if (child) stack.push(child);
      }
    } else if ('data' in node && node.nodeType === 3) {
      text += node.data;
    } else if ('children' in node) {
      for (let i = node.children.length - 1; i >= 0; i -= 1) {
        const child = node.children[i];
        if (child) stack.push(child);
      }
    }
  }
  return text;
}
