// The write path's connection: better-sqlite3, synchronous transactions (BEGIN IMMEDIATE), so a
// change — read, check, write, append events — runs start to end with nothing in between.
// A Prisma interactive transaction cost 1–3 ms a change; this costs tens of microseconds
// (bench/engine-throughput.ts).
//
// Queries of one execution's steps write `+"status"`: the unary plus keeps SQLite on the
// (executionId, …) index instead of the status index, which would scan every execution's steps.
import Database from 'better-sqlite3'
import { databaseTarget, isPostgresUrl } from './database-url.mjs'
import { loadBatchWal } from './batch-wal'
import { BUSY_TIMEOUT_MS } from './client'
import { startCheckpointer, WRITER_AUTOCHECKPOINT_PAGES } from './checkpointer'
import { statementCache } from './statements'
import { openPostgresWriter } from './postgres/writer'

export type SqlValue = string | number | bigint | null | Buffer

/** Which SQL a statement written per dialect must speak (most are translated: docs/cluster.md). */
export type Dialect = 'sqlite' | 'postgres'

export interface Writer {
  readonly dialect: Dialect
  /** Runs fn in one IMMEDIATE transaction; throws roll it back. */
  transaction<T>(fn: () => T): T
  /** Inside a transaction: runs fn in a savepoint; a throw rolls back only fn's writes. */
  savepoint<T>(fn: () => T): T
  run(sql: string, params?: readonly unknown[]): { changes: number; lastInsertRowid: number | bigint }
  get<T>(sql: string, params?: readonly unknown[]): T | undefined
  all<T>(sql: string, params?: readonly unknown[]): T[]
  close(): void
}

/** The Writer on a SQLite file, or on PostgreSQL when given a postgres:// URL (docs/cluster.md). */
export function openWriter(file: string = databaseTarget()): Writer {
  if (isPostgresUrl(file)) return openPostgresWriter(file)
  loadBatchWal() // before the connection opens: a commit's log frames in one write
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS })
  db.pragma('journal_mode = WAL')
  db.pragma('foreign_keys = ON')
  db.pragma('synchronous = NORMAL')
  // Statement journals and sorts in memory: as temp files they cost a file open each, which was
  // most of an INSERT into Execution (160 µs → 35 µs) and of the queue's ORDER BY.
  db.pragma('temp_store = MEMORY')
  // 32 MiB of pages (SQLite's default is 2 MiB): the engine's writes touch the newest pages of two
  // dozen B-trees and their parents; with the default, a third of its file reads were pages it
  // had evicted (strace of bench/engine-throughput.ts: 14 → 10 reads an execution).
  db.pragma('cache_size = -32768')
  // The log is copied back into the database file by a thread of its own (see checkpointer.ts).
  db.pragma(`wal_autocheckpoint = ${WRITER_AUTOCHECKPOINT_PAGES}`)
  const checkpointer = startCheckpointer(file, () => {
    if (db.open) db.pragma('wal_autocheckpoint = 1000') // SQLite's own default
  })
  const prepare = statementCache(db, 1000)
  // One wrapper, made once: better-sqlite3 prepares BEGIN/COMMIT/SAVEPOINT for each wrapper.
  const inTransaction = db.transaction((fn: () => unknown) => fn())
  return {
    dialect: 'sqlite',
    transaction: <T>(fn: () => T) => inTransaction.immediate(fn) as T,
    savepoint: <T>(fn: () => T) => inTransaction(fn) as T,
    run: (sql, params = []) => prepare(sql).run(...params),
    get: <T>(sql: string, params: readonly unknown[] = []) => prepare(sql).get(...params) as T | undefined,
    all: <T>(sql: string, params: readonly unknown[] = []) => prepare(sql).all(...params) as T[],
    close: () => {
      void checkpointer.stop()
      db.close()
    },
  }
}

const globalForWriter = globalThis as unknown as { __consoleWriter?: Writer }

/** The process's Writer on the database DATABASE_URL names (a postgres:// URL: docs/cluster.md). */
export function getWriter(): Writer {
  globalForWriter.__consoleWriter ??= openWriter()
  return globalForWriter.__consoleWriter
}
