// Apollo Server on the Fastify instance. Errors from the services carry a code of the shared
// hierarchy; it becomes `extensions.code`. Anything unexpected is logged and masked.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApolloServer } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import type { FastifyInstance } from 'fastify';
import type { GraphQLFormattedError } from 'graphql';
import { isAppError } from '../errors.ts';
import type { DiagnoseService } from '../services/diagnose.ts';
import type { KnowledgeBase } from '../services/knowledge-base.ts';
import { createGraphQLContext, type GraphQLContext } from './context.ts';
import { resolvers } from './resolvers.ts';

export const SCHEMA_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'schema.graphql');
export const typeDefs = readFileSync(SCHEMA_FILE, 'utf8');

export interface GraphQLOptions {
  readonly introspection: boolean;
  readonly includeStacktrace: boolean;
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
  return formatted;
}

export async function registerGraphQL(app: FastifyInstance, kb: KnowledgeBase, diagnose: DiagnoseService, options: GraphQLOptions): Promise<ApolloServer<GraphQLContext>> {
  const apollo = new ApolloServer<GraphQLContext>({
    typeDefs,
    resolvers,
    introspection: options.introspection,
    includeStacktraceInErrorResponses: options.includeStacktrace,
    csrfPrevention: true,
    formatError: (formatted, error) => formatError(formatted, error, app.log, options.includeStacktrace),
    plugins: [fastifyApolloDrainPlugin(app), ApolloServerPluginLandingPageDisabled()],
  });
  await apollo.start();
  await app.register(fastifyApollo(apollo), {
    path: '/graphql',
    method: ['GET', 'POST', 'OPTIONS'],
    context: async () => createGraphQLContext(kb, diagnose),
  });
  return apollo;
}
