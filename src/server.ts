// The HTTP server: Fastify with GraphQL at /graphql, REST at /api/v1, MCP at /mcp, health at
// /healthz and /readyz, Prometheus metrics at /metrics. Built from an AppContext so tests can run it against
// any database file.
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { AppContext } from './app.ts';
import type { RequestLogFields } from './graphql/context.ts';
import { registerGraphiQL } from './graphql/graphiql.ts';
import { registerGraphQL } from './graphql/server.ts';
import { registerPortal } from './portal/serve.ts';
import { clientErrorHandler } from './rest/client-error.ts';
import { registerOpenApi } from './rest/openapi.ts';
import { problem, sendProblem, toProblem } from './rest/problem.ts';
import { RouteMethods } from './rest/methods.ts';
import { registerRest } from './rest/routes.ts';
import { DIAGNOSE_MEDIA_TYPES } from './rest/schemas.ts';
import { API_SECURITY_HEADERS, htmlSecurityHeaders } from './security-headers.ts';

export interface ServerOptions {
  /** Pino logger options, or false for none (tests). */
  readonly logger?: boolean | { level: string };
  /** Where the built ops portal lives (default: build/portal in the checkout). */
  readonly portalDir?: string;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Routes that probes and scrapers hit: never rate limited. */
const UNLIMITED = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * One log line per request, when it is answered, with the request's method, URL and client
 * (Fastify's default logs two, "incoming request" and "request completed": at LOG_LEVEL=info the
 * pair cost ~15 µs of CPU per request, a third of a cached answer's).
 */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    // A GraphQL request's line also names its operation (src/graphql/observe.ts).
    const graphql = request.logFields?.graphql;
    const line = graphql ? { req: request, res: reply, responseTime: reply.elapsedTime, graphql } : { req: request, res: reply, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Fields a route adds to the request's log line. */
    logFields: RequestLogFields | null;
  }
}

/** A hop count means: trust that many proxies in front of us (Fastify's types omit the number form). */
function trustProxyOption(value: AppContext['config']['trustProxy']): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof value === 'number') return (_address, hop) => hop < value;
  return typeof value === 'boolean' ? value : [...value];
}

export async function buildServer(ctx: AppContext, options: ServerOptions = {}): Promise<FastifyInstance> {
  const { config, metrics } = ctx;
  const app = Fastify({
    logger: options.logger ?? { level: config.logLevel },
    logController: new OneLinePerRequest(),
    bodyLimit: config.limits.bodyBytes,
    // Behind a proxy, request.ip (logs, the rate limit's default key) is the client's, not the proxy's.
    trustProxy: trustProxyOption(config.trustProxy),
    requestTimeout: config.requestTimeoutMs,
    connectionTimeout: config.requestTimeoutMs,
    // A client's x-request-id is kept when it is sane (so logs correlate across services),
    // otherwise replaced, so that the header cannot be used to inject into logs.
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : crypto.randomUUID();
    },
    // Real heading ids run past Fastify's default of 100 characters; the route validates up to 300.
    routerOptions: { maxParamLength: 300 },
    clientErrorHandler,
    // Undecodable URLs (`%ZZ`) and over-long path parameters: Fastify answers these before any
    // route or error handler, so without this they would leave as ad-hoc JSON without a code.
    frameworkErrors: (error, request, reply) => {
      reply.header('x-request-id', request.id);
      return sendProblem(reply, toProblem(error, request));
    },
  });

  app.decorateRequest('logFields', null);
  // One onSend hook for the security headers and the request id (cheaper than several).
  const htmlHeaders = htmlSecurityHeaders();
  const portalHeaders = htmlSecurityHeaders({ portal: true });
  // A response sent once closing has begun (a question in flight on a search thread) ends its
  // connection: the server has already closed the connections that were idle when closing began,
  // and a keep-alive one that goes idle later would hold the close until the client drops it.
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    const type = reply.getHeader('content-type');
    const html = typeof type === 'string' && type.startsWith('text/html');
    reply.headers(html ? (request.routeOptions.config.portal === true ? portalHeaders : htmlHeaders) : API_SECURITY_HEADERS);
    reply.header('x-request-id', request.id);
    done(null, payload);
  });
  if (config.metricsEnabled) {
    app.addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions.url ?? 'unmatched';
      metrics.http.record(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
      if (route === '/api/v1/search' || route === '/api/v1/passages') metrics.countRestSearch(reply.statusCode < 400);
      if (route === '/api/v1/diagnose') metrics.diagnoses.inc({ surface: 'rest', outcome: reply.statusCode < 400 ? 'ok' : 'error' });
      done();
    });
  }

  app.setErrorHandler((error, request, reply) => {
    let p = toProblem(error, request);
    if (p.status === 415) {
      // Say what would have been read: the caller can fix the request without the docs.
      const accepted = request.routeOptions.url === '/api/v1/diagnose' ? DIAGNOSE_MEDIA_TYPES : ['application/json'];
      const sent = String(request.headers['content-type'] ?? '(none)').split(';')[0];
      p = { ...p, detail: `Unsupported media type ${sent}; send one of: ${accepted.join(', ')}.`, acceptedTypes: accepted };
      reply.header('accept-post', accepted.join(', '));
    }
    if (p.status >= 500) request.log.error({ err: error }, 'request failed');
    if (p.status === 429 && reply.getHeader('retry-after') === undefined) reply.header('retry-after', Math.ceil(config.rateLimit.windowMs / 1000));
    if (request.url.startsWith('/graphql')) {
      // Errors Apollo did not handle itself (e.g. a body over the limit): keep GraphQL's shape.
      return reply.code(p.status).send({ errors: [{ message: p.detail, extensions: { code: p.code, requestId: request.id } }] });
    }
    return sendProblem(reply, p);
  });
  const routeMethods = new RouteMethods();
  routeMethods.track(app);
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const allowed = routeMethods.allowed(path);
    if (allowed.length > 0 && !allowed.includes(request.method)) {
      reply.header('allow', allowed.join(', '));
      return sendProblem(reply, problem('METHOD_NOT_ALLOWED', `${path} does not answer ${request.method}; use ${allowed.join(' or ')}.`, request, { allow: allowed }));
    }
    return sendProblem(reply, problem('NOT_FOUND', `No route ${request.method} ${path}.`, request));
  });

  if (config.corsOrigins.length > 0) {
    await app.register(cors, {
      origin: config.corsOrigins.includes('*') ? true : [...config.corsOrigins],
      methods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
      // The mcp-* headers are those browser-based MCP clients send to /mcp.
      allowedHeaders: ['content-type', 'x-request-id', 'apollo-require-preflight', 'if-none-match', 'mcp-protocol-version', 'mcp-session-id', 'mcp-method', 'mcp-name', 'last-event-id'],
      exposedHeaders: ['x-request-id', 'etag', 'retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'mcp-session-id'],
      maxAge: 600,
    });
  }
  // Off by default (RATE_LIMIT_MAX=0): see src/config for why.
  if (config.rateLimit.max > 0) {
    const { key } = config.rateLimit;
    await app.register(rateLimit, {
      global: true,
      max: config.rateLimit.max,
      timeWindow: config.rateLimit.windowMs,
      // header:<name>: a backend that serves many users names each one (e.g. x-client-id), so one
      // busy user does not throttle the others behind the same address.
      keyGenerator: (request) => {
        if (key === 'ip') return request.ip;
        const given = request.headers[key.header];
        const value = Array.isArray(given) ? given[0] : given;
        return value && value.length <= 200 ? `h:${value}` : `ip:${request.ip}`;
      },
      allowList: (request) => UNLIMITED.has(request.routeOptions.url ?? ''),
      errorResponseBuilder: (_request, context) => ({
        statusCode: 429,
        message: `Rate limit exceeded: at most ${context.max} requests per ${Math.round(config.rateLimit.windowMs / 1000)} s from one client; retry in ${context.after}.`,
      }),
    });
  }

  // Before any route: the OpenAPI document is built from the routes registered after it.
  await registerOpenApi(app);

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const ready = await ctx.isReady().catch(() => false);
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready' });
  });
  if (config.metricsEnabled) {
    app.get('/metrics', async (_request, reply) => reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()));
  }

  await registerRest(app, ctx.kb, ctx.diagnose);
  await registerGraphQL(app, ctx.kb, ctx.diagnose, {
    introspection: config.graphqlIntrospection,
    includeStacktrace: config.env === 'development',
    limits: config.graphqlLimits,
    metrics,
  });
  if (config.graphiql) await registerGraphiQL(app);
  await registerPortal(app, { graphiql: config.graphiql, ...(options.portalDir ? { dir: options.portalDir } : {}) });
  // Loaded only when on: the MCP SDK is not needed by a service that does not serve it.
  if (config.mcp.enabled) await (await import('./mcp/http.ts')).registerMcp(app, ctx);
  return app;
}
