// Prisma migrations without the native schema engine (docs/why.md):
// the wasm schema engine drives SQLite through the better-sqlite3 driver adapter, and PostgreSQL
// (cluster mode, docs/cluster.md) through @prisma/adapter-pg.
//
//   node --experimental-wasm-modules scripts/migrate.mjs deploy        apply prisma/migrations
//   node --experimental-wasm-modules scripts/migrate.mjs new <name>    write the next migration
//   node --experimental-wasm-modules scripts/migrate.mjs check         fail if the schema and the migrations disagree
//
// `deploy` behaves like `prisma migrate deploy`: it applies the missing migrations and
// records them in _prisma_migrations. `new` applies the existing migrations to a scratch
// database and diffs it against prisma/schema.prisma.
//
// Two histories, one schema: prisma/migrations for SQLite, prisma/postgres/migrations for
// PostgreSQL, whose schema is prisma/schema.prisma with the provider swapped (nothing else).
// `deploy` applies the one DATABASE_URL names; `new` and `check` work on both (PostgreSQL's on a
// throwaway server from scripts/local-postgres.ts).
import { mkdirSync, readFileSync, readdirSync, existsSync, writeFileSync, rmSync, mkdtempSync, statSync } from 'node:fs'
import Database from 'better-sqlite3'
import { join, dirname, resolve } from 'node:path'
import { tmpdir } from 'node:os'
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils'
import { PrismaPg } from '@prisma/adapter-pg'
import { SchemaEngine } from '@prisma/schema-engine-wasm'
import { spawnSync } from 'node:child_process'
import { createServer } from 'node:net'
import { databaseFile, isPostgresUrl } from '../src/server/db/database-url.mjs'
import { postgresSchema } from './postgres-schema.mjs'

const root = resolve(dirname(new URL(import.meta.url).pathname), '..')
// PRISMA_DIR: another schema and migrations folder (the migration tests use a copy).
const prismaDir = process.env.PRISMA_DIR ? resolve(process.env.PRISMA_DIR) : join(root, 'prisma')
const schemaPath = join(prismaDir, 'schema.prisma')

/** The two databases: where each history lives and how its schema reads. */
const SQLITE = { provider: 'sqlite', migrationsDir: join(prismaDir, 'migrations'), schemaPath, datamodel: () => readFileSync(schemaPath, 'utf8') }
const POSTGRES = {
  provider: 'postgresql',
  migrationsDir: join(prismaDir, 'postgres', 'migrations'),
  // A name for the engine's messages; the text is made from schema.prisma each time.
  schemaPath: join(prismaDir, 'postgres', 'schema.prisma'),
  datamodel: () => postgresSchema(readFileSync(schemaPath, 'utf8'), schemaPath),
}

function migrationsList({ migrationsDir }) {
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

// adapter-pg 7.10 refuses the catalogue's one-byte "char" columns (pg_class.relkind…) that the
// engine's introspection reads ("Column type 'char' could not be deserialized"): they are text.
const PG_CHAR = 18
const PG_TEXT = 25
function charAsText(queryable) {
  const performIO = queryable.performIO
  queryable.performIO = async function (query) {
    const result = await performIO.call(this, query)
    for (const field of result.fields) if (field.dataTypeID === PG_CHAR) field.dataTypeID = PG_TEXT
    return result
  }
  const startTransaction = queryable.startTransaction?.bind(queryable)
  if (startTransaction) queryable.startTransaction = async (...args) => charAsText(await startTransaction(...args))
  return queryable
}

// adapter-pg 7.10 runs a migration script split at every `;`, which cuts a function body
// (`$$ … ; … $$`, the audit trail's append-only trigger) in pieces: the script goes whole, in one
// simple query (PostgreSQL runs its statements in order, as one transaction).
function wholeScripts(queryable) {
  queryable.executeScript = async function (script) {
    try {
      await this.client.query(script)
    } catch (error) {
      this.onError(error)
    }
  }
  return queryable
}

function postgresAdapter(url) {
  const factory = new PrismaPg({ connectionString: url })
  for (const key of ['connect', 'connectToShadowDb']) {
    const open = factory[key]?.bind(factory)
    if (open) factory[key] = async (...args) => wholeScripts(charAsText(await open(...args)))
  }
  return factory
}

/** An engine on `target`: a SQLite file path, or a postgres:// URL. */
async function engineFor(target) {
  const db = isPostgresUrl(target) ? POSTGRES : SQLITE
  const factory = isPostgresUrl(target) ? postgresAdapter(target) : withIndexSqlFix(new PrismaBetterSqlite3({ url: target }))
  const log = () => {}
  return SchemaEngine.new({ datamodels: [[db.schemaPath, db.datamodel()]] }, log, bindMigrationAwareSqlAdapterFactory(factory))
}

async function applyAll(engine, db) {
  const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList: migrationsList(db), filters })
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

async function deploy(target) {
  if (!isPostgresUrl(target)) {
    mkdirSync(dirname(target), { recursive: true })
    createDatabase(target)
  }
  const engine = await engineFor(target)
  try {
    return await applyAll(engine, isPostgresUrl(target) ? POSTGRES : SQLITE)
  } finally {
    engine.free()
  }
}

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })

/** Runs fn(url) against an empty database on a PostgreSQL of its own, removed after. */
async function withScratchPostgres(fn) {
  const dir = mkdtempSync(join(tmpdir(), 'migrate-pg-'))
  const cli = (...args) => spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'local-postgres.ts'), ...args], { encoding: 'utf8', cwd: root })
  try {
    const started = cli('start', '--dir', dir, '--port', String(await freePort()), '--database', 'scratch', '--durable', 'no')
    if (started.status !== 0) throw new Error(`a scratch PostgreSQL (to check prisma/postgres/migrations) did not start: ${started.stderr.trim()}`)
    return await fn(started.stdout.trim())
  } finally {
    cli('stop', '--dir', dir)
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * PostgreSQL keeps a partial index's predicate in its own words (`"status" IN ('a', 'b')` comes back
 * as `status = ANY (ARRAY['a'::text, 'b'::text])`) and the engine compares the words: it proposes to
 * drop and re-create such an index on every diff. A DROP INDEX + CREATE INDEX pair is left out when
 * the CREATE is, word for word, one the migrations ran: the index is already what the schema says.
 */
function withoutSameIndexes(script, db) {
  const history = migrationsList(db)
    .migrationDirectories.map((d) => d.migrationFile.content.value)
    .join('\n')
  const steps = script.trim().split(/\n\n(?=-- )/)
  const recreated = (name) => steps.find((step) => step.startsWith('-- CreateIndex\n') && step.includes(`INDEX "${name}" ON`))
  const same = new Set()
  for (const step of steps) {
    const name = /^-- DropIndex\nDROP INDEX "([^"]+)";$/.exec(step)?.[1]
    const create = name && recreated(name)
    if (create && history.includes(create.slice('-- CreateIndex\n'.length))) same.add(step).add(create)
  }
  const rest = steps.filter((step) => !same.has(step))
  return rest.length ? rest.join('\n\n') : ''
}

/** The SQL that would bring a database made by `db`'s migrations to prisma/schema.prisma ('' when none). */
async function pendingSchemaChange(db) {
  const inScratch = async (target) => {
    const engine = await engineFor(target)
    try {
      await applyAll(engine, db)
      const files = [{ path: db.schemaPath, content: db.datamodel() }]
      const { stdout } = await engine.diff({
        from: { tag: 'schemaDatasource', files, configDir: root },
        to: { tag: 'schemaDatamodel', files },
        script: true,
        exitCode: null,
        filters,
      })
      const script = db === POSTGRES ? withoutSameIndexes(stdout ?? '', db) : (stdout ?? '').trim()
      return script === '-- This is an empty migration.' ? '' : script
    } finally {
      engine.free()
    }
  }
  if (db === POSTGRES) return withScratchPostgres(inScratch)
  const scratchDir = mkdtempSync(join(tmpdir(), 'migrate-'))
  try {
    return await inScratch(join(scratchDir, 'scratch.db'))
  } finally {
    rmSync(scratchDir, { recursive: true, force: true })
  }
}

async function createNext(name) {
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    throw new Error(`migration name must be lowercase letters, digits and underscores; got ${JSON.stringify(name)}`)
  }
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14)
  for (const db of [SQLITE, POSTGRES]) {
    const script = await pendingSchemaChange(db)
    if (!script) {
      console.log(`schema.prisma matches the ${db.provider} migrations: nothing to write`)
      continue
    }
    const dir = join(db.migrationsDir, `${stamp}_${name}`)
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'migration.sql'), script + '\n')
    const lockPath = join(db.migrationsDir, 'migration_lock.toml')
    if (!existsSync(lockPath)) {
      writeFileSync(lockPath, `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${db.provider}"\n`)
    }
    console.log(`wrote ${dir}/migration.sql`)
  }
}

/** Fails (exit 1) when prisma/schema.prisma says more or less than either history does. */
async function check() {
  let failed = false
  for (const db of [SQLITE, POSTGRES]) {
    const script = await pendingSchemaChange(db)
    if (!script) {
      console.log(`schema.prisma matches the migrations (${db.provider}, ${db.migrationsDir})`)
      continue
    }
    failed = true
    console.error(
      `schema.prisma and the ${db.provider} migrations (${db.migrationsDir}) disagree; a migration would have to run:\n${script}\n(npm run db:migration:new -- <name> writes it)`,
    )
  }
  if (failed) process.exit(1)
}

const [command, arg] = process.argv.slice(2)
try {
  if (command === 'deploy') {
    const url = process.env.DATABASE_URL
    const target = isPostgresUrl(url) ? url : databaseFile()
    const applied = await deploy(target)
    const name = isPostgresUrl(url) ? url.replace(/\/\/[^@/]*@/, '//') : target // no password in the output
    console.log(applied.length ? `applied ${applied.join(', ')} to ${name}` : `database ${name} is up to date`)
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
