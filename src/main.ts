// `npm start`: migrate, listen, and fill an empty knowledge base with the shipped archive (or
// INGEST_ON_START), or parse those again when an older parser did (the older entries answer meanwhile).
// The server answers at once; /readyz says 503 until the first ingest has committed.
import { createAppContext } from './app.ts';
import { loadConfig } from './config/index.ts';
import { isAppError } from './errors.ts';
import { buildServer } from './server.ts';
import { describeStartIngest } from './services/ingest.ts';
import { explainStartupFailure, type ListenTarget } from './startup-errors.ts';

let target: ListenTarget | null = null;

async function main(): Promise<void> {
  const config = loadConfig();
  target = { host: config.host, port: config.port };
  const ctx = await createAppContext(config);
  const app = await buildServer(ctx);

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
  for (const warning of ctx.warnings) app.log.warn(warning);
  ctx.warmSearch();

  // After listening, so that health checks and load balancers see a live process (not ready yet)
  // instead of a refused connection while the first ingest runs.
  ctx.ingestAtStart().then(
    (done) => {
      const line = describeStartIngest(done);
      if (line) app.log[line.level](line.fields, line.message);
    },
    (error: unknown) => {
      if (closing) return;
      if (isAppError(error) && error.code === 'CONFLICT') {
        app.log.info(`another process is filling the knowledge base (${error.message}); ready once it has committed`);
        return;
      }
      const failure = explainStartupFailure(error, target);
      if (failure.exitCode === 78) {
        // INGEST_ON_START names a path that is not there (or holds no page): this process would never
        // become ready, so it stops with the configuration error instead of serving 503 forever.
        console.error(`istio-kb: ${failure.message}`);
        closing = true;
        // Set before closing: if closing leaves nothing for the event loop to wait on (an idle worker
        // is unref'd), Node ends the process by itself, and it must end with this code, not 0.
        process.exitCode = failure.exitCode;
        void app.close().finally(() => ctx.close().finally(() => process.exit(failure.exitCode)));
        return;
      }
      app.log.error({ err: error }, 'the first ingest failed; /readyz stays 503 until a knowledge base is ingested (istio-kb ingest)');
    },
  );
}

main().catch((error: unknown) => {
  const failure = explainStartupFailure(error, target);
  console.error(`istio-kb: ${failure.message}`);
  if (/^(debug|trace)$/.test(process.env['LOG_LEVEL'] ?? '') && error instanceof Error && error.stack) console.error(error.stack);
  process.exit(failure.exitCode);
});
