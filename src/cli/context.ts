// The full application context (database, Prisma, services) for commands that need the
// knowledge base read-write or its search: ingest, search, entry. `diagnose` does not come here.
import { createAppContext, type AppContext } from '../app.ts';
import { loadConfig } from '../config/index.ts';

export async function withContext<T>(fn: (ctx: AppContext) => Promise<T>): Promise<T> {
  const ctx = await createAppContext(loadConfig());
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}
