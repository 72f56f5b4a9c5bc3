// Multi-document YAML -> Resources, per input file. Every document is parsed independently: a broken
// or hostile document becomes a ParseError (or a note) and the others are still checked. Each
// resource keeps its YAML node so that the engine can turn a finding's path into a line later.
import { Composer, LineCounter, Parser, isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node } from 'yaml';
import { InputTooLargeError } from '../errors.ts';
import type { EngineParseError, ManifestInput } from './result.ts';
import type { DiagnoseLimits } from './limits.ts';
import type { Labels, Path, Resource } from './types.ts';
import { guardFlowDepth } from './yaml-guard.ts';
import { ComplexKeyError, DocumentLimitError, toPlain } from './yaml-to-plain.ts';
import { lineOfPath } from './locate.ts';
import { helmTemplateMark, isTemplatedName, templateActionAt } from './templates.ts';

export type Source = Resource['source'];

/** Remarks beyond this many per input are summarised, so that 100,000 empty documents stay one line. */
const MAX_NOTES_PER_SOURCE = 100;

/** Turns a path inside the resource into the 1-based line of that field (or its nearest ancestor). */
export type Locator = (path: Path, lineOffset?: number) => number;

export interface ParsedManifests {
  readonly resources: readonly Resource[];
  readonly parseErrors: readonly EngineParseError[];
  readonly notes: readonly string[];
  /** Keyed by `Resource.uid`. */
  readonly locators: ReadonlyMap<string, Locator>;
}

/** Shared by all inputs of one run so that the limits hold for the run, not per file. */
export class ParseBudget {
  bytes = 0;
  resources = 0;
  constructor(readonly limits: DiagnoseLimits) {}

  addBytes(file: string, text: string): void {
    this.bytes += Buffer.byteLength(text, 'utf8');
    if (this.bytes > this.limits.maxInputBytes) {
      throw new InputTooLargeError(
        `Manifests are too large: more than ${this.limits.maxInputBytes} bytes in total (at "${file}"). Split the bundle or raise the limit.`,
        { limit: this.limits.maxInputBytes, file },
      );
    }
  }

  addResource(file: string): void {
    this.resources += 1;
    if (this.resources > this.limits.maxResources) {
      throw new InputTooLargeError(
        `Too many resources: more than ${this.limits.maxResources} Kubernetes objects (at "${file}"). Split the bundle or raise the limit.`,
        { limit: this.limits.maxResources, file },
      );
    }
  }
}

/** Accepts the API's single string or the CLI's per-file inputs. */
export function normalizeInputs(inputs: string | readonly ManifestInput[], defaultFile: string): readonly ManifestInput[] {
  return typeof inputs === 'string' ? [{ file: defaultFile, text: inputs }] : inputs;
}

export function parseManifests(inputs: readonly ManifestInput[], source: Source, budget: ParseBudget, namespace = 'default'): ParsedManifests {
  const out = new Collector(source, budget, namespace);
  for (const input of inputs) budget.addBytes(input.file, input.text);
  for (const input of inputs) out.parseFile(input);
  return out;
}

class Collector implements ParsedManifests {
  readonly resources: Resource[] = [];
  readonly parseErrors: EngineParseError[] = [];
  private readonly allNotes: string[] = [];
  private droppedNotes = 0;
  readonly locators = new Map<string, Locator>();
  private order = 0;

  get notes(): readonly string[] {
    return this.droppedNotes === 0 ? this.allNotes : [...this.allNotes, `${this.droppedNotes} more remarks like these were left out`];
  }

  private note(text: string): void {
    if (this.allNotes.length < MAX_NOTES_PER_SOURCE) this.allNotes.push(text);
    else this.droppedNotes++;
  }

  constructor(
    private readonly source: Source,
    private readonly budget: ParseBudget,
    /** Where an object without metadata.namespace lands (`kubectl apply -n`). */
    private readonly defaultNamespace: string,
  ) {}

  parseFile(input: ManifestInput): void {
    const { file } = input;
    const template = helmTemplateMark(input.text);
    if (template) {
      this.error(
        file,
        `an unrendered Helm template (\`${template.action}\`), not checked: render it first, e.g. \`helm template RELEASE CHART | istio-kb diagnose -\``,
        template.line,
        1,
      );
      return;
    }
    const limits = this.budget.limits;
    const guarded = guardFlowDepth(input.text, limits.maxDepth, limits.maxAliasCount);
    for (const refused of guarded.blanked) this.error(file, `${refused.reason}; it was not checked`, refused.line, 1);
    const lineCounter = new LineCounter();
    const source: FileSource = { text: guarded.text, lineCounter, cache: new Map() };
    try {
      // Documents are composed one at a time and dropped after conversion, so that a large bundle
      // never holds every YAML syntax tree at once; lines are found later by re-reading one document.
      const composer = new Composer({ merge: true, prettyErrors: false });
      const parser = new Parser(lineCounter.addNewLine);
      let pending: Document.Parsed | undefined;
      for (const doc of composer.compose(parser.parse(guarded.text))) {
        if (pending) this.parseDocument(file, pending, source, false);
        pending = doc;
      }
      if (pending) this.parseDocument(file, pending, source, true);
    } catch (error) {
      if (error instanceof InputTooLargeError) throw error;
      this.error(file, `could not parse YAML: ${describe(error)}`, null, null);
    }
  }

  private parseDocument(file: string, doc: Document.Parsed, source: FileSource, isLast: boolean): void {
    const { lineCounter } = source;
    const startLine = lineCounter.linePos(doc.contents?.range[0] ?? doc.range[0]).line;
    const firstError = doc.errors[0];
    if (firstError) {
      const pos = lineCounter.linePos(firstError.pos[0]);
      // `cat a.yaml b.yaml | istio-kb diagnose -` without `---` between the files: the second object's
      // apiVersion or kind repeats a key of the first (kubectl fails the same way).
      const duplicate = firstError.code === 'DUPLICATE_KEY' ? /^["']?([\w.\-/]+)["']?\s*:/.exec(source.text.slice(firstError.pos[0], firstError.pos[0] + 80))?.[1] : undefined;
      const restart = duplicate === 'apiVersion' || duplicate === 'kind';
      const hint = restart
        ? '; a second object starts here without a `---` line before it (files joined without a separator?)'
        : duplicate !== undefined
          ? `: \`${duplicate}\` is given twice in one mapping, which kubectl refuses too; merge the two into one`
          : '';
      this.error(file, `${firstError.message.split('\n')[0] ?? firstError.message}${hint}`, pos.line, pos.col);
      return;
    }
    if (doc.contents === null || isEmptyScalar(doc.contents)) {
      // A trailing `---` is common and harmless; an empty document in the middle is worth a remark.
      if (!isLast) this.note(`${file}:${startLine}: empty document skipped`);
      return;
    }
    let value: unknown;
    try {
      value = toPlain(doc.contents, doc, this.budget.limits.maxAliasCount, this.budget.limits.maxDepth);
    } catch (error) {
      if (error instanceof ComplexKeyError) {
        this.complexKey(file, error, source);
        return;
      }
      if (!(error instanceof DocumentLimitError) && !(error instanceof RangeError)) throw error;
      this.error(file, `document refused: ${error.message}`, startLine, 1);
      return;
    }
    if (isList(value) && isMap(doc.contents)) {
      this.parseList(file, value.items, doc, source, startLine);
      return;
    }
    this.addObject(file, value, doc.contents, { source, range: doc.range, item: undefined }, `document at line ${startLine}`);
  }

  private parseList(file: string, items: unknown, doc: Document.Parsed, source: FileSource, line: number): void {
    const listNode = doc.contents;
    const itemsNode = isMap(listNode) ? listNode.get('items', true) : undefined;
    if (!Array.isArray(items) || !isSeq(itemsNode)) {
      this.note(`${file}:${line}: List without items skipped`);
      return;
    }
    items.forEach((item, i) => {
      const node = itemsNode.items[i];
      if (!node) return;
      // An item is re-read on its own (its range), not with the whole List: a `kubectl get -o yaml`
      // dump is one document of megabytes, and re-reading it per finding would parse it again.
      const range = (node as Node).range;
      this.addObject(file, item, node as Node, range ? { source, range, item: undefined } : { source, range: doc.range, item: i }, `List item ${i} at line ${line}`);
    });
  }

  private addObject(file: string, value: unknown, node: Node, at: DocumentRef, where: string): void {
    const line = at.source.lineCounter.linePos(node.range?.[0] ?? 0).line;
    const why = whyNotKubernetes(value);
    if (why !== undefined) {
      this.note(`${file}:${line}: ${where} skipped: not a Kubernetes object (${why})`);
      return;
    }
    const object = value as Record<string, unknown> & { kind: string; apiVersion: string; metadata: Record<string, unknown> };
    const metadata = object.metadata;
    const namespaceValue = metadata['namespace'];
    const templated = [metadata['name'], namespaceValue].find(isTemplatedName);
    if (templated !== undefined) {
      const field = templated === metadata['name'] ? 'metadata.name' : 'metadata.namespace';
      this.error(file, `an unrendered template in ${field} (\`${templated}\`), not checked: render it first (Kubernetes refuses such a name)`, line, 1);
      return;
    }
    this.budget.addResource(file);
    const namespaceExplicit = typeof namespaceValue === 'string' && namespaceValue !== '';
    const namespace = namespaceExplicit ? namespaceValue : this.defaultNamespace;
    const name = metadata['name'] as string;
    const order = this.order++;
    const prefix = this.source === 'previous' ? 'previous:' : '';
    const resource: Resource = {
      uid: `${prefix}${object.kind}/${namespace}/${name}#${order}`,
      apiVersion: object.apiVersion,
      kind: object.kind,
      name,
      namespace,
      namespaceExplicit,
      labels: stringMap(metadata['labels']),
      annotations: stringMap(metadata['annotations']),
      object,
      source: this.source,
      file,
      order,
      line,
    };
    this.resources.push(resource);
    // An OpenShift Template is stored as it stands; its objects exist only once `oc process` renders
    // them (parameters such as ${APPLICATION_NAME} filled in), so they are not read here.
    const templateObjects = object.kind === 'Template' && object.apiVersion.startsWith('template.openshift.io/') ? object['objects'] : undefined;
    if (Array.isArray(templateObjects) && templateObjects.length > 0) {
      const count = templateObjects.length === 1 ? 'its 1 object is' : `its ${templateObjects.length} objects are`;
      this.note(
        `${file}:${line}: Template ${namespace}/${name} (${object.apiVersion}): ${count} not checked; OpenShift creates the objects of a template when it is processed: diagnose what \`oc process -f FILE\` prints`,
      );
    }
    this.locators.set(resource.uid, (path, lineOffset) => {
      const found = reread(at);
      return found ? lineOfPath(found.root, found.doc, found.lineOf, path, line, lineOffset) : line;
    });
  }

  /** A document kubectl refuses as well: judged as it stands, a `{{ .host }}` became a route with no host. */
  private complexKey(file: string, error: ComplexKeyError, source: FileSource): void {
    const mapStart = error.map.range?.[0] ?? 0;
    const action = templateActionAt(source.text, mapStart);
    if (action !== undefined) {
      const pos = source.lineCounter.linePos(mapStart);
      this.error(file, `an unrendered template (\`${action}\`), not checked: render it first (outside quotes YAML reads it as a mapping key, which kubectl refuses too)`, pos.line, pos.col);
      return;
    }
    const pos = source.lineCounter.linePos(error.key.range?.[0] ?? mapStart);
    this.error(file, `${error.message}: kubectl refuses it ("invalid map key"), so the document was not checked`, pos.line, pos.col);
  }

  private error(file: string, message: string, line: number | null, column: number | null): void {
    this.parseErrors.push({ message, line, column, source: this.source, file });
  }
}

/**
 * A document with nothing in it. After a `---` the parser gives a null Scalar with empty source, not
 * null contents (a file ending in `---` is the usual case); an explicit `null` or `~` is not empty.
 */
function isEmptyScalar(contents: Node): boolean {
  return isScalar(contents) && contents.value === null && contents.source === '';
}

interface FileSource {
  readonly text: string;
  readonly lineCounter: LineCounter;
  /** Re-read documents by start offset: only those with findings are ever re-read. */
  readonly cache: Map<number, Reread | null>;
}

interface DocumentRef {
  readonly source: FileSource;
  readonly range: readonly [number, number, number];
  /** Index in `items` for a resource from a `kind: List`. */
  readonly item: number | undefined;
}

interface Reread {
  readonly doc: Document.Parsed;
  readonly lineOf: (offset: number) => number;
}

/** Parses one document again from its text slice; its lines are shifted back to the file's lines. */
function reread(at: DocumentRef): { root: Node; doc: Document.Parsed; lineOf: (offset: number) => number } | undefined {
  const { source, range } = at;
  let cached = source.cache.get(range[0]);
  if (cached === undefined) {
    const lineStart = source.text.lastIndexOf('\n', range[0] - 1) + 1;
    const baseLine = source.lineCounter.linePos(lineStart).line - 1;
    const lineCounter = new LineCounter();
    // What precedes the start on its line (indentation, or a List item's `- `) becomes spaces, so
    // that the slice's first key lines up with the following ones; offsets stay the same.
    const text = ' '.repeat(range[0] - lineStart) + source.text.slice(range[0], range[2]);
    const doc = parseAllDocuments(text, { lineCounter, merge: true, prettyErrors: false }).find(
      (d) => d.contents !== null,
    );
    cached = doc ? { doc, lineOf: (offset: number) => baseLine + lineCounter.linePos(offset).line } : null;
    source.cache.set(range[0], cached);
  }
  if (!cached) return undefined;
  const contents = cached.doc.contents;
  let root: Node | null = contents;
  if (at.item !== undefined) {
    const items = isMap(contents) ? contents.get('items', true) : undefined;
    root = isSeq(items) ? ((items.items[at.item] as Node | undefined) ?? null) : null;
  }
  return root ? { root, doc: cached.doc, lineOf: cached.lineOf } : undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isList(value: unknown): value is Record<string, unknown> & { items: unknown } {
  // `kind: List` and typed lists such as `ServiceList` from `kubectl get -o yaml`.
  return isRecord(value) && typeof value['kind'] === 'string' && /List$/.test(value['kind']) && 'items' in value;
}

function whyNotKubernetes(value: unknown): string | undefined {
  if (!isRecord(value)) return value === null ? 'empty' : `a ${Array.isArray(value) ? 'sequence' : 'scalar'}`;
  if (typeof value['kind'] !== 'string' || value['kind'] === '') return 'no kind';
  if (typeof value['apiVersion'] !== 'string' || value['apiVersion'] === '') return 'no apiVersion';
  // kustomization.yaml lists what to build; its objects (and what its patches make of them) are what `kustomize build` prints.
  if (value['apiVersion'].startsWith('kustomize.config.k8s.io/')) return `a kustomize ${value['kind']}: diagnose what \`kubectl kustomize DIR\` prints`;
  const metadata = value['metadata'];
  if (!isRecord(metadata) || typeof metadata['name'] !== 'string' || metadata['name'] === '') return 'no metadata.name';
  return undefined;
}

function stringMap(value: unknown): Labels {
  if (!isRecord(value)) return {};
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    // Unquoted `version: 1` or `enabled: true` still mean the strings Kubernetes would store.
    if (v !== null && v !== undefined && typeof v !== 'object') out[key] = String(v);
  }
  return out;
}
