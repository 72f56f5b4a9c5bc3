// `npm start`: migrate, ingest the built-in sample when the knowledge base is empty, serve.
import { createAppContext } from './app.ts';
import { createServer } from 'node:net';
import { loadConfig } from './config/index.ts';
import { buildServer } from './server.ts';
import { formatSummaryLine } from './services/ingest.ts';
import { explainStartupFailure, type ListenTarget } from './startup-errors.ts';

let target: ListenTarget | null = null;

/**
 * Fails early when the port is taken, before the first start spends a minute filling the
 * knowledge base; the real listen below still handles the race of a port taken in between.
 */
async function probePort(host: string, port: number): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve()));
  });
}

async function main(): Promise<void> {
  const config = loadConfig();
  target = { host: config.host, port: config.port };
  await probePort(config.host, config.port);
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
  const failure = explainStartupFailure(error, target);
  console.error(`istio-kb: ${failure.message}`);
  if (/^(debug|trace)$/.test(process.env['LOG_LEVEL'] ?? '') && error instanceof Error && error.stack) console.error(error.stack);
  process.exit(failure.exitCode);
});
