// The Prisma client on PostgreSQL (@prisma/adapter-pg on the process's pool). Its models are the
// SQLite client's models (both generated from prisma/schema.prisma, see scripts/generate-prisma.mjs
// and test/db/schema-parity.test.ts), so the repositories take it as the one PrismaClient type.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as PgPrismaClient } from '../../generated/prisma-pg/client.ts';
import type { PrismaClient } from '../prisma.ts';
import type { PgPool } from './pool.ts';

export function createPgPrismaClient(pool: PgPool): PrismaClient {
  const client = new PgPrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: false }) });
  // The generated classes differ only in provider-specific extras the repositories do not use.
  return client as unknown as PrismaClient;
}
