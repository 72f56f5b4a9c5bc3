// The full application context (database, Prisma, services) for commands that need the
// knowledge base read-write or its search: ingest, search, entry. `diagnose` does not come here.
import { createAppContext, type AppContext } from '../app.ts';
import { loadConfig } from '../config/index.ts';

export async function withContext<T>(fn: (ctx: AppContext) => Promise<T>): Promise<T> {
  // One-shot: a search thread would cost more to start than the question it answers.
  const ctx = await createAppContext({ ...loadConfig(), searchThreads: 0 });
  // On standard error: standard output may be JSON a script reads.
  for (const warning of ctx.warnings) process.stderr.write(`istio-kb: warning: ${warning}\n`);
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}
