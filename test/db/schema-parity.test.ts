// One model source for both providers: prisma/postgres/schema.prisma is derived from
// prisma/schema.prisma (scripts/generate-prisma.mjs), and both generated clients have the same models.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without type declarations
import { derivePostgresSchema } from '../../scripts/generate-prisma.mjs';
import { Prisma as PgPrisma } from '../../src/generated/prisma-pg/client.ts';
import { Prisma as SqlitePrisma } from '../../src/generated/prisma/client.ts';
import { REPO_ROOT } from '../support/shared.ts';

const read = (p: string) => readFileSync(path.join(REPO_ROOT, p), 'utf8');

describe('the PostgreSQL schema', () => {
  it('is the SQLite schema with another provider and output (committed copy up to date)', () => {
    expect(read('prisma/postgres/schema.prisma')).toBe((derivePostgresSchema as (s: string) => string)(read('prisma/schema.prisma')));
  });

  it('gives a client with the same models and fields', () => {
    expect(Object.keys(PgPrisma.ModelName).sort()).toEqual(Object.keys(SqlitePrisma.ModelName).sort());
    for (const model of Object.values(SqlitePrisma.ModelName)) {
      const fields = (p: typeof SqlitePrisma | typeof PgPrisma) => Object.keys((p as unknown as Record<string, Record<string, string>>)[`${model}ScalarFieldEnum`] ?? {}).sort();
      expect(fields(PgPrisma), model).toEqual(fields(SqlitePrisma));
      expect(fields(SqlitePrisma).length, model).toBeGreaterThan(0);
    }
  });

  it('has a migration creating every model table with every column', () => {
    const sql = read('prisma/postgres/migrations/20261130000000_init/migration.sql');
    for (const model of Object.values(SqlitePrisma.ModelName)) {
      const table = new RegExp(`CREATE TABLE "${model}" \\(([\\s\\S]*?)\\n\\);`).exec(sql)?.[1] ?? '';
      expect(table, model).not.toBe('');
      const columns = Object.keys((SqlitePrisma as unknown as Record<string, Record<string, string>>)[`${model}ScalarFieldEnum`] ?? {});
      for (const c of columns) expect(table, `${model}.${c}`).toContain(`"${c}"`);
    }
  });
});
