// Migrates one template database per test run; each test copies it (fast, isolated).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'

export default function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'console-test-'))
  const file = join(dir, 'template.db')
  const result = spawnSync(process.execPath, ['--experimental-wasm-modules', '--disable-warning=ExperimentalWarning', 'scripts/migrate.mjs', 'deploy'], {
    env: { ...process.env, DATABASE_URL: `file:${file}` },
    encoding: 'utf8',
  })
  if (result.status !== 0) throw new Error(`migrating the template database failed:\n${result.stdout}\n${result.stderr}`)
  project.provide('templateDb', file)
  project.provide('testDir', dir)
  return () => rmSync(dir, { recursive: true, force: true })
}

declare module 'vitest' {
  export interface ProvidedContext {
    templateDb: string
    testDir: string
  }
}
