// Prisma migrations without the native schema engine (docs/why.md):
// the wasm schema engine drives SQLite through the better-sqlite3 driver adapter.
//
//   node --experimental-wasm-modules scripts/migrate.mjs deploy        apply prisma/migrations
//   node --experimental-wasm-modules scripts/migrate.mjs new <name>    write the next migration
//   node --experimental-wasm-modules scripts/migrate.mjs check         fail if the schema and the migrations disagree
//
// `deploy` behaves like `prisma migrate deploy`: it applies the missing migrations and
// records them in _prisma_migrations. `new` applies the existing migrations to a scratch
// database and diffs it against prisma/schema.prisma.
import { mkdirSync, readFileSync, readdirSync, existsSync, writeFileSync, rmSync, mkdtempSync, statSync } from 'node:fs'
import Database from 'better-sqlite3'
import { join, dirname, resolve } from 'node:path'
import { tmpdir } from 'node:os'
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils'
import { SchemaEngine } from '@prisma/schema-engine-wasm'
import { databaseFile } from '../src/server/db/database-url.mjs'

const root = resolve(dirname(new URL(import.meta.url).pathname), '..')
// PRISMA_DIR: another schema and migrations folder (the migration tests use a copy).
const prismaDir = process.env.PRISMA_DIR ? resolve(process.env.PRISMA_DIR) : join(root, 'prisma')
const schemaPath = join(prismaDir, 'schema.prisma')
const migrationsDir = join(prismaDir, 'migrations')

function migrationsList() {
  const dirs = existsSync(migrationsDir)
    ? readdirSync(migrationsDir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : []
  const lockPath = join(migrationsDir, 'migration_lock.toml')
  return {
    baseDir: migrationsDir,
    lockfile: { path: 'migration_lock.toml', content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: dirs.map((name) => ({
      path: name,
      migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: readFileSync(join(migrationsDir, name, 'migration.sql'), 'utf8') } },
    })),
  }
}

const filters = { externalTables: [], externalEnums: [] }

// The engine reads a partial index's SQL with its name in double quotes, a string literal only
// where SQLite allows those; better-sqlite3 is built without them (SQLITE_DQS=0). The one query
// is given single quotes.
const INDEX_SQL_QUERY = /^(SELECT sql FROM sqlite_master WHERE type = 'index' AND name = )"((?:[^"]|"")*)"(;?)$/
const singleQuoted = (sql) => sql.replace(INDEX_SQL_QUERY, (_, head, name, end) => `${head}'${name.replaceAll('""', '"').replaceAll("'", "''")}'${end}`)

function withIndexSqlFix(factory) {
  const fixQueries = (queryable) =>
    new Proxy(queryable, {
      get(target, key) {
        if (key === 'queryRaw') return (query) => target.queryRaw({ ...query, sql: singleQuoted(query.sql) })
        if (key === 'startTransaction') return async (...args) => fixQueries(await target.startTransaction(...args))
        const value = Reflect.get(target, key)
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
  return new Proxy(factory, {
    get(target, key) {
      if (key === 'connect' || key === 'connectToShadowDb') return async (...args) => fixQueries(await target[key](...args))
      const value = Reflect.get(target, key)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

async function engineFor(file) {
  const adapter = bindMigrationAwareSqlAdapterFactory(withIndexSqlFix(new PrismaBetterSqlite3({ url: file })))
  const datamodel = readFileSync(schemaPath, 'utf8')
  const log = () => {}
  return SchemaEngine.new({ datamodels: [[schemaPath, datamodel]] }, log, adapter)
}

async function applyAll(engine) {
  const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList: migrationsList(), filters })
  return appliedMigrationNames
}

/**
 * A new database gets 2 KiB pages and the WAL journal before anything is written. A commit writes
 * each page it changed to the log, and an engine step changes a few dozen pages of different
 * B-trees (a row and its indexes) by a few bytes each: at 2 KiB a commit costs about a third less
 * than at SQLite's 4 KiB, and rows (under 1 KiB) still fit a page (bench/engine-throughput.ts).
 */
const PAGE_SIZE = 2048

function createDatabase(file) {
  if (existsSync(file) && statSync(file).size > 0) return
  const db = new Database(file)
  try {
    db.pragma(`page_size = ${PAGE_SIZE}`)
    db.pragma('journal_mode = WAL') // writes the header: the page size is now fixed
  } finally {
    db.close()
  }
}

async function deploy(file) {
  mkdirSync(dirname(file), { recursive: true })
  createDatabase(file)
  const engine = await engineFor(file)
  try {
    return await applyAll(engine)
  } finally {
    engine.free()
  }
}

/** The SQL that would bring a database made by the migrations to prisma/schema.prisma ('' when none). */
async function pendingSchemaChange() {
  const scratchDir = mkdtempSync(join(tmpdir(), 'migrate-'))
  try {
    const engine = await engineFor(join(scratchDir, 'scratch.db'))
    await applyAll(engine)
    const files = [{ path: schemaPath, content: readFileSync(schemaPath, 'utf8') }]
    const { stdout } = await engine.diff({
      from: { tag: 'schemaDatasource', files, configDir: root },
      to: { tag: 'schemaDatamodel', files },
      script: true,
      exitCode: null,
      filters,
    })
    engine.free()
    const script = (stdout ?? '').trim()
    return script === '-- This is an empty migration.' ? '' : script
  } finally {
    rmSync(scratchDir, { recursive: true, force: true })
  }
}

async function createNext(name) {
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    throw new Error(`migration name must be lowercase letters, digits and underscores; got ${JSON.stringify(name)}`)
  }
  const script = await pendingSchemaChange()
  if (!script) {
    console.log('schema.prisma matches the migrations: nothing to write')
    return
  }
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14)
  const dir = join(migrationsDir, `${stamp}_${name}`)
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'migration.sql'), script + '\n')
  const lockPath = join(migrationsDir, 'migration_lock.toml')
  if (!existsSync(lockPath)) {
    writeFileSync(lockPath, '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "sqlite"\n')
  }
  console.log(`wrote ${dir}/migration.sql`)
}

/** Fails (exit 1) when prisma/schema.prisma says more or less than the migrations do. */
async function check() {
  const script = await pendingSchemaChange()
  if (!script) return console.log('schema.prisma matches the migrations')
  console.error(`schema.prisma and the migrations disagree; a migration would have to run:\n${script}\n(npm run db:migration:new -- <name> writes it)`)
  process.exit(1)
}

const [command, arg] = process.argv.slice(2)
try {
  if (command === 'deploy') {
    const file = databaseFile()
    const applied = await deploy(file)
    console.log(applied.length ? `applied ${applied.join(', ')} to ${file}` : `database ${file} is up to date`)
  } else if (command === 'new') {
    await createNext(arg)
  } else if (command === 'check') {
    await check()
  } else {
    console.error('usage: migrate.mjs deploy | new <name> | check')
    process.exit(2)
  }
} catch (error) {
  console.error(`migration failed: ${error?.message ?? error}`)
  process.exit(1)
}
