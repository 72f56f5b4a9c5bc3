import { defineConfig } from 'prisma/config';

// The CLI is only used for `prisma generate`; migrations are applied by src/db/migrate.ts.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env['DATABASE_URL'] ?? 'file:./data/kb.db' },
});
