// All settings come from the environment, validated once at start-up. A bad value stops the
// process with a message naming the variable, instead of surfacing later as an odd failure.
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { defaultDatabaseUrl, sqliteFileFromUrl } from './database-location.ts';

export { defaultDatabaseUrl, sqliteFileFromUrl } from './database-location.ts';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const intIn = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const list = z
  .string()
  .transform((s) => s.split(/[\s,]+/).map((x) => x.trim()).filter(Boolean));

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: intIn(0, 65535).default(4000),
  DATABASE_URL: z
    .string()
    .regex(/^(file:.+|postgres(ql)?:\/\/.+)/, 'must be a SQLite URL such as file:./data/kb.db or a PostgreSQL URL such as postgresql://user@host:5432/kb')
    .optional(),
  /** Connections per process to PostgreSQL (ignored for SQLite). */
  DATABASE_POOL_SIZE: intIn(2, 200).default(10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Sources ingested on start-up when the knowledge base is empty (default: the shipped archive). */
  INGEST_ON_START: list.optional(),
  BODY_LIMIT_BYTES: intIn(1024, 64 * 1024 * 1024).default(1024 * 1024),
  DIAGNOSE_MAX_BYTES: intIn(1024, 64 * 1024 * 1024).default(1024 * 1024),
  DIAGNOSE_MAX_RESOURCES: intIn(1, 1_000_000).default(20_000),
  SEARCH_MAX_QUERY_LENGTH: intIn(16, 10_000).default(500),
  SEARCH_THREADS: intIn(0, 16).optional(),
  PAGE_MAX_SIZE: intIn(1, 1000).default(100),
  GRAPHQL_INTROSPECTION: bool.optional(),
  /** GraphiQL at /graphiql (served from the npm package, works offline). */
  GRAPHIQL: bool.optional(),
  GRAPHQL_MAX_DEPTH: intIn(1, 100).default(12),
  GRAPHQL_MAX_ALIASES: intIn(0, 1000).default(15),
  GRAPHQL_MAX_COST: intIn(1, 1_000_000).default(5000),
  GRAPHQL_MAX_TOKENS: intIn(10, 1_000_000).default(2000),
  /** Comma-separated allowed origins; empty = CORS off (no Access-Control headers). `*` allows any. */
  CORS_ORIGINS: list.default([]),
  /**
   * Requests per client per window; 0 (the default) turns the limit off. Off by default because the
   * clients this service exists for are backends: a chatbot, a portal or a CI runner is one address
   * carrying many users, and a per-address limit throttles all of them at once.
   */
  RATE_LIMIT_MAX: intIn(0, 10_000_000).default(0),
  RATE_LIMIT_WINDOW_MS: intIn(1000, 3_600_000).default(60_000),
  /** What a "client" is for the rate limit: `ip` (the address, see TRUST_PROXY) or `header:<name>` (e.g. header:x-client-id, falling back to the address). */
  RATE_LIMIT_KEY: z
    .string()
    .regex(/^(ip|header:[A-Za-z0-9-]{1,64})$/, 'must be ip or header:<header-name>')
    .default('ip'),
  /**
   * Behind a reverse proxy or load balancer: which X-Forwarded-For hops to trust for the client
   * address (logs, rate limit). false (default), true (any), a hop count, or comma-separated
   * addresses/CIDRs of the proxies.
   */
  TRUST_PROXY: z
    .string()
    .transform((v, issue) => {
      const text = v.trim();
      if (/^(false|0|no)$/i.test(text)) return false as const;
      if (/^(true|yes)$/i.test(text)) return true as const;
      if (/^\d{1,2}$/.test(text)) return Number(text);
      const list = text.split(',').map((x) => x.trim()).filter(Boolean);
      if (list.length > 0 && list.every((x) => /^[0-9A-Fa-f.:]+(\/\d{1,3})?$/.test(x) || /^(loopback|linklocal|uniquelocal)$/.test(x))) return list;
      issue.addIssue({ code: 'custom', message: 'must be false, true, a hop count, or comma-separated proxy addresses/CIDRs' });
      return z.NEVER;
    })
    .default(false),
  REQUEST_TIMEOUT_MS: intIn(100, 600_000).default(15_000),
  SHUTDOWN_TIMEOUT_MS: intIn(100, 600_000).default(10_000),
  METRICS_ENABLED: bool.default(true),
  /** The MCP server at /mcp (Streamable HTTP) and the deprecated HTTP+SSE endpoints. */
  MCP_ENABLED: bool.default(true),
  /** The deprecated 2024-11-05 HTTP+SSE transport (GET /mcp or /sse, POST /mcp/messages): stateful sessions. */
  MCP_SSE_ENABLED: bool.default(true),
  MCP_SSE_MAX_SESSIONS: intIn(0, 100_000).default(100),
  /** Niceness of `istio-kb ingest` (0-19): a batch ingest yields the CPU to a server on the same machine. */
  INGEST_NICE: intIn(0, 19).default(10),
});

export type Config = Readonly<{
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  databaseUrl: string;
  /** `sqlite` for a file: URL (the embedded default), `postgresql` for a postgres(ql):// URL. */
  databaseProvider: 'sqlite' | 'postgresql';
  /** Absolute path of the SQLite file (empty for PostgreSQL). */
  databaseFile: string;
  databasePoolSize: number;
  /**
   * Worker threads that run the SQLite search, so the event loop keeps serving while a question is
   * ranked (0: the main thread searches). Default: 1 where there are two cores or more.
   */
  searchThreads: number;
  logLevel: string;
  ingestOnStart: readonly string[] | undefined;
  limits: Readonly<{
    bodyBytes: number;
    diagnoseBytes: number;
    diagnoseResources: number;
    searchQueryLength: number;
    pageSize: number;
  }>;
  graphqlIntrospection: boolean;
  graphiql: boolean;
  graphqlLimits: Readonly<{ maxDepth: number; maxAliases: number; maxCost: number; maxTokens: number }>;
  corsOrigins: readonly string[];
  rateLimit: Readonly<{ max: number; windowMs: number; key: 'ip' | { header: string } }>;
  trustProxy: boolean | number | readonly string[];
  requestTimeoutMs: number;
  shutdownTimeoutMs: number;
  metricsEnabled: boolean;
  mcp: Readonly<{ enabled: boolean; sseEnabled: boolean; sseMaxSessions: number }>;
  ingestNice: number;
}>;

export class ConfigError extends Error {
  constructor(readonly issues: readonly string[]) {
    super(`Invalid configuration:\n  ${issues.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable means "not set", as in most deployment tools' env files.
  const parsed = EnvSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== '')));
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message} (got ${JSON.stringify(env[String(i.path[0])])})`),
    );
  }
  const e = parsed.data;
  const databaseUrl = e.DATABASE_URL ?? defaultDatabaseUrl({ env });
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    databaseUrl,
    databaseProvider: databaseUrl.startsWith('file:') ? 'sqlite' : 'postgresql',
    databaseFile: databaseUrl.startsWith('file:') ? sqliteFileFromUrl(databaseUrl) : '',
    databasePoolSize: e.DATABASE_POOL_SIZE,
    searchThreads: e.SEARCH_THREADS ?? (availableParallelism() >= 2 ? 1 : 0),
    logLevel: e.LOG_LEVEL,
    ingestOnStart: e.INGEST_ON_START,
    limits: {
      bodyBytes: e.BODY_LIMIT_BYTES,
      diagnoseBytes: e.DIAGNOSE_MAX_BYTES,
      diagnoseResources: e.DIAGNOSE_MAX_RESOURCES,
      searchQueryLength: e.SEARCH_MAX_QUERY_LENGTH,
      pageSize: e.PAGE_MAX_SIZE,
    },
    graphqlIntrospection: e.GRAPHQL_INTROSPECTION ?? e.NODE_ENV !== 'production',
    graphiql: e.GRAPHIQL ?? e.NODE_ENV !== 'production',
    graphqlLimits: {
      maxDepth: e.GRAPHQL_MAX_DEPTH,
      maxAliases: e.GRAPHQL_MAX_ALIASES,
      maxCost: e.GRAPHQL_MAX_COST,
      maxTokens: e.GRAPHQL_MAX_TOKENS,
    },
    corsOrigins: e.CORS_ORIGINS,
    rateLimit: {
      max: e.RATE_LIMIT_MAX,
      windowMs: e.RATE_LIMIT_WINDOW_MS,
      key: e.RATE_LIMIT_KEY === 'ip' ? 'ip' : { header: e.RATE_LIMIT_KEY.slice('header:'.length).toLowerCase() },
    },
    trustProxy: e.TRUST_PROXY,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    metricsEnabled: e.METRICS_ENABLED,
    mcp: { enabled: e.MCP_ENABLED, sseEnabled: e.MCP_SSE_ENABLED, sseMaxSessions: e.MCP_SSE_MAX_SESSIONS },
    ingestNice: e.INGEST_NICE,
  };
}
