// A PostgreSQL of our own on loopback for tests, benchmarks and `npm run console` with a postgres
// URL: Debian's package (installed when missing and allowed, like redis-server), `initdb` into a
// folder, the server started on a given port with its unix socket in that folder — no system
// service, no cluster of the package's own.
//
//   tsx scripts/local-postgres.ts start [--dir .scratch/postgres] [--port 55432] [--database console] [--durable yes|no]
//       initdb when the folder is new, start in the background, create the database, print its URL
//       (--durable no: fsync off, for scratch databases)
//   tsx scripts/local-postgres.ts stop [--dir .scratch/postgres]
//
// PostgreSQL refuses to run as root: as root the folder is given to, and the server run as, the
// `postgres` user the package creates.
import { spawn, spawnSync, type SpawnOptions } from 'node:child_process'
import { chownSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import pg from 'pg'
import { aptInstall } from './debian.mjs'
import { debianPostgresBin } from '../src/server/db/postgres/tools'
import { freePort } from './local-redis'

/** The newest installed /usr/lib/postgresql/<version>/bin, installing the package when there is none. */
export function postgresBin(): string {
  const found = () => debianPostgresBin('initdb')
  let bin = found()
  if (!bin) {
    aptInstall('postgresql', 'PostgreSQL (initdb, postgres)')
    bin = found()
    if (!bin) throw new Error('apt-get installed postgresql but no /usr/lib/postgresql/<version>/bin/initdb appeared')
  }
  return bin
}

/** As root: run as the package's `postgres` user, which must own the folder. */
function runAs(dir: string): Pick<SpawnOptions, 'uid' | 'gid'> {
  if (process.getuid?.() !== 0) return {}
  const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim())
  const uid = id('-u')
  const gid = id('-g')
  if (!Number.isInteger(uid) || uid === 0) throw new Error('running as root needs the `postgres` user (apt-get install -y postgresql)')
  chownSync(dir, uid, gid)
  return { uid, gid }
}

export interface PostgresOptions {
  /** The data folder (made and initialised when new); default a fresh temporary folder, removed on stop. */
  dir?: string
  port?: number
  /** A database to create (when missing) and name in `url`; default `console`. */
  database?: string
  /** fsync on: what a benchmark of durable commits wants. Tests default to off (the data is thrown away). */
  durable?: boolean
  /** Keep running after this process exits (the CLI's `start`). */
  detached?: boolean
}

export interface LocalPostgres {
  port: number
  dir: string
  pid: number
  /** postgres://console@127.0.0.1:<port>/<database> */
  url: string
  urlFor(database: string): string
  /** Creates a database when missing (each test file its own). */
  createDatabase(name: string): Promise<string>
  stop(): Promise<void>
}

export const POSTGRES_USER = 'console'
const NAME = /^[a-z_][a-z0-9_]{0,62}$/

async function waitReady(url: string, server: { exitCode: number | null }, logHint: string) {
  let last: unknown
  for (let i = 0; i < 300; i++) {
    if (server.exitCode !== null) throw new Error(`postgres exited with ${server.exitCode} while starting${logHint}`)
    const client = new pg.Client({ connectionString: url })
    try {
      await client.connect()
      await client.end()
      return
    } catch (error) {
      last = error
      await client.end().catch(() => {})
      await new Promise((r) => setTimeout(r, 50))
    }
  }
  throw new Error(`postgres did not accept connections at ${url}: ${String(last)}${logHint}`)
}

/** Whether something listens on 127.0.0.1:port already. */
function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer()
    probe.once('error', () => resolve(true))
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(false)))
  })
}

export async function startPostgres(options: PostgresOptions = {}): Promise<LocalPostgres> {
  const bin = postgresBin()
  const temporary = !options.dir
  const dir = options.dir ? resolve(options.dir) : mkdtempSync(join(tmpdir(), 'postgres-'))
  mkdirSync(dir, { recursive: true })
  const user = runAs(dir)
  const data = join(dir, 'data')
  if (!existsSync(join(data, 'PG_VERSION'))) {
    // trust on loopback and the folder's socket only: a throwaway server nobody else reaches.
    const init = spawnSync(join(bin, 'initdb'), ['-D', data, '-U', POSTGRES_USER, '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'], { encoding: 'utf8', ...user })
    if (init.status !== 0) throw new Error(`initdb failed in ${data}: ${init.stderr || init.stdout || init.error}`)
  }
  const port = options.port ?? (await freePort())
  // A server already there would answer our readiness check and be taken for ours (and stopped by nobody).
  if (options.port !== undefined && (await portTaken(port))) throw new Error(`port ${port} is in use on 127.0.0.1 (another server?); choose another --port`)
  const settings = options.durable ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
  const args = ['-D', data, '-p', String(port), '-h', '127.0.0.1', '-k', dir, '-c', 'max_connections=200', ...settings]
  const logFile = join(dir, 'postgres.log')
  const server = spawn(join(bin, 'postgres'), args, {
    ...user,
    detached: options.detached,
    stdio: options.detached ? ['ignore', openSync(logFile, 'a'), openSync(logFile, 'a')] : 'ignore',
  })
  if (options.detached) server.unref()
  const urlFor = (database: string) => `postgres://${POSTGRES_USER}@127.0.0.1:${port}/${database}`
  await waitReady(urlFor('postgres'), server, options.detached ? ` (see ${logFile})` : '')
  const createDatabase = async (name: string) => {
    if (!NAME.test(name)) throw new Error(`database name must be lowercase letters, digits and underscores; got ${JSON.stringify(name)}`)
    const client = new pg.Client({ connectionString: urlFor('postgres') })
    await client.connect()
    try {
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
      if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${name}`)
    } finally {
      await client.end()
    }
    return urlFor(name)
  }
  const database = options.database ?? 'console'
  await createDatabase(database)
  return {
    port,
    dir,
    pid: server.pid!,
    url: urlFor(database),
    urlFor,
    createDatabase,
    async stop() {
      if (server.exitCode === null) {
        const exited = new Promise((r) => server.once('exit', r))
        server.kill('SIGINT') // fast shutdown: roll back open transactions, close connections
        await exited
      }
      if (temporary) rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Stops the server whose data folder is `dir` (the CLI's `stop`): SIGINT to the postmaster, wait for it to go. */
export async function stopPostgres(dir: string) {
  const pidFile = join(resolve(dir), 'data', 'postmaster.pid')
  if (!existsSync(pidFile)) return false
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0])
  try {
    process.kill(pid, 'SIGINT')
  } catch {
    return false
  }
  for (let i = 0; i < 600; i++) {
    try {
      process.kill(pid, 0)
    } catch {
      return true
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`postgres (pid ${pid}) did not stop within 30 s`)
}

async function main(argv: string[]) {
  const [command, ...rest] = argv
  const flags = new Map<string, string>()
  for (let i = 0; i < rest.length; i += 2) {
    const key = rest[i] ?? ''
    const value = rest[i + 1]
    if (!['--dir', '--port', '--database', '--durable'].includes(key) || value === undefined) {
      throw new Error(`unknown or incomplete option ${JSON.stringify(key)}; allowed: --dir <folder>, --port <number>, --database <name>, --durable yes|no`)
    }
    flags.set(key.slice(2), value)
  }
  const dir = flags.get('dir') ?? '.scratch/postgres'
  if (command === 'start') {
    const port = flags.has('port') ? Number(flags.get('port')) : 55432
    if (!Number.isInteger(port) || port < 1024 || port > 65535) throw new Error(`--port must be a number from 1024 to 65535; got ${flags.get('port')}`)
    const durable = flags.get('durable') ?? 'yes'
    if (durable !== 'yes' && durable !== 'no') throw new Error(`--durable must be yes or no; got ${durable}`)
    const server = await startPostgres({ dir, port, database: flags.get('database'), durable: durable === 'yes', detached: true })
    console.log(server.url)
  } else if (command === 'stop') {
    console.log((await stopPostgres(dir)) ? `stopped the postgres in ${dir}` : `no postgres running in ${dir}`)
  } else {
    throw new Error('usage: local-postgres.ts start [--dir <folder>] [--port <number>] [--database <name>] [--durable yes|no] | stop [--dir <folder>]')
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  })
}
