// The cache policy of a GraphQL operation (what Apollo's response cache keeps, and the Cache-Control
// header), decided from the operation's root fields instead of by Apollo's cache-control plugin.
//
// Why: Apollo's plugin decides it field by field, with a willResolveField hook; any such hook makes
// Apollo wrap every resolver of the schema and run the hook for every field of every answer (a
// search page of 5 hits resolves about 45 fields). Measured on the server stack with a fixed page
// (every question different, the question a variable): 169 KB allocated per GraphQL request on the
// main thread with the plugin, 115 KB without, and 0.265-0.277 against 0.236-0.238 ms of main-thread
// CPU per request.
//
// The outcome is the plugin's, exactly, for a schema whose only @cacheControl hints are on root
// fields and give at most the default maxAge (ours: `diagnose` is maxAge 0): every root field of an
// operation is resolved, a root field is restricted to its hint or the default, a nested field
// without a hint only to the default (or not at all, a scalar), which a root field already is. Any
// other schema (a hint on a type, on a nested field, inheritMaxAge, a root maxAge above the default)
// gets Apollo's plugin itself (cachePolicyPlugins below). test/graphql/cache-policy.test.ts compares
// the two on our schema's operations.
import type { ApolloServerPlugin, BaseContext, GraphQLRequestContextExecutionDidStart, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import { ApolloServerPluginCacheControl } from '@apollo/server/plugin/cacheControl';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import {
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  parse,
  type DirectiveNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type VariableDefinitionNode,
  valueFromASTUntyped,
} from 'graphql';

type Scope = 'PUBLIC' | 'PRIVATE';

interface Hint {
  readonly maxAge?: number;
  readonly scope?: Scope;
}

/** The hints of the root fields (by field name), or null when the schema has hints elsewhere. */
export function rootFieldHints(typeDefs: string, defaultMaxAge: number): ReadonlyMap<string, Hint> | null {
  const doc = parse(typeDefs);
  let queryType = 'Query';
  for (const def of doc.definitions) {
    if (def.kind === Kind.SCHEMA_DEFINITION || def.kind === Kind.SCHEMA_EXTENSION) {
      for (const op of def.operationTypes ?? []) if (op.operation === 'query') queryType = op.type.name.value;
    }
  }
  const hints = new Map<string, Hint>();
  for (const def of doc.definitions) {
    if (!('name' in def) || def.name === undefined || !('directives' in def)) continue;
    if (def.kind === Kind.DIRECTIVE_DEFINITION) continue;
    if (def.directives?.some(isCacheControl)) return null;
    const isRoot = def.kind === Kind.OBJECT_TYPE_DEFINITION || def.kind === Kind.OBJECT_TYPE_EXTENSION ? def.name.value === queryType : false;
    if (!('fields' in def)) continue;
    for (const field of def.fields ?? []) {
      const directive = field.directives?.find(isCacheControl);
      if (directive === undefined) continue;
      if (!isRoot) return null;
      const hint = hintOf(directive);
      if (hint === null || (hint.maxAge !== undefined && hint.maxAge > defaultMaxAge)) return null;
      hints.set(field.name.value, hint);
    }
  }
  return hints;
}

function isCacheControl(d: DirectiveNode): boolean {
  return d.name.value === 'cacheControl';
}

/** A field's hint as Apollo's plugin reads it; null for inheritMaxAge. */
function hintOf(directive: DirectiveNode): Hint | null {
  const arg = (name: string) => directive.arguments?.find((a) => a.name.value === name)?.value;
  const inherit = arg('inheritMaxAge');
  if (inherit?.kind === Kind.BOOLEAN && inherit.value) return null;
  const maxAge = arg('maxAge');
  const scope = arg('scope');
  const scopeName = scope?.kind === Kind.ENUM ? scope.value : undefined;
  return {
    ...(maxAge?.kind === Kind.INT ? { maxAge: parseInt(maxAge.value, 10) } : {}),
    ...(scopeName === 'PUBLIC' || scopeName === 'PRIVATE' ? { scope: scopeName } : {}),
  };
}

/** Names of the root fields an operation resolves (graphql-js's field collection: fragments, @skip and @include). */
function rootFieldNames(
  selectionSet: SelectionSetNode,
  document: DocumentNode,
  variables: () => Record<string, unknown>,
  out: string[],
  visited = new Set<string>(),
): string[] {
  for (const selection of selectionSet.selections) {
    if (selection.directives !== undefined && selection.directives.length > 0 && !included(selection, variables())) continue;
    if (selection.kind === Kind.FIELD) out.push(selection.name.value);
    // The root type is an object type: every fragment of a valid operation applies to it.
    else if (selection.kind === Kind.INLINE_FRAGMENT) rootFieldNames(selection.selectionSet, document, variables, out, visited);
    else if (!visited.has(selection.name.value)) {
      visited.add(selection.name.value);
      const name = selection.name.value;
      // Looked up where spread (rare at the root), not kept per document: an inlined question is a new document every time.
      const fragment = document.definitions.find((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === name);
      if (fragment) rootFieldNames(fragment.selectionSet, document, variables, out, visited);
    }
  }
  return out;
}

function withDefaults(definitions: readonly VariableDefinitionNode[], variables: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const d of definitions) if (d.defaultValue !== undefined) out[d.variable.name.value] = valueFromASTUntyped(d.defaultValue);
  return Object.assign(out, variables);
}

function included(node: { readonly directives?: readonly DirectiveNode[] }, variables: Record<string, unknown>): boolean {
  if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.['if'] === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, variables)?.['if'] !== false;
}

const UNCACHEABLE = 'no-store';
const CACHEABLE = /^max-age=(\d+), (public|private)$/;

/** The operation-level cache-control plugin, for a schema whose hints are on root fields only. */
function rootCachePolicyPlugin<T extends BaseContext>(hints: ReadonlyMap<string, Hint>, defaultMaxAge: number): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async executionDidStart(ctx: GraphQLRequestContextExecutionDidStart<T>) {
          const { operation, document, request } = ctx;
          // @skip(if: $v) and @include(if: $v) read the request's variables, with the operation's defaults.
          // Not coerced against Apollo's schema: graphql-js may be loaded twice (its CommonJS build for
          // Apollo, its ES module build here under vite), and its types do not cross. A value execution
          // would refuse fails the operation: its answer has errors, is not cached and says no-store.
          let given: Record<string, unknown> | undefined;
          const variables = () => (given ??= withDefaults(operation.variableDefinitions ?? [], request.variables ?? {}));
          let names: string[];
          try {
            names = rootFieldNames(operation.selectionSet, document, variables, []);
          } catch {
            // A directive's variable missing or of the wrong type: execution refuses it too and resolves no field.
            return;
          }
          // Apollo's plugin restricts the policy as each root field resolves: to the field's hint, or to the default.
          for (const name of names) {
            if (name.startsWith('__')) continue; // introspection's meta fields carry no policy
            const hint = hints.get(name);
            ctx.overallCachePolicy.restrict({ maxAge: hint?.maxAge ?? defaultMaxAge, ...(hint?.scope ? { scope: hint.scope } : {}) });
          }
        },
        // Apollo's plugin's header, word for word: a cacheable answer without errors says for how long; any other, no-store.
        async willSendResponse(ctx: GraphQLRequestContextWillSendResponse<T>) {
          const { response, overallCachePolicy } = ctx;
          const existing = response.http.headers.get('cache-control');
          let bound: Hint | null = null;
          if (existing) {
            if (existing !== UNCACHEABLE) {
              const match = CACHEABLE.exec(existing);
              if (!match) return;
              bound = { maxAge: Number(match[1]), scope: match[2] === 'public' ? 'PUBLIC' : 'PRIVATE' };
            }
          }
          let maxAge = overallCachePolicy.maxAge;
          let scope = overallCachePolicy.scope;
          if (bound) {
            if (bound.maxAge !== undefined && (maxAge === undefined || bound.maxAge < maxAge)) maxAge = bound.maxAge;
            if (bound.scope !== undefined && scope !== 'PRIVATE') scope = bound.scope;
          }
          const cacheable = maxAge !== undefined && maxAge !== 0;
          if (cacheable && existing !== UNCACHEABLE && response.body.kind === 'single' && !response.body.singleResult.errors) {
            response.http.headers.set('cache-control', `max-age=${maxAge}, ${(scope ?? 'PUBLIC').toLowerCase()}`);
          } else {
            response.http.headers.set('cache-control', UNCACHEABLE);
          }
        },
      };
    },
  };
}

/**
 * The plugins that give operations their cache policy and Cache-Control header: the operation-level
 * plugin where the schema allows it (see the top of this file), else Apollo's own.
 */
export function cachePolicyPlugins<T extends BaseContext>(typeDefs: string, defaultMaxAge: number): ApolloServerPlugin<T>[] {
  const hints = rootFieldHints(typeDefs, defaultMaxAge);
  if (hints === null) return [ApolloServerPluginCacheControl({ defaultMaxAge }) as ApolloServerPlugin<T>];
  return [ApolloServerPluginCacheControlDisabled() as ApolloServerPlugin<T>, rootCachePolicyPlugin<T>(hints, defaultMaxAge)];
}
