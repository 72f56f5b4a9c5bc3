// Fills Node's compile cache (NODE_COMPILE_CACHE, Node 22.1+) with the bytecode of what a start
// loads, at image build time: every new container (a replica scaled out, a restart) then starts
// from it instead of compiling the server's modules again. Run it as the user the service runs as:
// Node keeps one cache directory per user id. Without a compile cache (Node 20) it only runs.
//
// What it runs is the start's path on a throw-away empty knowledge base: the application context
// with a search thread, the server with its plugins, a REST and a GraphQL search; then the CLI's
// commands are loaded. Nothing is listened on and nothing is left behind.
import { mkdtempSync, rmSync } from 'node:fs';
import module from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

module.enableCompileCache?.();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (rel) => pathToFileURL(path.join(root, 'dist', 'src', rel)).href;
const dir = mkdtempSync(path.join(tmpdir(), 'istio-kb-warm-'));
try {
  const { loadConfig } = await import(dist('config/index.js'));
  const { createAppContext } = await import(dist('app.js'));
  const { buildServer } = await import(dist('server.js'));
  const config = loadConfig({ ...process.env, DATABASE_URL: `file:${path.join(dir, 'kb.db')}`, LOG_LEVEL: 'silent', SEARCH_THREADS: '1' });
  const ctx = await createAppContext(config);
  try {
    const app = await buildServer(ctx, { logger: false });
    try {
      ctx.warmSearch();
      await app.inject({ method: 'GET', url: '/readyz' });
      await app.inject({ method: 'GET', url: '/api/v1/search?q=sidecar%20not%20injected' });
      await app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: { query: '{ search(query: "503") { totalCount } }' } });
    } finally {
      await app.close();
    }
  } finally {
    await ctx.close();
  }
  for (const name of ['search', 'entry', 'ingest', 'diagnose', 'mcp']) await import(dist(`cli/run/${name}.js`));
  await import(dist('cli/program.js'));
  module.flushCompileCache?.();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
