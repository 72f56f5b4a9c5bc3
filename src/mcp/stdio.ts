// `istio-kb mcp`: the MCP server over stdio for local agents (one client, one process). Standard
// output carries nothing but the protocol; logs go to standard error as JSON lines. The process
// ends when the client closes standard input (or on SIGTERM/SIGINT).
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { pino } from 'pino';
import { createAppContext } from '../app.ts';
import { loadConfig } from '../config/index.ts';
import { describeStartIngest } from '../services/ingest.ts';
import { readiness } from './ready.ts';
import { createMcpFactory } from './server.ts';

export async function serveMcpStdio(): Promise<void> {
  const config = loadConfig();
  const log = pino({ level: config.logLevel, base: { pid: process.pid, mcp: 'stdio' } }, pino.destination(2));
  const ctx = await createAppContext(config);
  for (const warning of ctx.warnings) log.warn(warning);
  try {
    // The client's initialize is answered at once; an empty knowledge base is filled meanwhile and
    // tool calls wait for it (a first run may ingest the whole shipped archive).
    const seeding = ctx.ingestAtStart().then((done) => {
      const line = describeStartIngest(done);
      if (line) log[line.level](line.fields, line.message);
    });
    seeding.catch((error: unknown) => log.error({ err: error }, 'ingest into the empty knowledge base failed'));
    const factory = createMcpFactory({ kb: ctx.kb, diagnose: ctx.diagnose, metrics: ctx.metrics, ready: readiness(ctx, seeding) });
    const ended = new Promise<string>((resolve) => {
      process.stdin.once('end', () => resolve('stdin closed'));
      process.stdin.once('close', () => resolve('stdin closed'));
      process.once('SIGTERM', () => resolve('SIGTERM'));
      process.once('SIGINT', () => resolve('SIGINT'));
    });
    const handle = serveStdio(() => factory({ transport: 'stdio', log }), { onerror: (error) => log.warn({ err: error }, 'mcp stdio error') });
    log.info({ database: config.databaseUrl }, 'mcp server on stdio');
    const reason = await ended;
    log.info(`${reason}; mcp server stopping`);
    await handle.close();
    await seeding.catch(() => undefined);
  } finally {
    await ctx.close();
  }
}
