// PostgreSQL in tests: a fresh database per test file on the run's throw-away server
// (test/support/postgres-global.ts). Suites that need it use `describeIfPostgres`, which skips with
// the printed reason when PostgreSQL is not available here.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, inject, it } from 'vitest';

export function postgresServerUrl(): string | null {
  return inject('postgresUrl');
}

export function describeIfPostgres(name: string, fn: () => void): void {
  if (postgresServerUrl()) {
    describe(name, fn);
    return;
  }
  const reason = inject('postgresSkipReason') ?? 'PostgreSQL is not available';
  console.warn(`[skip] ${name}: ${reason}`);
  describe.skip(name, () => {
    it(`needs PostgreSQL (${reason})`, () => undefined);
  });
}

/**
 * Creates an empty database on the test server; returns its URL. Dropped with the server at the end of
 * the run. `ctype`, `encoding`: another character type or encoding than the server's (from template0, as
 * PostgreSQL requires; an encoding other than UTF8 needs a character type that allows it, such as C).
 */
export async function createTestDatabase(prefix = 'kb', options: { ctype?: string; encoding?: string } = {}): Promise<string> {
  const server = postgresServerUrl();
  if (!server) throw new Error('PostgreSQL is not available in this run');
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    const literal = (v: string) => `'${v.replace(/'/g, "''")}'`;
    const own = [
      ...(options.ctype === undefined ? [] : [`LC_CTYPE ${literal(options.ctype)}`]),
      ...(options.encoding === undefined ? [] : [`ENCODING ${literal(options.encoding)}`]),
    ];
    await client.query(`CREATE DATABASE "${name}"${own.length === 0 ? '' : ` TEMPLATE template0 ${own.join(' ')}`}`);
  } finally {
    await client.end();
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}
