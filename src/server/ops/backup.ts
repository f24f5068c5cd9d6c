// Backup and restore of a SQLite console (npm run backup / npm run restore, docs in README
// "Operations"). A backup is a folder: the database copied with SQLite's online backup API (a
// consistent copy while the console runs and writes), the encryption key file beside it (the
// secrets in the database open with nothing else), and the log archives (old log lines moved out
// of the database by retention). A manifest says what is there. For PostgreSQL, pg_dump (README).
import Database from 'better-sqlite3'
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'

export const MANIFEST = 'manifest.json'

export interface BackupManifest {
  format: 1
  createdAt: string
  /** Where the database was. */
  source: string
  database: string
  /** `file`: the key file is in the backup; `env`: ENCRYPTION_KEY held it, kept in your secret store (not copied). */
  key: 'file' | 'env' | 'none'
  keyFile?: string
  archives: number
  executions: number
  migrations: string[]
}

export interface BackupOptions {
  /** The live database file. */
  databaseFile: string
  /** The encryption key file in use (none when ENCRYPTION_KEY is set). */
  keyFile?: string
  keyFromEnv?: boolean
  /** The folder backups go into; each is a timestamped folder of its own. */
  outDir: string
  now?: Date
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
  const { databaseFile, keyFile, keyFromEnv = false, outDir, now = new Date() } = options
  if (!existsSync(databaseFile)) throw new Error(`no database at ${databaseFile} (DATABASE_URL)`)
  const folder = resolve(outDir, `console-backup-${stamp(now)}`)
  if (existsSync(folder)) throw new Error(`${folder} exists already`)
  mkdirSync(folder, { recursive: true, mode: 0o700 })
  const target = join(folder, 'console.db')
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
  let counted: { executions: number; migrations: string[] }
  try {
    counted = {
      executions: (copy.prepare('SELECT COUNT(*) AS n FROM "Execution"').get() as { n: number }).n,
      migrations: (copy.prepare('SELECT "migration_name" AS name FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL ORDER BY 1').all() as { name: string }[]).map(
        (r) => r.name,
      ),
    }
  } finally {
    copy.close()
  }
  const { executions, migrations } = counted
  let key: BackupManifest['key'] = keyFromEnv ? 'env' : 'none'
  if (!keyFromEnv && keyFile && existsSync(keyFile)) {
    copyFileSync(keyFile, join(folder, 'encryption.key'))
    chmodSync(join(folder, 'encryption.key'), 0o600)
    key = 'file'
  }
  const archiveDir = join(dirname(databaseFile), 'archive')
  if (existsSync(archiveDir)) cpSync(archiveDir, join(folder, 'archive'), { recursive: true })
  const manifest: BackupManifest = {
    format: 1,
    createdAt: now.toISOString(),
    source: databaseFile,
    database: 'console.db',
    key,
    ...(key === 'file' ? { keyFile } : {}),
    archives: countFiles(join(folder, 'archive')),
    executions,
    migrations,
  }
  writeFileSync(join(folder, MANIFEST), JSON.stringify(manifest, null, 2) + '\n')
  return { folder, manifest }
}

export interface RestoreOptions {
  folder: string
  /** Where the database goes (the console must be stopped). */
  databaseFile: string
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
 * Puts a backup in place: checks the copy (SQLite's integrity check), moves the current database
 * and a different key file aside (`*.before-restore-<time>`), copies the backup's in, and merges its
 * log archives into the data folder. Run with the console stopped.
 */
export function restore({ folder, databaseFile, keyFile, now = new Date() }: RestoreOptions): RestoreResult {
  const manifestPath = join(folder, MANIFEST)
  if (!existsSync(manifestPath)) throw new Error(`${folder} is not a backup: no ${MANIFEST}`)
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as BackupManifest
  const backupDb = join(folder, manifest.database)
  const check = new Database(backupDb, { readonly: true, fileMustExist: true })
  try {
    const result = (check.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check
    if (result !== 'ok') throw new Error(`the backup's database is damaged: ${result}`)
  } finally {
    check.close()
  }
  const suffix = `.before-restore-${stamp(now)}`
  const movedAside: string[] = []
  const aside = (path: string) => {
    if (!existsSync(path)) return
    renameSync(path, path + suffix)
    movedAside.push(path + suffix)
  }
  mkdirSync(dirname(databaseFile), { recursive: true })
  for (const ext of ['', '-wal', '-shm']) aside(databaseFile + ext)
  copyFileSync(backupDb, databaseFile)
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
  if (existsSync(archive) && statSync(archive).isDirectory()) cpSync(archive, join(dirname(databaseFile), 'archive'), { recursive: true })
  return { manifest, movedAside, keyRestored }
}

/** Removes a backup folder (tests). */
export function removeBackup(folder: string): void {
  if (basename(folder).startsWith('console-backup-')) rmSync(folder, { recursive: true, force: true })
}
