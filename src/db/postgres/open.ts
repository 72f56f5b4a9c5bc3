// Opening the PostgreSQL knowledge base at start-up: connect, apply pending migrations under the
// migration advisory lock (several replicas may start at once), and explain failures with the URL
// (password removed) instead of a driver stack.
import { DatabaseStartupError } from '../open-checked.ts';
import { migratePostgres } from './migrate.ts';
import { connectDedicated, createPgPool, redactUrl, type PgPool } from './pool.ts';

export async function openPostgres(url: string, options: { applicationName: string; poolSize: number }): Promise<PgPool> {
  let client;
  try {
    client = await connectDedicated(url, `${options.applicationName} migrate`);
  } catch (error) {
    throw new DatabaseStartupError(`Cannot connect to the knowledge base ${redactUrl(url)}: ${(error as Error).message}`, { cause: error });
  }
  try {
    await migratePostgres(client);
  } catch (error) {
    throw new DatabaseStartupError(`Cannot migrate the knowledge base ${redactUrl(url)}: ${(error as Error).message}`, { cause: error });
  } finally {
    await client.end().catch(() => undefined);
  }
  return createPgPool(url, { applicationName: options.applicationName, max: options.poolSize });
}
