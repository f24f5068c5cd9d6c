import { defineConfig } from 'prisma/config'

// Used by the Prisma CLI for `generate` only; migrations run through scripts/migrate.mjs.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
})
