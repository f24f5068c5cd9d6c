// Runs `prisma generate` without the native schema engine: the CLI only checks that
// PRISMA_SCHEMA_ENGINE_BINARY points at an existing file and never runs it for `generate`.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? fileURLToPath(import.meta.url),
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
  CHECKPOINT_DISABLE: '1',
}
const result = spawnSync('npx', ['--no-install', 'prisma', 'generate'], { stdio: 'inherit', env })
process.exit(result.status ?? 1)
