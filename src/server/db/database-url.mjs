// The one place that reads DATABASE_URL: a SQLite file path (default ./data/console.db), or a
// PostgreSQL URL (cluster mode, docs/cluster.md).
import { dirname, resolve } from 'node:path'

/** postgres://… or postgresql://… */
export function isPostgresUrl(url) {
  return typeof url === 'string' && /^postgres(ql)?:\/\//.test(url)
}

/** Which database DATABASE_URL names. */
export function databaseKind(url = process.env.DATABASE_URL) {
  return isPostgresUrl(url) ? 'postgres' : 'sqlite'
}

export function databaseFile(url = process.env.DATABASE_URL) {
  if (!url) return resolve(/*turbopackIgnore: true*/ process.cwd(), 'data', 'console.db')
  if (!url.startsWith('file:')) {
    throw new Error(`DATABASE_URL must be a SQLite file URL such as file:./data/console.db; got ${url}`)
  }
  return resolve(/*turbopackIgnore: true*/ process.cwd(), url.slice('file:'.length))
}

/** What to open: the PostgreSQL URL, or the SQLite file's path. */
export function databaseTarget(url = process.env.DATABASE_URL) {
  return isPostgresUrl(url) ? url : databaseFile(url)
}

/**
 * The folder for the console's files beside its database (log archives, the legacy key): the
 * SQLite file's folder, or on PostgreSQL DATA_DIR (default ./data) — each node's own.
 */
export function dataDir(url = process.env.DATABASE_URL) {
  if (isPostgresUrl(url)) return resolve(/*turbopackIgnore: true*/ process.cwd(), process.env.DATA_DIR || 'data')
  return dirname(databaseFile(url))
}
