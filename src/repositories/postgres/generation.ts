// The database generation on PostgreSQL, for caches on several replicas: a row (kb_generation) that
// every ingest bumps inside its transaction and announces with NOTIFY on commit. Each replica LISTENs
// on a dedicated connection and also polls the row (POLL_MS) in case a notification is lost (a
// dropped connection, a proxy that does not pass LISTEN through), so its caches move within a second
// of the commit. `current()` stays synchronous: it is read on every request.
import type { Prisma } from '../../generated/prisma/client.ts';
import { connectDedicated, type PgClient, type PgPool } from '../../db/postgres/pool.ts';

export const GENERATION_CHANNEL = 'kb_generation';
const POLL_MS = 500;

/** Bumps the generation inside the ingest transaction; NOTIFY is delivered at commit. */
export async function bumpPgGeneration(tx: Prisma.TransactionClient): Promise<void> {
  await tx.$executeRawUnsafe(`UPDATE "kb_generation" SET "generation" = "generation" + 1, "changedAt" = now() WHERE "id" = 1`);
  await tx.$executeRawUnsafe(`SELECT pg_notify('${GENERATION_CHANNEL}', (SELECT "generation"::text FROM "kb_generation" WHERE "id" = 1))`);
}

export class PgGeneration {
  private value = '0';
  private listener: PgClient | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private connected = false;
  private readonly subscribers = new Set<(generation: string) => void>();

  private constructor(
    private readonly url: string,
    private readonly pool: PgPool,
  ) {}

  static async start(url: string, pool: PgPool, applicationName: string): Promise<PgGeneration> {
    const g = new PgGeneration(url, pool);
    await g.poll();
    await g.listen(applicationName);
    g.timer = setInterval(() => void g.poll(), POLL_MS);
    g.timer.unref();
    return g;
  }

  current(): string {
    return this.value;
  }

  /** Whether the last poll reached the database. */
  get healthy(): boolean {
    return this.connected;
  }

  /** Called with the new generation whenever it moves. */
  onChange(fn: (generation: string) => void): () => void {
    this.subscribers.add(fn);
    return () => this.subscribers.delete(fn);
  }

  /** Sets the generation a reader saw in its own snapshot (it may be ahead of the notification). */
  observe(generation: string): void {
    if (generation === this.value || BigInt(generation) < BigInt(this.value)) return;
    this.value = generation;
    for (const fn of this.subscribers) fn(generation);
  }

  async poll(): Promise<void> {
    try {
      const { rows } = await this.pool.query<{ generation: string }>('SELECT "generation"::text AS generation FROM "kb_generation" WHERE "id" = 1');
      this.connected = true;
      if (rows[0]) this.observe(rows[0].generation);
    } catch {
      this.connected = false;
    }
  }

  private async listen(applicationName: string): Promise<void> {
    if (this.closed) return;
    try {
      const client = await connectDedicated(this.url, `${applicationName} listener`);
      client.on('notification', (msg) => {
        if (msg.channel === GENERATION_CHANNEL && msg.payload) this.observe(msg.payload);
      });
      client.on('error', () => undefined);
      client.on('end', () => {
        this.listener = null;
        // Reconnect after a dropped connection; polling covers the gap.
        if (!this.closed) setTimeout(() => void this.listen(applicationName), 1000).unref();
      });
      await client.query(`LISTEN ${GENERATION_CHANNEL}`);
      this.listener = client;
    } catch {
      if (!this.closed) setTimeout(() => void this.listen(applicationName), 1000).unref();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.listener?.end().catch(() => undefined);
  }
}
