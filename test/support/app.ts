// A server on a fresh temporary database, for end-to-end tests through supertest. The store is the
// test project's provider (test/support/provider.ts): SQLite, or PostgreSQL in the postgresql project.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import supertest from 'supertest';
import { createAppContext, type AppContext } from '../../src/app.ts';
import { loadConfig } from '../../src/config/index.ts';
import { buildServer } from '../../src/server.ts';
import { SAMPLE_PAGE } from '../../src/services/ingest.ts';
import { testDatabaseUrl } from './provider.ts';

export interface TestApp {
  readonly app: FastifyInstance;
  readonly ctx: AppContext;
  readonly http: ReturnType<typeof supertest>;
  readonly dir: string;
  close(): Promise<void>;
}

/**
 * A server on a fresh database holding `sources`, or by default the one clean sample page of the
 * shipped archive (v1.0 deploy guidelines, 8 entries); `seed: false` leaves it empty.
 */
export async function startTestApp(options: { seed?: boolean; sources?: string[]; env?: Record<string, string> } = {}): Promise<TestApp> {
  const dir = mkdtempSync(path.join(tmpdir(), 'istio-kb-test-'));
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: await testDatabaseUrl(dir), LOG_LEVEL: 'silent', ...options.env });
  const ctx = await createAppContext(config);
  if (options.sources) await ctx.ingest.ingest(options.sources);
  else if (options.seed !== false) await ctx.ingest.ingest([SAMPLE_PAGE]);
  const app = await buildServer(ctx, { logger: false });
  await app.ready();
  return {
    app,
    ctx,
    http: supertest(app.server),
    dir,
    async close() {
      await app.close();
      await ctx.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** POST a GraphQL operation; returns the parsed body. */
export async function gql(t: TestApp, query: string, variables?: Record<string, unknown>) {
  const res = await t.http.post('/graphql').set('content-type', 'application/json').send({ query, variables });
  return { status: res.status, body: res.body as { data?: Record<string, any>; errors?: { message: string; extensions?: { code?: string } }[] } };
}
