// The Prisma client on the embedded SQLite file, through the better-sqlite3 driver adapter (no
// native query engine at run time). The adapter opens its own connection without pragmas, so we
// set the per-connection ones when it connects: foreign keys drive the schema's ON DELETE CASCADE,
// and busy_timeout makes a writer wait for another writer instead of failing. They are set on
// connecting, not by a query here: Prisma's first query loads its query compiler (about 200 ms),
// which a one-shot search or entry lookup never needs (the search reads SQLite directly).
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from '../generated/prisma/client.ts';

export type { PrismaClient } from '../generated/prisma/client.ts';

class AdapterWithPragmas extends PrismaBetterSqlite3 {
  constructor(
    url: string,
    private readonly pragmas: string,
  ) {
    super({ url });
  }

  override async connect(): ReturnType<PrismaBetterSqlite3['connect']> {
    const adapter = await super.connect();
    await adapter.executeScript(this.pragmas);
    return adapter;
  }
}

export async function createPrismaClient(databaseFile: string, busyTimeoutMs = 10_000): Promise<PrismaClient> {
  const pragmas = `PRAGMA foreign_keys = ON; PRAGMA busy_timeout = ${Math.trunc(busyTimeoutMs)};`;
  return new PrismaClient({ adapter: new AdapterWithPragmas(databaseFile, pragmas) });
}
