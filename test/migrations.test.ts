// The migration scripts: `db:migration:check` fails while prisma/schema.prisma and the migrations
// disagree, `db:migration:new` writes the migration that makes them agree, and `deploy` applies
// it — run as npm runs them, on a copy of the project's prisma folder.
import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'

const migrate = (dir: string, ...args: string[]) =>
  spawnSync(process.execPath, ['--experimental-wasm-modules', '--disable-warning=ExperimentalWarning', 'scripts/migrate.mjs', ...args], {
    env: { ...process.env, PRISMA_DIR: dir, DATABASE_URL: `file:${join(dir, 'deployed.db')}` },
    encoding: 'utf8',
    timeout: 60_000,
  })

describe('migrations', () => {
  it('the committed schema and migrations agree', () => {
    const run = spawnSync(process.execPath, ['--experimental-wasm-modules', '--disable-warning=ExperimentalWarning', 'scripts/migrate.mjs', 'check'], {
      encoding: 'utf8',
      timeout: 60_000,
    })
    expect(run.stdout + run.stderr).toContain('schema.prisma matches the migrations')
    expect(run.status).toBe(0)
  })

  it('check fails on a schema change without its migration; new writes it; deploy applies it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'prisma-copy-'))
    cpSync('prisma', dir, { recursive: true })
    const schema = join(dir, 'schema.prisma')
    writeFileSync(schema, readFileSync(schema, 'utf8').replace('model Execution {', 'model Execution {\n  reviewNote String?'))

    const failing = migrate(dir, 'check')
    expect(failing.status).toBe(1)
    expect(failing.stderr).toMatch(/disagree[\s\S]*ALTER TABLE "Execution" ADD COLUMN "reviewNote" TEXT/)

    expect(migrate(dir, 'new', 'Bad-Name').status).toBe(1) // names are lowercase words
    const written = migrate(dir, 'new', 'review_note')
    expect(written.status, written.stderr).toBe(0)
    const created = readdirSync(join(dir, 'migrations')).filter((d) => d.endsWith('_review_note'))
    expect(created).toHaveLength(1)
    expect(readFileSync(join(dir, 'migrations', created[0]!, 'migration.sql'), 'utf8')).toContain('"reviewNote" TEXT')
    expect(migrate(dir, 'check').status).toBe(0)

    expect(migrate(dir, 'deploy').status).toBe(0)
    const db = new Database(join(dir, 'deployed.db'), { readonly: true })
    const columns = (db.prepare('PRAGMA table_info("Execution")').all() as { name: string }[]).map((c) => c.name)
    db.close()
    expect(columns).toContain('reviewNote')
  })
})
