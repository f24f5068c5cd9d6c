// The migration scripts: `db:migration:check` fails while prisma/schema.prisma and either history
// (SQLite's, PostgreSQL's) disagree, `db:migration:new` writes the migrations that make them agree,
// and `deploy` applies the one DATABASE_URL names — run as npm runs them, on a copy of the
// project's prisma folder.
import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { startPostgres } from '../scripts/local-postgres'

const migrate = (dir: string, args: string[], databaseUrl = `file:${join(dir, 'deployed.db')}`) =>
  spawnSync(process.execPath, ['--experimental-wasm-modules', '--disable-warning=ExperimentalWarning', 'scripts/migrate.mjs', ...args], {
    env: { ...process.env, PRISMA_DIR: dir, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
    timeout: 120_000,
  })

describe('migrations', () => {
  it('the committed schema and both histories agree', { timeout: 120_000 }, () => {
    const run = spawnSync(process.execPath, ['--experimental-wasm-modules', '--disable-warning=ExperimentalWarning', 'scripts/migrate.mjs', 'check'], {
      encoding: 'utf8',
      timeout: 60_000,
    })
    expect(run.stdout + run.stderr).toMatch(/matches the migrations \(sqlite[\s\S]*matches the migrations \(postgresql/)
    expect(run.status).toBe(0)
  })

  it('check fails on a schema change without its migrations; new writes both; deploy applies them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prisma-copy-'))
    cpSync('prisma', dir, { recursive: true })
    const schema = join(dir, 'schema.prisma')
    writeFileSync(schema, readFileSync(schema, 'utf8').replace('model Execution {', 'model Execution {\n  reviewNote String?'))

    const failing = migrate(dir, ['check'])
    expect(failing.status).toBe(1)
    expect(failing.stderr).toMatch(/sqlite migrations .* disagree[\s\S]*ALTER TABLE "Execution" ADD COLUMN "reviewNote" TEXT/)
    expect(failing.stderr).toMatch(/postgresql migrations .* disagree[\s\S]*ALTER TABLE "Execution" ADD COLUMN\s+"reviewNote" TEXT/)

    expect(migrate(dir, ['new', 'Bad-Name']).status).toBe(1) // names are lowercase words
    const written = migrate(dir, ['new', 'review_note'])
    expect(written.status, written.stderr).toBe(0)
    for (const history of ['migrations', 'postgres/migrations']) {
      const created = readdirSync(join(dir, history)).filter((d) => d.endsWith('_review_note'))
      expect(created).toHaveLength(1)
      expect(readFileSync(join(dir, history, created[0]!, 'migration.sql'), 'utf8')).toContain('"reviewNote" TEXT')
    }
    expect(migrate(dir, ['check']).status).toBe(0)

    expect(migrate(dir, ['deploy']).status).toBe(0)
    const db = new Database(join(dir, 'deployed.db'), { readonly: true })
    const columns = (db.prepare('PRAGMA table_info("Execution")').all() as { name: string }[]).map((c) => c.name)
    db.close()
    expect(columns).toContain('reviewNote')

    const server = await startPostgres()
    try {
      const deployed = migrate(dir, ['deploy'], server.url)
      expect(deployed.status, deployed.stderr).toBe(0)
      expect(deployed.stdout).toMatch(/applied \d+_init, (?:\d+_\w+, )*\d+_review_note to postgres:\/\/127\.0\.0\.1:\d+\/console/)
      expect(migrate(dir, ['deploy'], server.url).stdout).toContain('is up to date')
      const client = new pg.Client({ connectionString: server.url })
      await client.connect()
      const { rows } = await client.query(
        `SELECT data_type FROM information_schema.columns WHERE table_name = 'Execution' AND column_name IN ('reviewNote', 'createdAt') ORDER BY column_name`,
      )
      await client.end()
      expect(rows.map((r) => r.data_type)).toEqual(['timestamp without time zone', 'text']) // DateTime is a timestamp on PostgreSQL
    } finally {
      await server.stop()
    }
  }, 240_000)
})
