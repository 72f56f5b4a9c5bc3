// One ingest at a time on a PostgreSQL knowledge base, across every machine: a session advisory lock
// held on a dedicated connection for the whole run. The connection's application_name says who holds
// it (host, pid, start time), so a refused run names the running one; a killed ingest's connection
// drops and the server releases its lock at once, so there is no stale lock to take over.
import { hostname } from 'node:os';
import { ConflictError } from '../../errors.ts';
import { LOCK_APP, LOCK_INGEST } from './migrate.ts';
import { connectDedicated } from './pool.ts';

const PREFIX = 'istio-kb ingest';

export async function acquirePgIngestLock(url: string): Promise<() => Promise<void>> {
  const startedAt = new Date().toISOString();
  const holder = `${PREFIX} pid ${process.pid} on ${hostname()} since ${startedAt}`;
  const client = await connectDedicated(url, holder);
  try {
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [LOCK_APP, LOCK_INGEST]);
    if (!rows[0]?.ok) {
      const owner = await client.query<{ application_name: string; backend_start: Date; client_addr: string | null }>(
        `SELECT a.application_name, a.backend_start, a.client_addr::text AS client_addr
         FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
         WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1 AND l.objid = $2 AND l.objsubid = 2`,
        [LOCK_APP, LOCK_INGEST],
      );
      const who = owner.rows[0];
      const name = who?.application_name || 'another client';
      throw new ConflictError(`Another ingest is running on this knowledge base (${name}); try again when it has finished.`, {
        holder: name,
        ...(who?.client_addr ? { clientAddress: who.client_addr } : {}),
      });
    }
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    await client.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_APP, LOCK_INGEST]).catch(() => undefined);
    await client.end().catch(() => undefined);
  };
}
