// Runs `prisma generate` without the native schema engine: the CLI only checks that
// PRISMA_SCHEMA_ENGINE_BINARY points at an existing file and never runs it for `generate`.
// Two clients: SQLite's (src/generated/prisma) and PostgreSQL's (src/generated/prisma-postgres,
// from schema.prisma with the provider swapped: docs/cluster.md).
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { postgresClientSchema } from './postgres-schema.mjs'

const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? fileURLToPath(import.meta.url),
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
  CHECKPOINT_DISABLE: '1',
}
const generate = (...args) => spawnSync('npx', ['--no-install', 'prisma', 'generate', ...args], { stdio: 'inherit', env }).status ?? 1
let status = generate()
if (status === 0) {
  const dir = 'src/generated/postgres-schema'
  mkdirSync(dir, { recursive: true })
  writeFileSync(`${dir}/schema.prisma`, postgresClientSchema('prisma/schema.prisma'))
  status = generate('--schema', `${dir}/schema.prisma`)
}
process.exit(status)
