// Shared bench helpers: a migrated database file, the history seeder, timing statistics.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { writeHistory } from '../src/server/demo/history'
import { loadKeyring, useKeyring } from '../src/server/security/crypto'

const benchDir = resolve(process.cwd(), '.bench')

/** Applies the migrations to a SQLite file or a postgres:// URL. */
function migrate(target: string) {
  mkdirSync(benchDir, { recursive: true })
  const result = spawnSync(process.execPath, ['--experimental-wasm-modules', '--disable-warning=ExperimentalWarning', 'scripts/migrate.mjs', 'deploy'], {
    env: { ...process.env, DATABASE_URL: target.startsWith('postgres') ? target : `file:${target}` },
    encoding: 'utf8',
  })
  if (result.status !== 0) throw new Error(`migration failed: ${result.stderr}`)
}

export function freshDatabase(name: string): string {
  const file = join(benchDir, name)
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true })
  migrate(file)
  return file
}

/** The seeded history, kept between runs (seeding 1,000,000 executions takes minutes). */
export function historyDatabase(executions: number): string {
  const file = join(benchDir, `history-${executions}.db`)
  if (existsSync(file)) {
    // A history seeded by an older version gets the newer migrations (and fresh statistics).
    const applied = () => {
      const db = new Database(file, { readonly: true })
      const n = (db.prepare('SELECT count(*) AS n FROM "_prisma_migrations"').get() as { n: number }).n
      db.close()
      return n
    }
    const before = applied()
    migrate(file)
    if (applied() > before) {
      console.log(`migrated ${file}; analysing…`)
      const db = new Database(file)
      db.exec('ANALYZE')
      db.close()
    }
    return file
  }
  const tmp = `${file}.partial`
  for (const suffix of ['', '-wal', '-shm']) rmSync(tmp + suffix, { force: true })
  migrate(tmp)
  useKeyring(loadKeyring(benchDir))
  const db = new Database(tmp)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = OFF')
  const started = Date.now()
  console.log(`seeding ${executions} executions into ${file} (once; kept for later runs)…`)
  const counts = writeHistory(db, {
    executions,
    days: 30,
    seed: 42,
    now: Date.now(),
    logsPerExecution: executions > 100_000 ? 2 : 21,
    detailed: executions <= 100_000,
    onProgress: (done) => {
      if (done % 100_000 === 0) console.log(`  ${done} executions (${((Date.now() - started) / 1000).toFixed(0)} s)`)
    },
  })
  db.exec('ANALYZE')
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.close()
  rmSync(`${tmp}-wal`, { force: true })
  rmSync(`${tmp}-shm`, { force: true })
  spawnSync('mv', [tmp, file])
  console.log(`seeded ${JSON.stringify(counts)} in ${((Date.now() - started) / 1000).toFixed(0)} s`)
  return file
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[i]!
}

export interface Timing {
  p50: number
  p95: number
  n: number
}

/** Runs fn `warmup` times unmeasured, then `n` times; returns p50/p95 in ms. */
export async function time(n: number, warmup: number, fn: (i: number) => unknown): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn(i)
  const samples: number[] = []
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint()
    await fn(i)
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6)
  }
  samples.sort((a, b) => a - b)
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), n }
}

/**
 * Runs each of `fns` `warmup` times unmeasured, then `n` rounds in which each runs once in turn;
 * returns each one's p50/p95 in ms. Taken in turns, the pages compared meet the same moments of
 * a shared machine's load, where timing one after the other gave each a different minute.
 */
export async function timeInTurns<K extends string>(n: number, warmup: number, fns: Record<K, (i: number) => unknown>): Promise<Record<K, Timing>> {
  const names = Object.keys(fns) as K[]
  for (const name of names) for (let i = 0; i < warmup; i++) await fns[name](i)
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>
  for (let i = 0; i < n; i++)
    for (const name of names) {
      const t0 = process.hrtime.bigint()
      await fns[name](i)
      samples[name].push(Number(process.hrtime.bigint() - t0) / 1e6)
    }
  return Object.fromEntries(
    names.map((name) => {
      const sorted = samples[name].sort((a, b) => a - b)
      return [name, { p50: percentile(sorted, 50), p95: percentile(sorted, 95), n }]
    }),
  ) as Record<K, Timing>
}

export const ms = (v: number) => `${v.toFixed(2)} ms`

/** Starts a Node process that prints "listening <port>" (and maybe "key <API key>"); resolves with them. */
export function startProcess(args: string[], env: Record<string, string> = {}, options: { stdin?: boolean } = {}): Promise<{ port: number; key: string; child: ChildProcess }> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'inherit'] })
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /listening (\d+)(?: key (\S+))?/.exec(chunk.toString())
      if (match) resolve({ port: Number(match[1]), key: match[2] ?? '', child })
    })
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)))
  })
}

/** The tables bench:list reads (and the ones they refer to), copied from the SQLite history to PostgreSQL. */
const LIST_TABLES = ['Organization', 'Service', 'WorkflowDefinition', 'Order', 'Execution', 'ExecutionTag'] as const

export interface PostgresHistory {
  url: string
  stop(): Promise<void>
}

/**
 * The same history on PostgreSQL: a server whose data folder is kept in `.bench/postgres-history-<n>`
 * (started on `port`, or a free one, for the run; stopped after), loaded once by COPY from the SQLite history's
 * rows — the same rows on both databases, so the figures compare the databases, not two seeds.
 * Later runs apply newer migrations (and analyse again), as historyDatabase does for SQLite; a
 * SQLite history seeded again since the copy (other rows) is copied again.
 */
export async function postgresHistory(executions: number, port?: number): Promise<PostgresHistory> {
  const { startPostgres } = await import('../scripts/local-postgres')
  const file = historyDatabase(executions)
  const source = historyIdentity(file)
  const dir = join(benchDir, `postgres-history-${executions}`)
  const loaded = join(dir, 'loaded')
  const current = existsSync(loaded) && readFileSync(loaded, 'utf8').trim() === source
  const server = await startPostgres({ dir, port, database: 'postgres' })
  try {
    const url = server.urlFor('history')
    const pg = (await import('pg')).default
    const admin = new pg.Client({ connectionString: server.urlFor('postgres') })
    await admin.connect()
    if (!current) {
      rmSync(loaded, { force: true })
      await admin.query('DROP DATABASE IF EXISTS history')
    }
    await admin.end()
    await server.createDatabase('history')
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    const applied = async () => {
      const r = await client.query<{ n: string }>(`SELECT count(*) AS n FROM pg_tables WHERE tablename = '_prisma_migrations'`)
      return r.rows[0]!.n === '0' ? 0 : Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM "_prisma_migrations"')).rows[0]!.n)
    }
    const before = await applied()
    migrate(url)
    if (!current) {
      await copyHistory(file, url, client)
      writeFileSync(loaded, `${source}\n`)
    } else if ((await applied()) > before) {
      console.log(`migrated the PostgreSQL history; analysing…`)
      await client.query('VACUUM (ANALYZE)')
    }
    await client.end()
    return { url, stop: () => server.stop() }
  } catch (error) {
    await server.stop()
    throw error
  }
}

/** Which seeding of a SQLite history this is: its executions' count, newest time and greatest id. */
function historyIdentity(file: string): string {
  const db = new Database(file, { readonly: true })
  try {
    return JSON.stringify(db.prepare('SELECT count(*) AS n, max("createdAt") AS newest, max("id") AS last FROM "Execution"').get())
  } finally {
    db.close()
  }
}

/** CSV field of a SQLite value for a PostgreSQL column: times are ms on SQLite, timestamps there. */
function csvField(value: unknown, type: string): string {
  if (value === null || value === undefined) return ''
  let text: string
  if (type.startsWith('timestamp') && typeof value === 'number') text = new Date(value).toISOString()
  else if (type === 'boolean') text = value ? 't' : 'f'
  else text = String(value)
  return `"${text.replace(/"/g, '""')}"`
}

async function copyHistory(file: string, url: string, client: import('pg').Client) {
  const started = Date.now()
  console.log(`copying the history's ${LIST_TABLES.join(', ')} rows from ${file} into PostgreSQL (once; kept for later runs)…`)
  const sqlite = new Database(file, { readonly: true })
  // Indexes are built once after the load (faster than kept up row by row), then put back as they were.
  const indexes = (
    await client.query<{ name: string; def: string }>(
      `SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE schemaname = 'public' AND tablename = ANY($1)
       AND indexname NOT IN (SELECT conname FROM pg_constraint)`,
      [[...LIST_TABLES]],
    )
  ).rows
  for (const i of indexes) await client.query(`DROP INDEX "${i.name}"`)
  for (const table of LIST_TABLES) {
    const types = new Map(
      (
        await client.query<{ name: string; type: string }>(
          `SELECT column_name AS name, data_type AS type FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1`,
          [table],
        )
      ).rows.map((c) => [c.name, c.type]),
    )
    const columns = (sqlite.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((c) => c.name).filter((c) => types.has(c))
    const kinds = columns.map((c) => types.get(c)!)
    const names = columns.map((c) => `"${c}"`).join(', ')
    // Foreign keys are not checked during the load (session_replication_role): the rows are a
    // consistent copy of a database that checked them.
    const psql = spawn('psql', [url, '-v', 'ON_ERROR_STOP=1', '-q', '-c', 'SET session_replication_role = replica', '-c', `COPY "${table}" (${names}) FROM STDIN (FORMAT csv)`], {
      stdio: ['pipe', 'inherit', 'inherit'],
    })
    const done = new Promise<void>((resolve, reject) =>
      psql.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`COPY "${table}" failed (psql exited with ${code})`)))),
    )
    let chunk = ''
    let rows = 0
    for (const row of sqlite.prepare(`SELECT ${names} FROM "${table}"`).raw().iterate() as Iterable<unknown[]>) {
      let line = ''
      for (let i = 0; i < row.length; i++) line += (i ? ',' : '') + csvField(row[i], kinds[i]!)
      chunk += line + '\n'
      if (++rows % 2_000 === 0) {
        if (!psql.stdin.write(chunk)) await new Promise((r) => psql.stdin.once('drain', r))
        chunk = ''
      }
      if (rows % 250_000 === 0) console.log(`  ${table}: ${rows} rows (${((Date.now() - started) / 1000).toFixed(0)} s)`)
    }
    psql.stdin.end(chunk)
    await done
    console.log(`  ${table}: ${rows} rows`)
  }
  sqlite.close()
  await client.query(`SET maintenance_work_mem = '512MB'`)
  for (const i of indexes) await client.query(i.def)
  console.log(`  ${indexes.length} indexes built (${((Date.now() - started) / 1000).toFixed(0)} s); vacuuming and analysing…`)
  // VACUUM sets the visibility map: without it no index-only scan (the analytics' covering index).
  await client.query('VACUUM (FREEZE, ANALYZE)')
  console.log(`copied in ${((Date.now() - started) / 1000).toFixed(0)} s`)
}

export interface BenchPostgres {
  /** A fresh migrated database (a copy of a migrated template), as a postgres:// URL. */
  fresh(name: string): Promise<string>
  /** CPU time (ms) the server's processes (postmaster and backends) have used so far, from /proc. */
  cpuMs(): number
  stop(): Promise<void>
}

/** CPU time (user + system, ms) of a process and its children so far, from /proc (Linux); NaN elsewhere. */
export function treeCpuMs(pid: number): number {
  let total = 0
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue
      let fields: string[]
      try {
        fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ')
      } catch {
        continue // gone meanwhile
      }
      // Its own time, the time of its children it has reaped (a closed connection's backend), and its live children's.
      if (Number(entry) === pid)
        total += ((Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) * 1000) / 100 // clock ticks
      else if (Number(fields[1]) === pid) total += ((Number(fields[11]) + Number(fields[12])) * 1000) / 100
    }
  } catch {
    return NaN
  }
  return total
}

/**
 * A PostgreSQL server for write benchmarks, its data in `.scratch/bench-postgres-<port>` (thrown
 * away), fsync on. `synchronousCommit: 'off'` is the nearest to SQLite's WAL with
 * synchronous=NORMAL, the console's setting there: a commit returns before its WAL reaches the
 * disk, so a crash may lose the last ones, never half of one (on PostgreSQL a crash of the server
 * too, not only of the machine); 'on' (PostgreSQL's default) waits for the disk.
 */
export async function benchPostgres(port: number, synchronousCommit: 'on' | 'off'): Promise<BenchPostgres> {
  const { startPostgres } = await import('../scripts/local-postgres')
  const dir = resolve(process.cwd(), '.scratch', `bench-postgres-${port}`)
  rmSync(dir, { recursive: true, force: true })
  const server = await startPostgres({ dir, port, database: 'template_bench', durable: true })
  migrate(server.url)
  const pg = (await import('pg')).default
  const admin = new pg.Client({ connectionString: server.urlFor('postgres') })
  await admin.connect()
  return {
    async fresh(name) {
      await admin.query(`DROP DATABASE IF EXISTS ${name}`)
      await admin.query(`CREATE DATABASE ${name} TEMPLATE template_bench`)
      await admin.query(`ALTER DATABASE ${name} SET synchronous_commit = ${synchronousCommit}`)
      return server.urlFor(name)
    },
    cpuMs: () => treeCpuMs(server.pid),
    async stop() {
      await admin.end()
      await server.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
