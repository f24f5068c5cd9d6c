// Backup and restore of the console (npm run backup / npm run restore, docs in README
// "Operations"). A backup is a folder: the database — on SQLite copied with its online backup API
// (a consistent copy while the console runs and writes), on PostgreSQL dumped by pg_dump (custom
// format, one snapshot) — the encryption key file beside it (the secrets in the database open with
// nothing else), and the log archives (old log lines moved out of the database by retention). A
// manifest says what is there.
import Database from 'better-sqlite3'
import { spawn, spawnSync } from 'node:child_process'
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import pg from 'pg'
import { isPostgresUrl } from '../db/database-url.mjs'
import { postgresTool } from '../db/postgres/tools'

export const MANIFEST = 'manifest.json'

export interface BackupManifest {
  format: 1
  createdAt: string
  /** Where the database was (a PostgreSQL URL without its password). */
  source: string
  /** The file in the folder: `console.db` (SQLite) or `console.dump` (pg_dump's custom format). */
  database: string
  /** Absent in backups made before PostgreSQL's: SQLite. */
  kind?: 'sqlite' | 'postgres'
  /** `file`: the key file is in the backup; `env`: ENCRYPTION_KEY held it, kept in your secret store (not copied). */
  key: 'file' | 'env' | 'none'
  keyFile?: string
  archives: number
  executions: number
  migrations: string[]
}

export interface BackupOptions {
  /** The live database: a SQLite file, or a postgres:// URL. */
  database: string
  /** The folder holding `archive/` (the log archives): default the SQLite file's folder; DATA_DIR on PostgreSQL. */
  dataDir?: string
  /** The encryption key file in use (none when ENCRYPTION_KEY is set). */
  keyFile?: string
  keyFromEnv?: boolean
  /** The folder backups go into; each is a timestamped folder of its own. */
  outDir: string
  now?: Date
  /** Finds pg_dump (tests: a machine without it). */
  findTool?: (name: string) => string | undefined
}

const stamp = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')

function countFiles(dir: string): number {
  if (!existsSync(dir)) return 0
  let n = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) n += entry.isDirectory() ? countFiles(join(dir, entry.name)) : 1
  return n
}

/** Copies the database (online), the key and the log archives into `<outDir>/console-backup-<time>`; returns the folder. */
export async function backup(options: BackupOptions): Promise<{ folder: string; manifest: BackupManifest }> {
  const { database, keyFile, keyFromEnv = false, outDir, now = new Date() } = options
  const postgres = isPostgresUrl(database)
  const dump = postgres ? tool('pg_dump', 'back up', options.findTool) : undefined // before anything is written
  if (!postgres && !existsSync(database)) throw new Error(`no database at ${database} (DATABASE_URL)`)
  const folder = resolve(outDir, `console-backup-${stamp(now)}`)
  if (existsSync(folder)) throw new Error(`${folder} exists already`)
  mkdirSync(folder, { recursive: true, mode: 0o700 })
  const file = postgres ? 'console.dump' : 'console.db'
  let counted: { executions: number; migrations: string[] }
  try {
    counted = postgres ? await dumpPostgres(dump!, database, join(folder, file)) : await copySqlite(database, join(folder, file))
  } catch (error) {
    rmSync(folder, { recursive: true, force: true }) // no half backup left to be taken for a whole one
    throw error
  }
  const { executions, migrations } = counted
  let key: BackupManifest['key'] = keyFromEnv ? 'env' : 'none'
  if (!keyFromEnv && keyFile && existsSync(keyFile)) {
    copyFileSync(keyFile, join(folder, 'encryption.key'))
    chmodSync(join(folder, 'encryption.key'), 0o600)
    key = 'file'
  }
  const archiveDir = join(options.dataDir ?? dirname(database), 'archive')
  if (existsSync(archiveDir)) cpSync(archiveDir, join(folder, 'archive'), { recursive: true })
  const manifest: BackupManifest = {
    format: 1,
    createdAt: now.toISOString(),
    source: postgres ? withoutPassword(database) : database,
    database: file,
    kind: postgres ? 'postgres' : 'sqlite',
    key,
    ...(key === 'file' ? { keyFile } : {}),
    archives: countFiles(join(folder, 'archive')),
    executions,
    migrations,
  }
  writeFileSync(join(folder, MANIFEST), JSON.stringify(manifest, null, 2) + '\n')
  return { folder, manifest }
}

export const withoutPassword = (url: string) => url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1@')

/** A PostgreSQL program, or an error naming what to install. */
function tool(name: 'pg_dump' | 'pg_restore', what: string, find: (name: string) => string | undefined = postgresTool): string {
  const path = find(name)
  if (!path)
    throw new Error(
      `${name} is not installed: to ${what} a PostgreSQL database (DATABASE_URL postgres://…) the console runs PostgreSQL's ${name}, looked for in /usr/lib/postgresql/<version>/bin and on PATH. Install PostgreSQL's client tools (Debian: apt-get install -y postgresql-client), of the server's major version or newer.`,
    )
  return path
}

/**
 * A PostgreSQL URL for a client program's command line, and the environment that carries its
 * password: any user of the machine reads a process's arguments (ps, /proc/<pid>/cmdline).
 */
function connectionFor(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const password = /\/\/[^:@/]*:([^@/]*)@/.exec(url)?.[1]
  return { dbname: `--dbname=${withoutPassword(url)}`, env: password === undefined ? process.env : { ...process.env, PGPASSWORD: decodeURIComponent(password) } }
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(file, args, { stdio: ['ignore', 'ignore', 'pipe'], env })
    let stderr = ''
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    child.on('error', fail)
    child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`${basename(file)} failed (exit ${code}): ${stderr.trim()}`))))
  })
}

/** SQLite: page by page with the online backup API, then counted in the copy. */
async function copySqlite(databaseFile: string, target: string) {
  const source = new Database(databaseFile, { readonly: true, fileMustExist: true })
  try {
    // Page by page, letting the console's writes go on between steps; restarted by SQLite if a
    // write changes a page already copied. The copy is one consistent state of the database.
    await source.backup(target)
  } finally {
    source.close()
  }
  // The copy is a file of its own, not a WAL database beside its log: no -wal or -shm files.
  const copy = new Database(target)
  copy.pragma('journal_mode = DELETE')
  try {
    return {
      executions: (copy.prepare('SELECT COUNT(*) AS n FROM "Execution"').get() as { n: number }).n,
      migrations: (copy.prepare('SELECT "migration_name" AS name FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL ORDER BY 1').all() as { name: string }[]).map(
        (r) => r.name,
      ),
    }
  } finally {
    copy.close()
  }
}

/**
 * PostgreSQL: pg_dump in its custom format (pg_restore's input), reading the snapshot a
 * transaction of ours exported and counts in: the manifest's figures are the dump's.
 */
async function dumpPostgres(pgDump: string, url: string, target: string) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
    const snapshot = (await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id')).rows[0]!.id
    const executions = Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM "Execution"')).rows[0]!.n)
    const migrations = (await client.query<{ name: string }>('SELECT "migration_name" AS name FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL ORDER BY 1')).rows.map(
      (r) => r.name,
    )
    // (No owners or grants: the restore's user owns what it makes.)
    const { dbname, env } = connectionFor(url)
    await run(pgDump, ['--format=custom', '--no-owner', '--no-privileges', `--snapshot=${snapshot}`, `--file=${target}`, dbname], env)
    await client.query('COMMIT')
    return { executions, migrations }
  } finally {
    await client.end()
  }
}

export interface RestoreOptions {
  folder: string
  /** Where the database goes (the console must be stopped): a SQLite file, or a postgres:// URL of an empty database. */
  database: string
  /** The folder `archive/` goes into: default the SQLite file's folder; DATA_DIR on PostgreSQL. */
  dataDir?: string
  /** Where the key file goes (when the backup has one and ENCRYPTION_KEY is not set). */
  keyFile?: string
  now?: Date
}

export interface RestoreResult {
  manifest: BackupManifest
  /** What was in the way, moved aside rather than overwritten. */
  movedAside: string[]
  keyRestored: boolean
}

/**
 * Puts a backup in place: checks the copy (SQLite's integrity check; pg_restore's reading of the
 * dump), moves the current SQLite database and a different key file aside
 * (`*.before-restore-<time>`) — a PostgreSQL database must be empty: nothing there is moved — puts
 * the backup's in, and merges its log archives into the data folder. Run with the console stopped.
 */
export async function restore({ folder, database, dataDir, keyFile, now = new Date() }: RestoreOptions): Promise<RestoreResult> {
  const manifestPath = join(folder, MANIFEST)
  if (!existsSync(manifestPath)) throw new Error(`${folder} is not a backup: no ${MANIFEST}`)
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as BackupManifest
  const backupDb = join(folder, manifest.database)
  const kind = manifest.kind ?? 'sqlite'
  if ((kind === 'postgres') !== isPostgresUrl(database))
    throw new Error(
      kind === 'postgres'
        ? `${folder} is a backup of a PostgreSQL database: restore it with DATABASE_URL set to a postgres:// URL of an empty database (got ${database})`
        : `${folder} is a backup of a SQLite database: restore it with DATABASE_URL set to a file: URL (got a PostgreSQL URL)`,
    )
  const suffix = `.before-restore-${stamp(now)}`
  const movedAside: string[] = []
  const aside = (path: string) => {
    if (!existsSync(path)) return
    renameSync(path, path + suffix)
    movedAside.push(path + suffix)
  }
  if (kind === 'postgres') await restorePostgres(backupDb, database)
  else {
    const check = new Database(backupDb, { readonly: true, fileMustExist: true })
    try {
      const result = (check.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check
      if (result !== 'ok') throw new Error(`the backup's database is damaged: ${result}`)
    } finally {
      check.close()
    }
    mkdirSync(dirname(database), { recursive: true })
    for (const ext of ['', '-wal', '-shm']) aside(database + ext)
    copyFileSync(backupDb, database)
  }
  let keyRestored = false
  const backupKey = join(folder, 'encryption.key')
  if (keyFile && existsSync(backupKey)) {
    const same = existsSync(keyFile) && readFileSync(keyFile, 'utf8').trim() === readFileSync(backupKey, 'utf8').trim()
    if (!same) {
      aside(keyFile)
      mkdirSync(dirname(keyFile), { recursive: true, mode: 0o700 })
      copyFileSync(backupKey, keyFile)
      chmodSync(keyFile, 0o600)
    }
    keyRestored = true
  }
  const archive = join(folder, 'archive')
  if (existsSync(archive) && statSync(archive).isDirectory()) cpSync(archive, join(dataDir ?? dirname(database), 'archive'), { recursive: true })
  return { manifest, movedAside, keyRestored }
}

/** pg_restore into an empty database, in one transaction: a failure leaves it empty. */
async function restorePostgres(dump: string, url: string) {
  const pgRestore = tool('pg_restore', 'restore')
  const list = spawnSync(pgRestore, ['--list', dump], { encoding: 'utf8' })
  if (list.status !== 0) throw new Error(`the backup's dump is damaged or not pg_dump's: ${list.stderr.trim()}`)
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  let tables: string[]
  try {
    tables = (await client.query<{ name: string }>('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1')).rows.map(
      (r) => r.name,
    )
  } finally {
    await client.end()
  }
  if (tables.length)
    throw new Error(
      `the database ${withoutPassword(url)} is not empty (${tables.length} tables: ${tables.slice(0, 3).join(', ')}${tables.length > 3 ? ', …' : ''}): restore into an empty database (createdb a new one, or drop and create this one), then point DATABASE_URL at it`,
    )
  const { dbname, env } = connectionFor(url)
  await run(pgRestore, ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', dbname, dump], env)
}

/** Removes a backup folder (tests). */
export function removeBackup(folder: string): void {
  if (basename(folder).startsWith('console-backup-')) rmSync(folder, { recursive: true, force: true })
}
