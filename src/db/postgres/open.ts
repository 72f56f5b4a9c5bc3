// Opening the PostgreSQL knowledge base at start-up: connect, check the database can hold it (UTF8),
// apply pending migrations under the migration advisory lock (several replicas may start at once),
// and explain failures with the URL (password removed) instead of a driver stack.
import { DatabaseStartupError } from '../open-checked.ts';
import { readEncodingProblem } from './encoding.ts';
import { migratePostgres } from './migrate.ts';
import { connectDedicated, createPgPool, redactUrl, type PgPool } from './pool.ts';

export async function openPostgres(url: string, options: { applicationName: string; poolSize: number }): Promise<{ pool: PgPool }> {
  let client;
  try {
    client = await connectDedicated(url, `${options.applicationName} migrate`);
  } catch (error) {
    throw new DatabaseStartupError(`Cannot connect to the knowledge base ${redactUrl(url)}: ${(error as Error).message}`, { cause: error });
  }
  try {
    const problem = await readEncodingProblem(client).catch((error: unknown) => `its encoding could not be read (${(error as Error).message})`);
    if (problem !== null) throw new DatabaseStartupError(`Cannot use the knowledge base ${redactUrl(url)}: ${problem}`);
    await migratePostgres(client).catch((error: unknown) => {
      throw new DatabaseStartupError(`Cannot migrate the knowledge base ${redactUrl(url)}: ${(error as Error).message}`, { cause: error });
    });
    return { pool: createPgPool(url, { applicationName: options.applicationName, max: options.poolSize }) };
  } finally {
    await client.end().catch(() => undefined);
  }
}
