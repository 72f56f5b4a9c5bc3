// The contexts of the commands that open the knowledge base: the full application context
// (database, Prisma, services) for ingest, the knowledge base alone for the lookups (search, entry),
// which then start without loading the rules, the ingest pipeline and the metrics. `diagnose` comes
// to neither.
import type { AppContext } from '../app.ts';
import { loadConfig } from '../config/index.ts';
import type { LookupContext } from '../lookup-context.ts';

export async function withContext<T>(fn: (ctx: AppContext) => Promise<T>): Promise<T> {
  const { createAppContext } = await import('../app.ts');
  // One-shot: a search thread would cost more to start than the question it answers.
  return using(await createAppContext({ ...loadConfig(), searchThreads: 0 }), fn);
}

export async function withLookupContext<T>(fn: (ctx: LookupContext) => Promise<T>): Promise<T> {
  const { createLookupContext } = await import('../lookup-context.ts');
  return using(await createLookupContext(loadConfig()), fn);
}

async function using<C extends LookupContext, T>(ctx: C, fn: (ctx: C) => Promise<T>): Promise<T> {
  // On standard error: standard output may be JSON a script reads.
  for (const warning of ctx.warnings) process.stderr.write(`istio-kb: warning: ${warning}\n`);
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}
