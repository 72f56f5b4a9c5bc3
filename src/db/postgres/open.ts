// Opening the PostgreSQL knowledge base at start-up: connect, apply pending migrations under the
// migration advisory lock (several replicas may start at once), and explain failures with the URL
// (password removed) instead of a driver stack. Conditions the knowledge base works under, but
// worse, are returned as warnings for the process to log.
import { DatabaseStartupError } from '../open-checked.ts';
import { readCharacterTypeWarning } from './character-type.ts';
import { migratePostgres } from './migrate.ts';
import { connectDedicated, createPgPool, redactUrl, type PgPool } from './pool.ts';

export async function openPostgres(url: string, options: { applicationName: string; poolSize: number }): Promise<{ pool: PgPool; warnings: string[] }> {
  let client;
  try {
    client = await connectDedicated(url, `${options.applicationName} migrate`);
  } catch (error) {
    throw new DatabaseStartupError(`Cannot connect to the knowledge base ${redactUrl(url)}: ${(error as Error).message}`, { cause: error });
  }
  try {
    await migratePostgres(client).catch((error: unknown) => {
      throw new DatabaseStartupError(`Cannot migrate the knowledge base ${redactUrl(url)}: ${(error as Error).message}`, { cause: error });
    });
    const ctype = await readCharacterTypeWarning(client);
    return { pool: createPgPool(url, { applicationName: options.applicationName, max: options.poolSize }), warnings: ctype ? [ctype] : [] };
  } finally {
    await client.end().catch(() => undefined);
  }
}
