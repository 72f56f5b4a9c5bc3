// Apollo's store of parsed and validated operations, keyed by the hash of the operation's text.
// A client that sends the question as a variable sends the same text every time: parsed and validated
// once, then found here. A client that writes the question into the text (curl, hand-written tools)
// sends a new text every time; Apollo's default store kept every one of them (up to 30 MB, each measured
// by JSON.stringify of its syntax tree), so a stream of distinct questions paid to size, keep and evict
// documents never asked again. Here a document is kept only from its second sighting (the first is
// remembered as a key), and the store is bounded by count.
//
// Such a client still paid graphql-js's validation for every question: about 0.19 ms of the event
// loop for the search's selection (35 rules, each a visit of the document), most of what an inlined
// question cost beyond one sent as a variable. Whether a document is valid does not depend on what
// its string literals say, only on which of them are equal (OverlappingFieldsCanBeMerged compares
// the arguments of fields with one response name): a String or ID argument takes any string, every
// other type of this schema none. So the store also remembers the shapes of the operations Apollo
// validated (the tokens, each string replaced by the number of its first occurrence), and the
// plugin (`plugin()`) parses a new text of a known shape itself and hands Apollo the document as
// if it had been stored: Apollo then skips parse and validation, as for any stored document. A
// schema with a scalar of its own (whose literals a custom parseLiteral may refuse by content) turns
// this off.
import type { ApolloServerPlugin, DocumentStore, GraphQLRequestListener } from '@apollo/server';
import { Kind, parse, TokenKind, type DocumentNode, type GraphQLSchema, type ParseOptions, type Token } from 'graphql';
import { FromSecondAsking, Lru } from '../support/lru.ts';

/**
 * Bytes of shapes remembered, validated and waiting for Apollo's validation (each), and the longest
 * shape remembered (characters): a text of up to BODY_LIMIT_BYTES need not be valid to be waiting,
 * and an operation a client sends as a variable is a few hundred characters.
 */
const SHAPE_BYTES = 2 * 1024 * 1024;
const MAX_SHAPE = 16 * 1024;
/** Documents handed over at most: the requests between their source and their lookup. */
const PRIMED = 500;

export class SecondSightingDocuments implements DocumentStore {
  private readonly documents: FromSecondAsking<string, DocumentNode>;
  /** Shapes of operations Apollo validated (it stores only valid documents). */
  private readonly validShapes = new Lru<string, true>(SHAPE_BYTES, (shape) => 2 * shape.length + 64);
  /** The shape of each operation Apollo is validating now, by its hash. */
  private readonly pending = new Lru<string, string>(SHAPE_BYTES, (hash, shape) => 2 * (hash.length + shape.length) + 64);
  /** Documents of a validated shape, parsed for a request Apollo looks up next (read once). */
  private readonly primed = new Map<string, DocumentNode>();
  private shapesAllowed = true;

  /** `parseOptions`: Apollo's, so that a document parsed here is what Apollo would have parsed. */
  constructor(
    capacity = 500,
    private readonly parseOptions: ParseOptions = {},
  ) {
    this.documents = new FromSecondAsking({ kept: capacity });
  }

  async get(key: string): Promise<DocumentNode | undefined> {
    const hash = hashOf(key);
    const primed = this.primed.get(hash);
    if (primed !== undefined) {
      this.primed.delete(hash);
      return primed;
    }
    return this.documents.get(hash);
  }

  async set(key: string, document: DocumentNode): Promise<void> {
    const hash = hashOf(key);
    this.documents.offer(hash, document);
    const shape = this.pending.get(hash);
    if (shape === undefined) return;
    this.pending.delete(hash);
    this.validShapes.set(shape, true);
  }

  async delete(key: string): Promise<boolean> {
    return this.documents.delete(hashOf(key));
  }

  /** The plugin that shows this store each operation's text before Apollo looks it up here. */
  plugin<C extends object>(): ApolloServerPlugin<C> {
    const listener: GraphQLRequestListener<C> = {
      didResolveSource: async ({ queryHash, source }) => this.sawSource(queryHash, source),
    };
    return {
      serverWillStart: async ({ schema }) => {
        this.shapesAllowed = !hasOwnScalars(schema);
      },
      requestDidStart: async () => listener,
    };
  }

  private sawSource(hash: string, source: string): void {
    if (!this.shapesAllowed || this.documents.get(hash) !== undefined) return;
    let document: DocumentNode;
    try {
      document = parse(source, this.parseOptions);
    } catch {
      return; // Apollo parses it again and answers with the syntax error
    }
    const shape = shapeOf(document);
    if (shape === null || shape.length > MAX_SHAPE) return;
    if (this.validShapes.get(shape) === undefined) {
      this.pending.set(hash, shape);
      return;
    }
    // At most the requests between their source and their lookup: a burst of them, never a backlog.
    if (this.primed.size >= PRIMED) this.primed.clear();
    this.primed.set(hash, document);
    // A sighting as Apollo's set() would have counted it: a text asked again is then found as it is.
    this.documents.offer(hash, document);
  }
}

/** Apollo's key is the schema's hash, a colon and the operation's hash: this store serves one schema. */
function hashOf(key: string): string {
  return key.slice(key.lastIndexOf(':') + 1);
}

/**
 * The tokens of a document with each string literal replaced by the number of its first occurrence
 * (equal strings: the same number; a block string and a quoted one never equal, as graphql-js prints
 * them differently). Comments are left out; numbers stay, as the range of an Int is checked.
 */
export function shapeOf(document: DocumentNode): string | null {
  const start = document.loc?.startToken;
  if (start === undefined) return null;
  const strings = new Map<string, number>();
  const parts: string[] = [];
  for (let token: Token | null = start; token !== null; token = token.next) {
    switch (token.kind) {
      case TokenKind.SOF:
      case TokenKind.EOF:
      case TokenKind.COMMENT:
        continue;
      case TokenKind.STRING:
      case TokenKind.BLOCK_STRING: {
        const text = `${token.kind}\u0000${token.value}`;
        let n = strings.get(text);
        if (n === undefined) strings.set(text, (n = strings.size));
        parts.push(`${token.kind}#${n}`);
        break;
      }
      default:
        parts.push((token.value as string | undefined) === undefined ? token.kind : `${token.kind}:${token.value}`);
    }
  }
  return parts.join(' ');
}

/**
 * Whether the schema declares a scalar (graphql-js's own have no definition). Read from the types'
 * definitions, not with isScalarType: under a test runner graphql-js may be loaded twice, and its
 * instanceof checks then throw.
 */
function hasOwnScalars(schema: GraphQLSchema): boolean {
  return Object.values(schema.getTypeMap()).some((t) => t.astNode?.kind === Kind.SCALAR_TYPE_DEFINITION);
}
