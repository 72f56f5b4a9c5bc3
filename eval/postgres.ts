// A PostgreSQL knowledge base for the evaluation and the benchmarks: ISTIO_KB_BENCH_POSTGRES_URL (a
// server whose user may CREATE DATABASE), or else a throw-away local server (Debian's binaries, as
// in the tests). Each call gets a fresh database; `stop` drops the throw-away server.
import pg from 'pg';
import { postgresUnavailableReason, startPostgres } from '../test/support/postgres-server.ts';

export interface EvalPostgres {
  readonly url: string;
  stop(): Promise<void>;
}

/** A fresh PostgreSQL database, or the reason there is none here. */
export async function openEvalPostgres(name: string): Promise<EvalPostgres | { skipped: string }> {
  const given = process.env['ISTIO_KB_BENCH_POSTGRES_URL'];
  const reason = given ? null : postgresUnavailableReason();
  if (reason) return { skipped: reason };
  const server = given ? { url: given, stop: () => undefined } : await startPostgres();
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  const db = `${name}_${process.pid}`;
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${db}"`);
    await admin.query(`CREATE DATABASE "${db}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(server.url);
  url.pathname = `/${db}`;
  return {
    url: url.toString(),
    async stop() {
      if (given) {
        const c = new pg.Client({ connectionString: server.url });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`).catch(() => undefined);
        await c.end();
      }
      server.stop();
    },
  };
}
