// The Prisma client on SQLite through the better-sqlite3 driver adapter (no engine binary).
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaClient } from '@/generated/prisma/client'
import { databaseFile } from './database-url.mjs'

export type Db = PrismaClient

export const BUSY_TIMEOUT_MS = 5_000

/**
 * Opens the database with the settings every connection needs: WAL (readers never block the
 * writer), foreign keys on, a busy timeout, and synchronous=NORMAL, which in WAL mode keeps
 * every committed transaction across a process crash.
 */
export async function openDb(file: string = databaseFile()): Promise<Db> {
  const adapter = new PrismaBetterSqlite3({ url: file, timeout: BUSY_TIMEOUT_MS }, { timestampFormat: 'unixepoch-ms' })
  const db = new PrismaClient({ adapter })
  await db.$queryRawUnsafe('PRAGMA journal_mode = WAL')
  await db.$queryRawUnsafe('PRAGMA foreign_keys = ON')
  await db.$queryRawUnsafe('PRAGMA synchronous = NORMAL')
  return db
}

const globalForDb = globalThis as unknown as { __consoleDb?: Promise<Db> }

/** The process-wide connection (one SQLite connection serialises writes; see services/). */
export function getDb(): Promise<Db> {
  globalForDb.__consoleDb ??= openDb()
  return globalForDb.__consoleDb
}
