// Runs `prisma generate` without the native schema engine: generation does not need it, but the CLI
// insists on a path, and downloading the engine is not possible on every machine (see README).
//
// Two clients from one source: prisma/schema.prisma (SQLite, the embedded default) is the only schema
// people edit; prisma/postgres/schema.prisma is derived from it here (provider and output differ,
// the models are the same text), and test/db/schema-parity.test.ts fails when the committed copy is stale.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The PostgreSQL schema text for the SQLite schema text. */
export function derivePostgresSchema(sqliteSchema) {
  const replaced = sqliteSchema
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(/output\s*=\s*"\.\.\/src\/generated\/prisma"/, 'output       = "../../src/generated/prisma-pg"');
  if (replaced === sqliteSchema || !replaced.includes('prisma-pg') || !replaced.includes('"postgresql"')) {
    throw new Error('prisma/schema.prisma: could not derive the PostgreSQL schema (provider or output line changed?)');
  }
  return `// GENERATED from prisma/schema.prisma by scripts/generate-prisma.mjs: edit that file, not this one.\n${replaced}`;
}

function generate(schema) {
  const env = { ...process.env };
  if (!env.PRISMA_SCHEMA_ENGINE_BINARY || !existsSync(env.PRISMA_SCHEMA_ENGINE_BINARY)) {
    env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
  }
  env.PRISMA_HIDE_UPDATE_MESSAGE = '1';
  env.CHECKPOINT_DISABLE = '1';
  const result = spawnSync(process.execPath, ['node_modules/prisma/build/index.js', 'generate', '--schema', schema], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
  return result.status ?? 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const pgSchema = path.join(root, 'prisma/postgres/schema.prisma');
  mkdirSync(path.dirname(pgSchema), { recursive: true });
  const derived = derivePostgresSchema(readFileSync(path.join(root, 'prisma/schema.prisma'), 'utf8'));
  if (!existsSync(pgSchema) || readFileSync(pgSchema, 'utf8') !== derived) writeFileSync(pgSchema, derived);
  const status = generate('prisma/schema.prisma') || generate('prisma/postgres/schema.prisma');
  process.exit(status);
}
