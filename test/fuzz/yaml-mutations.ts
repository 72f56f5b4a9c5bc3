// Generators of hostile YAML: random edits of real manifests, random bytes, huge scalars, alias
// bombs, deep nesting and floods of documents.
import fc from 'fast-check';

const TOKENS = [
  ':', ': ', '- ', '-', '[', ']', '{', '}', ',', '"', "'", '&a ', '*a', '<<: *a\n', '!!binary ', '!!map ', '!custom ', '? ',
  '|', '|-', '>', '%YAML 1.2\n', '%TAG ! tag:x,2000:\n', '---\n', '...\n', '# ', '\t', '\u0000', '\r', '\r\n', '\ufeff',
  'null', '~', '0x1F', '1e309', '.nan', 'yes', 'on', '2001-12-14t21:59:43.10-05:00', 'kind: List\nitems:\n', 'kind: ', 'apiVersion: ',
  'metadata:\n', '  ', '    ', '\n', '\\', '\\u', '"\\x', '🙂', 'ü', '\u2028', '\u0085', '&b [*b]', '*undefined', '- *a\n', '{a: *a}',
];

type Mutation =
  | { op: 'delete' | 'duplicate' | 'truncate'; at: number }
  | { op: 'swap'; at: number; other: number }
  | { op: 'indent'; at: number; by: number }
  | { op: 'insert' | 'replace'; at: number; text: string };

const fraction = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom('delete' as const, 'duplicate' as const, 'truncate' as const), at: fraction }),
  fc.record({ op: fc.constant('swap' as const), at: fraction, other: fraction }),
  fc.record({ op: fc.constant('indent' as const), at: fraction, by: fc.integer({ min: -4, max: 6 }) }),
  fc.record({
    op: fc.constantFrom('insert' as const, 'replace' as const),
    at: fraction,
    text: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...TOKENS) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) }),
  }),
);

function apply(text: string, m: Mutation): string {
  const lines = text.split('\n');
  const line = Math.floor(m.at * lines.length);
  const pos = Math.floor(m.at * (text.length + 1));
  switch (m.op) {
    case 'delete':
      lines.splice(line, 1);
      return lines.join('\n');
    case 'duplicate':
      lines.splice(line, 0, lines[line] ?? '');
      return lines.join('\n');
    case 'truncate':
      return text.slice(0, pos);
    case 'swap': {
      const j = Math.floor(m.other * lines.length);
      const a = lines[line] ?? '';
      lines[line] = lines[j] ?? '';
      lines[j] = a;
      return lines.join('\n');
    }
    case 'indent': {
      const current = lines[line] ?? '';
      lines[line] = m.by >= 0 ? ' '.repeat(m.by) + current : current.replace(new RegExp(`^ {0,${-m.by}}`), '');
      return lines.join('\n');
    }
    case 'insert':
      return text.slice(0, pos) + m.text + text.slice(pos);
    case 'replace':
      return text.slice(0, pos) + m.text + text.slice(pos + m.text.length);
  }
}

/** One real manifest with 1–8 random edits; sometimes several glued into one bundle. */
export function mutatedYaml(seeds: readonly string[]): fc.Arbitrary<string> {
  const one = fc
    .tuple(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 8 }))
    .map(([text, ms]) => ms.reduce(apply, text));
  return fc.oneof({ weight: 4, arbitrary: one }, { weight: 1, arbitrary: fc.array(one, { minLength: 2, maxLength: 6 }).map((docs) => docs.join('\n---\n')) });
}

export const randomBytes: fc.Arbitrary<Buffer> = fc.uint8Array({ maxLength: 4096 }).map((a) => Buffer.from(a));

/** A ConfigMap with one scalar of 10 KB to ~900 KB, plain, quoted or block. */
export const hugeScalar: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 10_000, max: 900_000 }), fc.constantFrom('plain', 'double', 'single', 'block', 'key'), fc.constantFrom('a', 'ab ', 'é', '\\"', '🙂'))
  .map(([n, style, unit]) => buildHugeScalar(n, style, unit));

export function buildHugeScalar(n: number, style: string, unit: string): string {
  const body = unit.repeat(Math.ceil(n / unit.length)).slice(0, n).replace(/\\"/g, style === 'double' ? '\\"' : 'x');
  const head = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n';
  switch (style) {
    case 'double':
      return `${head}  big: "${body}"\n`;
    case 'single':
      return `${head}  big: '${body.replace(/'/g, "''")}'\n`;
    case 'block':
      return `${head}  big: |\n    ${body}\n`;
    case 'key':
      return `${head}  ${body.replace(/[:#]/g, 'x')}: v\n`;
    default:
      return `${head}  big: ${body.replace(/[:#]/g, 'x')}\n`;
  }
}

/** "Billion laughs": every level refers to the one before `width` times; also merge-key bombs. */
export const aliasBomb: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 2, max: 12 }), fc.integer({ min: 2, max: 12 }), fc.constantFrom('seq', 'flow', 'merge'), fc.boolean())
  .map(([levels, width, style, wrapped]) => buildAliasBomb(levels, width, style, wrapped));

export function buildAliasBomb(levels: number, width: number, style: string, wrapped: boolean): string {
  const lines: string[] = wrapped ? ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: lol}', 'data:'] : [];
  const pad = wrapped ? '  ' : '';
  lines.push(`${pad}l0: &l0 ${style === 'merge' ? '{a: "lol"}' : '"lol"'}`);
  for (let i = 1; i <= levels; i++) {
    const refs = Array.from({ length: width }, () => `*l${i - 1}`);
    if (style === 'merge') lines.push(`${pad}l${i}: &l${i}`, `${pad}  <<: [${refs.join(', ')}]`, `${pad}  k${i}: [${refs.join(', ')}]`);
    else if (style === 'flow') lines.push(`${pad}l${i}: &l${i} [${refs.join(', ')}]`);
    else lines.push(`${pad}l${i}: &l${i}`, ...refs.map((r) => `${pad}  - ${r}`));
  }
  return lines.join('\n') + '\n';
}

/** Block maps, block sequences, `- - -` chains and flow brackets nested up to 20,000 deep. */
export const deepNesting: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 50, max: 20_000 }), fc.constantFrom('block-map', 'block-seq', 'dash-chain', 'flow-seq', 'flow-map', 'unbalanced', 'mixed-flow'))
  .map(([depth, style]) => buildDeep(depth, style));

export function buildDeep(depth: number, style: string): string {
  switch (style) {
    case 'block-map':
      return Array.from({ length: Math.min(depth, 3000) }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' x\n';
    case 'block-seq':
      return Array.from({ length: Math.min(depth, 3000) }, (_, i) => `${' '.repeat(i * 2)}-`).join('\n') + ' x\n';
    case 'dash-chain':
      return `${'- '.repeat(depth)}x\n`;
    case 'flow-seq':
      return `${'['.repeat(depth)}${']'.repeat(depth)}\n`;
    case 'flow-map':
      return `${'{a: '.repeat(depth)}1${'}'.repeat(depth)}\n`;
    case 'unbalanced':
      return `a: ${'['.repeat(depth)}\n`;
    default:
      return `kind: Service\napiVersion: v1\nmetadata: {name: x}\nspec: ${'[{'.repeat(depth / 2)}${'}]'.repeat(depth / 2)}\n`;
  }
}

/** Empty documents, tiny non-objects, or many small Services (over the resource cap at the top end). */
export const manyDocuments: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 100, max: 30_000 }), fc.constantFrom('empty', 'scalar', 'service', 'list'))
  .map(([n, style]) => buildManyDocuments(n, style));

export function buildManyDocuments(n: number, style: string): string {
  switch (style) {
    case 'empty':
      return '---\n'.repeat(n);
    case 'scalar':
      return 'x\n---\n'.repeat(n);
    case 'service':
      return Array.from({ length: n }, (_, i) => `apiVersion: v1\nkind: Service\nmetadata: {name: s${i}}\nspec: {ports: [{port: 80}]}`).join('\n---\n');
    default:
      return `apiVersion: v1\nkind: List\nitems:\n${Array.from({ length: n }, (_, i) => `- {apiVersion: v1, kind: Service, metadata: {name: s${i}}}`).join('\n')}\n`;
  }
}

/** The far ends of the generators above, always run (fast-check favours small values). */
export const EXTREMES: readonly string[] = [
  buildHugeScalar(900_000, 'double', '\\"'),
  buildHugeScalar(900_000, 'block', 'é'),
  buildAliasBomb(12, 12, 'seq', true),
  buildAliasBomb(12, 12, 'merge', false),
  buildDeep(20_000, 'flow-seq'),
  buildDeep(20_000, 'dash-chain'),
  buildDeep(3000, 'block-map'),
  buildDeep(20_000, 'unbalanced'),
  buildManyDocuments(30_000, 'empty'),
  buildManyDocuments(14_000, 'service'),
  buildManyDocuments(15_000, 'list'),
];
