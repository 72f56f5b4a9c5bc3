// MCP over HTTP on the service's Fastify app. POST /mcp is Streamable HTTP, served statelessly (a fresh
// server per request) by the SDK's handler for both protocol eras: 2025 clients (initialize, then
// requests) and 2026-07-28 clients (per-request envelope). Old 2024-11-05 clients use the deprecated
// HTTP+SSE transport: GET /mcp or GET /sse opens the stream, POST /mcp/messages sends. The app's
// rate limit, body limit, request ids, logs and metrics apply as on every other route.
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { hostHeaderValidation, originValidation } from '@modelcontextprotocol/fastify';
import { createMcpHandler, localhostAllowedHostnames, localhostAllowedOrigins, type McpServer } from '@modelcontextprotocol/server';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app.ts';
import { AppError, NotFoundError } from '../errors.ts';
import { API_SECURITY_HEADERS } from '../security-headers.ts';
import { LegacySseTransport } from './legacy-sse.ts';
import { readiness } from './ready.ts';
import { createMcpFactory } from './server.ts';

export const MCP_PATH = '/mcp';
export const SSE_PATHS = ['/mcp', '/sse'] as const;
export const SSE_POST_PATH = '/mcp/messages';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export async function registerMcp(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const { config } = ctx;
  const factory = createMcpFactory({ kb: ctx.kb, diagnose: ctx.diagnose, metrics: config.metricsEnabled ? ctx.metrics : undefined, ready: readiness(ctx) });

  // The SDK builds a server per request and hands us the web Request: its Fastify logger (request id) is looked up here.
  const loggers = new WeakMap<Request, FastifyBaseLogger>();
  const handler = createMcpHandler((c) => factory({ transport: 'http', log: (c.requestInfo && loggers.get(c.requestInfo)) || app.log }), {
    legacy: 'stateless',
    onerror: (error) => app.log.debug({ err: error }, 'mcp request rejected'),
  });

  const sessions = new Map<string, { transport: LegacySseTransport; server: McpServer }>();
  const keepAliveMs = Math.max(1000, Math.min(15_000, Math.floor(config.requestTimeoutMs / 2)));
  // A diagnose call carries the manifests JSON-escaped inside a JSON-RPC envelope: room for input up to
  // DIAGNOSE_MAX_BYTES, so that the diagnose limit answers with its own message as a tool error.
  const bodyLimit = Math.max(config.limits.bodyBytes, Math.ceil(config.limits.diagnoseBytes * 1.25) + 64 * 1024);

  const openSse = async (request: FastifyRequest, reply: FastifyReply) => {
    if (sessions.size >= config.mcp.sseMaxSessions) {
      throw new AppError('NOT_READY', `Too many open MCP SSE sessions (at most ${config.mcp.sseMaxSessions}); use Streamable HTTP (POST ${MCP_PATH}) or retry later.`);
    }
    reply.hijack();
    const transport = new LegacySseTransport(reply.raw, SSE_POST_PATH, { ...API_SECURITY_HEADERS, 'x-request-id': String(request.id) }, keepAliveMs);
    const log = request.log.child({ mcpSession: transport.sessionId });
    const server = factory({ transport: 'sse', log });
    sessions.set(transport.sessionId, { transport, server });
    transport.onclose = () => {
      sessions.delete(transport.sessionId);
      void server.close().catch(() => undefined);
      log.info('mcp sse session closed');
    };
    try {
      await server.connect(transport);
    } catch (error) {
      log.error({ err: error }, 'mcp sse session failed to start');
      await transport.close();
      return;
    }
    log.info('mcp sse session opened');
  };

  await app.register(async (scope) => {
    // DNS-rebinding protection (MCP transport spec): a server on a loopback address answers only
    // requests addressed to it by a loopback name; browsers' cross-site requests are refused by Origin.
    if (LOOPBACK.has(config.host)) scope.addHook('onRequest', hostHeaderValidation(localhostAllowedHostnames()));
    if (!config.corsOrigins.includes('*')) {
      scope.addHook('onRequest', originValidation([...localhostAllowedOrigins(), ...config.corsOrigins.map((o) => hostnameOf(o)).filter((h) => h !== '')]));
    }

    scope.route({
      method: ['POST', 'GET', 'DELETE'],
      url: MCP_PATH,
      bodyLimit,
      handler: async (request, reply) => {
        if (config.mcp.sseEnabled && isLegacySseOpen(request)) return openSse(request, reply);
        return forward(request, reply);
      },
    });

    if (config.mcp.sseEnabled) {
      scope.get('/sse', openSse);
      scope.post<{ Querystring: { sessionId?: string } }>(SSE_POST_PATH, { bodyLimit }, async (request, reply) => {
        const id = request.query.sessionId ?? '';
        const session = sessions.get(id);
        if (!session) {
          throw new NotFoundError(`No MCP SSE session "${id.slice(0, 64)}": open one with GET ${MCP_PATH} (Accept: text/event-stream) first; sessions end with their stream and live in one server process.`);
        }
        session.transport.receive(request.body);
        return reply.code(202).type('text/plain').send('Accepted');
      });
    }
  });

  const forward = async (request: FastifyRequest, reply: FastifyReply) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value === undefined || name === 'content-length' || name === 'transfer-encoding') continue;
      for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
    }
    const abort = new AbortController();
    reply.raw.on('close', () => {
      if (!reply.raw.writableFinished) abort.abort();
    });
    const webRequest = new Request(`http://${request.host}${request.url}`, { method: request.method, headers, signal: abort.signal });
    loggers.set(webRequest, request.log);
    const response = await handler.fetch(webRequest, request.method === 'POST' ? { parsedBody: request.body } : {});
    reply.code(response.status);
    response.headers.forEach((value, name) => {
      if (name !== 'content-length') reply.header(name, value);
    });
    return reply.send(response.body ? Readable.fromWeb(response.body as NodeReadableStream) : undefined);
  };

  // Before the server stops accepting: open SSE streams would otherwise keep close() (and SIGTERM) waiting.
  app.addHook('preClose', async () => {
    await Promise.all([...sessions.values()].map(({ transport }) => transport.close()));
    await handler.close();
  });
}

/** A 2024-11-05 client opening its event stream: a GET for SSE without the headers of later protocol versions. */
function isLegacySseOpen(request: FastifyRequest): boolean {
  return (
    request.method === 'GET' &&
    (request.headers.accept ?? '').includes('text/event-stream') &&
    request.headers['mcp-session-id'] === undefined &&
    request.headers['mcp-protocol-version'] === undefined
  );
}

function hostnameOf(origin: string): string {
  try {
    return new URL(origin).hostname;
  } catch {
    return '';
  }
}
