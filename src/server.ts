// The HTTP server: Fastify with GraphQL at /graphql, REST at /api/v1, health at /healthz and
// /readyz. Built from an AppContext so tests can run it against any database file.
import Fastify, { type FastifyInstance } from 'fastify';
import type { AppContext } from './app.ts';
import { registerGraphQL } from './graphql/server.ts';
import { problem, sendProblem, toProblem } from './rest/problem.ts';
import { registerRest } from './rest/routes.ts';

export interface ServerOptions {
  /** Pino logger options, or false for none (tests). */
  readonly logger?: boolean | { level: string };
}

export async function buildServer(ctx: AppContext, options: ServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? { level: ctx.config.logLevel },
    bodyLimit: ctx.config.limits.bodyBytes,
    requestIdHeader: 'x-request-id',
    genReqId: () => crypto.randomUUID(),
  });

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  app.setErrorHandler((error, request, reply) => {
    const p = toProblem(error, request);
    if (p.status >= 500) request.log.error({ err: error }, 'request failed');
    if (request.url.startsWith('/graphql')) {
      // Errors Apollo did not handle itself (e.g. a body over the limit): keep GraphQL's shape.
      return reply.code(p.status).send({ errors: [{ message: p.detail, extensions: { code: p.code } }] });
    }
    return sendProblem(reply, p);
  });

  app.setNotFoundHandler((request, reply) => sendProblem(reply, problem('NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}.`, request)));

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const ready = await ctx.isReady().catch(() => false);
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready' });
  });

  await registerRest(app, ctx.kb, ctx.diagnose);
  await registerGraphQL(app, ctx.kb, ctx.diagnose, {
    introspection: ctx.config.graphqlIntrospection,
    includeStacktrace: ctx.config.env === 'development',
  });
  return app;
}
