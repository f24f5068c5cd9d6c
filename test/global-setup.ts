// Migrates one template database per test run; each test copies it (fast, isolated).
// TEST_DATABASE=postgres: the template is a database on a PostgreSQL of the run's own
// (scripts/local-postgres.ts; POSTGRES_TEST_PORT picks its port) and each test gets a database
// made from it with CREATE DATABASE … TEMPLATE.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { startPostgres } from '../scripts/local-postgres'

function migrate(databaseUrl: string) {
  const result = spawnSync(process.execPath, ['--experimental-wasm-modules', '--disable-warning=ExperimentalWarning', 'scripts/migrate.mjs', 'deploy'], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
  })
  if (result.status !== 0) throw new Error(`migrating the template database failed:\n${result.stdout}\n${result.stderr}`)
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'console-test-'))
  const file = join(dir, 'template.db')
  migrate(`file:${file}`)
  project.provide('templateDb', file)
  project.provide('testDir', dir)
  let stopPostgres = async () => {}
  if (process.env.TEST_DATABASE === 'postgres') {
    const server = await startPostgres({ database: 'template_console', port: process.env.POSTGRES_TEST_PORT ? Number(process.env.POSTGRES_TEST_PORT) : undefined })
    try {
      migrate(server.url)
    } catch (error) {
      await server.stop() // no teardown runs after a failed set-up: the server would outlive the run
      throw error
    }
    project.provide('templatePostgres', server.url)
    stopPostgres = () => server.stop()
  } else project.provide('templatePostgres', '')
  return async () => {
    await stopPostgres()
    rmSync(dir, { recursive: true, force: true })
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    templateDb: string
    testDir: string
    /** The migrated template database's URL under TEST_DATABASE=postgres; '' otherwise. */
    templatePostgres: string
  }
}
