// The Prisma client on SQLite through the better-sqlite3 driver adapter (no engine binary), or on
// PostgreSQL through adapter-pg (cluster mode, docs/cluster.md).
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from '@/generated/prisma/client'
import { PrismaClient as PostgresPrismaClient } from '@/generated/prisma-postgres/client'
import { databaseTarget, isPostgresUrl } from './database-url.mjs'

export type Db = PrismaClient

export const BUSY_TIMEOUT_MS = 5_000

/**
 * Opens the database with the settings every connection needs: WAL (readers never block the
 * writer), foreign keys on, a busy timeout, and synchronous=NORMAL, which in WAL mode keeps
 * every committed transaction across a process crash.
 */
export async function openDb(file: string = databaseTarget()): Promise<Db> {
  // The two generated clients have the same models and methods; the code is written against one.
  if (isPostgresUrl(file)) return new PostgresPrismaClient({ adapter: new PrismaPg({ connectionString: file }) }) as unknown as Db
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
