// A read-only better-sqlite3 connection for the hot list, find, count and analytics queries.
// It reads only committed data (its own WAL snapshot) and costs a fraction of a millisecond a
// page, where the Prisma client spends ~1–2 ms mapping 50 rows (bench/list-and-analytics.ts).
import Database from 'better-sqlite3'
import { databaseTarget, isPostgresUrl } from './database-url.mjs'
import { openPostgresReader } from './postgres/writer'
import type { Dialect } from './writer'
import { statementCache } from './statements'

export interface Reader {
  readonly dialect: Dialect
  all<T>(sql: string, params: readonly unknown[]): T[]
  get<T>(sql: string, params: readonly unknown[]): T | undefined
  close(): void
}

/** The Reader on a SQLite file, or on PostgreSQL when given a postgres:// URL (docs/cluster.md). */
export function openReader(file: string = databaseTarget()): Reader {
  if (isPostgresUrl(file)) return openPostgresReader(file)
  const db = new Database(file, { readonly: true, fileMustExist: true, timeout: 5_000 })
  db.pragma('temp_store = MEMORY') // sorts of list and analytics queries without temp files
  const prepare = statementCache(db, 500)
  return {
    dialect: 'sqlite',
    all: <T>(sql: string, params: readonly unknown[]) => prepare(sql).all(...params) as T[],
    get: <T>(sql: string, params: readonly unknown[]) => prepare(sql).get(...params) as T | undefined,
    close: () => db.close(),
  }
}

const globalForReader = globalThis as unknown as { __consoleReader?: Reader }

export function getReader(): Reader {
  globalForReader.__consoleReader ??= openReader()
  return globalForReader.__consoleReader
}
