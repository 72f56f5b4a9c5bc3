// `npm start`: migrate, ingest the built-in sample when the knowledge base is empty, serve.
import { createAppContext } from './app.ts';
import { ConfigError, loadConfig } from './config/index.ts';
import { DatabaseStartupError } from './db/open-checked.ts';
import { buildServer } from './server.ts';
import { formatSummaryLine } from './services/ingest.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const ctx = await createAppContext(config);
  const app = await buildServer(ctx);
  const seeded = await ctx.seedIfEmpty();
  if (seeded) app.log.info({ ingest: seeded.totals }, `knowledge base was empty; ingested ${formatSummaryLine(seeded)}`);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info(`${signal} received, shutting down`);
    const timer = setTimeout(() => {
      app.log.error(`shutdown took longer than ${config.shutdownTimeoutMs} ms; exiting`);
      process.exit(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    try {
      await app.close();
      await ctx.close();
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ host: config.host, port: config.port });
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(78); // EX_CONFIG
  }
  if (error instanceof DatabaseStartupError) {
    console.error(error.message);
    process.exit(74); // EX_IOERR
  }
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
