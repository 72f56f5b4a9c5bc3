// Apollo Server on the Fastify instance. Errors from the services carry a code of the shared
// hierarchy; it becomes `extensions.code`. Anything unexpected is logged and masked.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import responseCachePlugin from '@apollo/server-plugin-response-cache';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import type { FastifyInstance } from 'fastify';
import type { GraphQLFormattedError } from 'graphql';
import { isAppError } from '../errors.ts';
import type { DiagnoseService } from '../services/diagnose.ts';
import type { KnowledgeBase } from '../services/knowledge-base.ts';
import type { Metrics } from '../observability/metrics.ts';
import { Lru } from '../support/lru.ts';
import { cachePolicyPlugins } from './cache-policy.ts';
import { SecondSightingDocuments } from './documents.ts';
import { createGraphQLContext, type GraphQLContext, type RequestLogFields } from './context.ts';
import { observePlugin } from './observe.ts';
import { resolvers } from './resolvers.ts';

export const SCHEMA_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'schema.graphql');
export const typeDefs = readFileSync(SCHEMA_FILE, 'utf8');

export interface GraphQLOptions {
  readonly introspection: boolean;
  readonly includeStacktrace: boolean;
  readonly limits: { maxDepth: number; maxAliases: number; maxCost: number; maxTokens: number };
  readonly metrics: Metrics;
}

export function formatError(formatted: GraphQLFormattedError, error: unknown, log: FastifyInstance['log'], includeStacktrace: boolean): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (isAppError(original)) {
    return {
      message: original.message,
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: original.code, ...(original.details ? { details: original.details } : {}) },
    };
  }
  const code = formatted.extensions?.['code'];
  if (code === undefined || code === 'INTERNAL_SERVER_ERROR') {
    log.error({ err: original }, 'GraphQL resolver failed');
    return {
      message: 'Internal server error',
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR', ...(includeStacktrace ? { stacktrace: formatted.extensions?.['stacktrace'] } : {}) },
    };
  }
  // A client's mistake (parse, validation, bad input): the server's stack says nothing about it and
  // shows the server's paths, so it is left out even where internal errors keep theirs.
  if (formatted.extensions?.['stacktrace'] === undefined) return formatted;
  const { stacktrace: _stack, ...extensions } = formatted.extensions;
  return { ...formatted, extensions };
}

/** Distinct operations remembered as asked once (a key each, no answer). */
const ASKED = 8000;

type CacheHookContext = { queryHash?: string; request: { variables?: unknown; operationName?: string | null } };

/**
 * The response cache's hooks: an answer is kept only from its second asking. A chatbot's questions
 * are mostly asked once; keeping each answer would fill the heap with answers the garbage collector
 * copies and promotes for nothing, and serialize each one once more to store it. A question not
 * asked before cannot have a kept answer, so the cache is not read for it (which would hash the
 * whole request to look up a key that cannot be there).
 */
export function fromSecondAsking(capacity = ASKED): {
  shouldReadFromCache: (context: CacheHookContext) => Promise<boolean>;
  shouldWriteToCache: (context: CacheHookContext) => Promise<boolean>;
} {
  const asked = new Lru<string, true>(capacity);
  // One key per request, for both hooks.
  const keys = new WeakMap<object, string>();
  const keyOf = ({ queryHash, request }: CacheHookContext) => {
    let key = keys.get(request);
    if (key === undefined) {
      key = `${queryHash ?? ''}\n${request.operationName ?? ''}\n${JSON.stringify(request.variables ?? null)}`;
      keys.set(request, key);
    }
    return key;
  };
  return {
    shouldReadFromCache: async (context) => asked.get(keyOf(context)) !== undefined,
    shouldWriteToCache: async (context) => {
      const key = keyOf(context);
      if (asked.get(key) !== undefined) return true;
      asked.set(key, true);
      return false;
    },
  };
}

export async function registerGraphQL(app: FastifyInstance, kb: KnowledgeBase, diagnose: DiagnoseService, options: GraphQLOptions): Promise<ApolloServer<GraphQLContext>> {
  // GraphQL Armor: depth, alias, cost, token and directive limits against abusive documents;
  // it also turns batched HTTP requests off.
  const armor = new ApolloArmor({
    maxDepth: { n: options.limits.maxDepth },
    maxAliases: { n: options.limits.maxAliases },
    costLimit: { maxCost: options.limits.maxCost },
    // Token limits are enforced by graphql-js's parser (parseOptions below): armor's own check
    // reports syntax errors with the wrong code and status.
    maxTokens: { enabled: false },
    maxDirectives: { n: 50 },
    blockFieldSuggestion: { enabled: !options.introspection },
  }).protect();
  const parseOptions = { maxTokens: options.limits.maxTokens };
  const documents = new SecondSightingDocuments(500, parseOptions);
  const apollo = new ApolloServer<GraphQLContext>({
    typeDefs,
    resolvers,
    introspection: options.introspection,
    includeStacktraceInErrorResponses: options.includeStacktrace,
    allowBatchedHttpRequests: false,
    parseOptions,
    documentStore: documents,
    csrfPrevention: true,
    validationRules: armor.validationRules,
    formatError: (formatted, error) => formatError(formatted, error, app.log, options.includeStacktrace),
    plugins: [
      ...(armor.plugins as ApolloServerPlugin<GraphQLContext>[]),
      // Before Apollo's lookup: an inlined question of a validated shape is parsed, not validated again.
      documents.plugin<GraphQLContext>(),
      observePlugin<GraphQLContext>(options.metrics, app.log),
      // Whole answers are cached per query, variables and database generation: an ingest
      // invalidates them at once, so a cached answer is never older than the knowledge base.
      // Kept from a question's second asking only, and read only for questions asked before (fromSecondAsking).
      // The cache policy is decided per operation from its root fields (cache-policy.ts): Apollo's own
      // plugin hooks every field of every answer.
      ...cachePolicyPlugins<GraphQLContext>(typeDefs, 60),
      responseCachePlugin({ sessionId: async () => null, extraCacheKeyData: async () => kb.generation(), ...fromSecondAsking() }),
      fastifyApolloDrainPlugin(app),
      ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();
  await app.register(fastifyApollo(apollo), {
    path: '/graphql',
    method: ['GET', 'POST', 'OPTIONS'],
    context: async (request) => {
      const line: RequestLogFields = {};
      request.logFields = line;
      return createGraphQLContext(kb, diagnose, line);
    },
  });
  return apollo;
}
