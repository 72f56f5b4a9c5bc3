// Turns a parsed YAML node into plain data with hard caps on alias expansion and nesting, so that
// a hostile document fails as data ("this document is too deep") instead of exhausting memory.
import { isAlias, isMap, isScalar, isSeq, type Document, type Node } from 'yaml';

export class DocumentLimitError extends Error {}

/**
 * A mapping key that is itself a mapping or a list. JSON has only string keys, so kubectl refuses the
 * document ("yaml: invalid map key"); it is nearly always a `{{ … }}` template written outside
 * quotes, which YAML reads as a mapping inside a mapping. `map` is the mapping that holds the key.
 */
export class ComplexKeyError extends Error {
  constructor(
    readonly map: Node,
    readonly key: Node,
  ) {
    super('a mapping key that is itself a list or mapping');
  }
}

/** Nodes produced through aliases per document; a few anchors reused a few times stay far below. */
const MAX_ALIAS_EXPANDED_NODES = 100_000;

interface Budget {
  aliases: number;
  expanded: number;
  readonly maxAliases: number;
  readonly maxDepth: number;
}

const MERGE_KEY = '<<';

export function toPlain(node: Node | null | undefined, doc: Document, maxAliasCount: number, maxDepth: number): unknown {
  const budget: Budget = { aliases: 0, expanded: 0, maxAliases: maxAliasCount, maxDepth };
  return convert(node, doc, budget, 0, false);
}

function keyString(key: unknown): string {
  // An alias as a key; stringifying it (or a nested collection) would be exponential.
  if (!isScalar(key)) return '<complex key>';
  const value = key.value;
  // With merge keys enabled the parser represents `<<` as a symbol.
  if (typeof value === 'symbol') return value.description ?? '';
  return String(value);
}

function convert(node: unknown, doc: Document, budget: Budget, depth: number, viaAlias: boolean): unknown {
  if (node === null || node === undefined) return null;
  if (viaAlias && ++budget.expanded > MAX_ALIAS_EXPANDED_NODES) {
    throw new DocumentLimitError(`alias expansion produces more than ${MAX_ALIAS_EXPANDED_NODES} nodes`);
  }
  if (isScalar(node)) return node.value;
  if (depth >= budget.maxDepth) {
    throw new DocumentLimitError(`nesting deeper than ${budget.maxDepth} levels`);
  }
  if (isAlias(node)) {
    if (++budget.aliases > budget.maxAliases) {
      throw new DocumentLimitError(
        `more than ${budget.maxAliases} alias references (a YAML "billion laughs" expansion is refused)`,
      );
    }
    const target = node.resolve(doc);
    if (target === undefined) throw new DocumentLimitError(`unresolved alias *${node.source}`);
    return convert(target, doc, budget, depth, true);
  }
  if (isSeq(node)) {
    const out: unknown[] = [];
    for (const item of node.items) out.push(convert(item, doc, budget, depth + 1, viaAlias));
    return out;
  }
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    let merges: unknown[] | undefined;
    for (const pair of node.items) {
      if (isMap(pair.key) || isSeq(pair.key)) throw new ComplexKeyError(node, pair.key);
      const key = keyString(pair.key);
      const value = convert(pair.value, doc, budget, depth + 1, viaAlias);
      // Kubernetes' YAML reader honours `<<` merge keys; explicit keys win over merged ones.
      if (key === MERGE_KEY && isScalar(pair.key) && (isAlias(pair.value) || isSeq(pair.value) || isMap(pair.value))) {
        (merges ??= []).push(value);
        continue;
      }
      setOwn(out, key, value);
    }
    if (merges) applyMerges(out, merges);
    return out;
  }
  return null;
}

function applyMerges(out: Record<string, unknown>, merges: readonly unknown[]): void {
  const sources = merges.flatMap((m) => (Array.isArray(m) ? m : [m]));
  for (const source of sources) {
    if (source === null || typeof source !== 'object' || Array.isArray(source)) continue;
    for (const [key, value] of Object.entries(source)) {
      if (!Object.prototype.hasOwnProperty.call(out, key)) setOwn(out, key, value);
    }
  }
}

function setOwn(out: Record<string, unknown>, key: string, value: unknown): void {
  // `__proto__` as a key must not change the prototype of the result.
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}
