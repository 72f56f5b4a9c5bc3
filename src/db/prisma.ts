// The Prisma client on the embedded SQLite file, through the better-sqlite3 driver adapter (no
// native query engine at run time). The adapter opens its own connection without pragmas, so we
// set the per-connection ones here: foreign keys drive the schema's ON DELETE CASCADE, and
// busy_timeout makes a writer wait for another writer instead of failing.
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from '../generated/prisma/client.ts';

export type { PrismaClient } from '../generated/prisma/client.ts';

export async function createPrismaClient(databaseFile: string, busyTimeoutMs = 10_000): Promise<PrismaClient> {
  const prisma = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: databaseFile }) });
  await prisma.$queryRawUnsafe('PRAGMA foreign_keys = ON');
  await prisma.$queryRawUnsafe(`PRAGMA busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
  return prisma;
}
