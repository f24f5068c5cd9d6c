// One face for the two connections code outside the request path writes through: the write
// path's Writer (SQLite or PostgreSQL) and a better-sqlite3 Database a script or benchmark opened
// itself (the seeders, on a file the console is not running on).
import type { Database } from 'better-sqlite3'
import { statementCache } from './statements'
import type { Dialect, Writer } from './writer'

export interface Sql {
  readonly dialect: Dialect
  run(sql: string, params: readonly unknown[]): { changes: number }
  get(sql: string, params: readonly unknown[]): unknown
  /** One transaction (the Writer's: BEGIN IMMEDIATE or PostgreSQL's writer lock). */
  transaction(fn: () => void): void
}

export function onConnection(db: Database | Writer): Sql {
  if (!('prepare' in db))
    return { dialect: db.dialect, run: (sql, params) => db.run(sql, params), get: (sql, params) => db.get(sql, params), transaction: (fn) => db.transaction(fn) }
  const prepare = statementCache(db, 100)
  return {
    dialect: 'sqlite',
    run: (sql, params) => prepare(sql).run(...params),
    get: (sql, params) => prepare(sql).get(...params),
    transaction: (fn) => db.transaction(fn).immediate(),
  }
}
