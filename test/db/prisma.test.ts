// The per-connection pragmas of the Prisma client on SQLite are set when it connects (its first
// query), not by a query at creation: the cascade of the schema's foreign keys and a writer waiting
// for another writer depend on them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createPrismaClient } from '../../src/db/prisma.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'istio-kb-prisma-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('runs its queries with foreign keys on and the busy timeout asked for', async () => {
  const prisma = await createPrismaClient(path.join(dir, 'kb.db'), 1234);
  try {
    const [fk] = await prisma.$queryRawUnsafe<{ foreign_keys: bigint }[]>('PRAGMA foreign_keys');
    const [busy] = await prisma.$queryRawUnsafe<{ timeout: bigint }[]>('PRAGMA busy_timeout');
    expect(Number(fk?.foreign_keys)).toBe(1);
    expect(Number(busy?.timeout)).toBe(1234);
  } finally {
    await prisma.$disconnect();
  }
});
