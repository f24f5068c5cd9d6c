// What /api/ready checks (http/ops.ts serves it): the database answers, every migration this
// build ships is applied (the folders of prisma/migrations, or prisma/postgres/migrations on
// PostgreSQL, against _prisma_migrations), Redis
// answers when REDIS_URL is set, and the process is not shutting down; the log archives' bucket
// (LOG_ARCHIVE_URL) is reported beside them.
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { getReader, type Reader } from '../db/reader'
import type { Dialect } from '../db/writer'
import { isDraining } from './shutdown'
import type { ArchiveStore } from '../retention/archive-store'
import { logger } from './log'

export interface Readiness {
  ready: boolean
  /** Each check's state (ok, unreachable, …): what anyone may read. */
  checks: Record<string, string>
  /** Why it is not ready, in words anyone may read. */
  reasons: string[]
  /**
   * What each failing check's error said — addresses, bucket, paths, user names — for the server's
   * log only: /api/ready answers without a session, so it names the check, never the error.
   */
  causes: string[]
}

/** A check's failure as /api/ready answers it; its error goes to `causes`. */
const UNREACHABLE = "unreachable (the console's log says why)"

/** The migrations this build ships for a database: the folders of its history (SQLite's or PostgreSQL's: scripts/migrate.mjs). */
export function shippedMigrations(dialect: Dialect = 'sqlite', dir = join(process.cwd(), 'prisma', ...(dialect === 'postgres' ? ['postgres'] : []), 'migrations')): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
}

export interface ReadinessOptions {
  /** The read connection (opened on first use: a missing database file throws here). */
  reader: () => Reader
  /** Migration names the build ships; default: those of the reader's database (shippedMigrations). */
  migrations?: readonly string[]
  /** Answers when Redis answers (REDIS_URL set), throws otherwise. */
  pingRedis?: () => Promise<void>
  /** Answers when the log archives' bucket does (LOG_ARCHIVE_URL set), throws saying why otherwise. */
  checkArchives?: () => Promise<void>
  draining?: () => boolean
}

const PING_TIMEOUT_MS = 1_000

export function createReadiness(options: ReadinessOptions): () => Promise<Readiness> {
  const { reader, migrations, pingRedis, checkArchives, draining = isDraining } = options
  // Once every shipped migration is seen applied, they stay applied (migrations only add).
  let migrated = false
  let logged = ''
  return async () => {
    const checks: Record<string, string> = {}
    const reasons: string[] = []
    const causes: string[] = []
    const failed = (check: string, error: unknown, counts = true) => {
      checks[check] = 'unreachable'
      if (counts) reasons.push(`${check}: ${UNREACHABLE}`)
      causes.push(`${check}: ${(error as Error)?.message ?? String(error)}`)
    }
    if (draining()) reasons.push('shutting down: no new traffic')
    try {
      const db = reader()
      db.get('SELECT 1 AS ok', [])
      checks.database = 'ok'
      if (!migrated) {
        const applied = new Set(
          db.all<{ name: string }>('SELECT "migration_name" AS name FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL', []).map((r) => r.name),
        )
        const shipped = migrations ?? shippedMigrations(db.dialect)
        const missing = shipped.filter((m) => !applied.has(m))
        if (missing.length) {
          checks.migrations = `${missing.length} of ${shipped.length} not applied`
          reasons.push(`migrations not applied: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? `, and ${missing.length - 5} more` : ''} (run npm run db:migrate)`)
        } else {
          migrated = true
        }
      }
      if (migrated) checks.migrations = 'ok'
    } catch (error) {
      failed('database', error)
    }
    if (pingRedis) {
      try {
        await Promise.race([pingRedis(), new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS).unref())])
        checks.redis = 'ok'
      } catch (error) {
        failed('redis', error)
      }
    } else checks.redis = 'not configured'
    if (checkArchives) {
      try {
        await Promise.race([
          checkArchives(),
          new Promise((_, reject) => setTimeout(() => reject(new Error(`log archive store: no answer within ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS).unref()),
        ])
        checks.archives = 'ok'
      } catch (error) {
        // Said, not counted against readiness: every node shares the bucket, so it would take them
        // all out of the load balancer at once, for what only the reading of archived lines needs
        // (those answer 503 naming the store meanwhile).
        failed('archives', error, false)
      }
    } else checks.archives = 'data folder'
    // Each change of what fails is logged once (a probe comes every few seconds).
    const now = causes.join('\n')
    if (now !== logged) {
      if (now) logger('ops').warn({ causes }, `readiness: ${causes.join('; ')}`)
      else if (logged) logger('ops').info('readiness: every check answers again')
      logged = now
    }
    return { ready: reasons.length === 0, checks, reasons, causes }
  }
}

/** A Redis PING over a connection of its own (not the event bus's: that one retries forever). */
export function redisPinger(url: string): { ping: () => Promise<void>; close: () => Promise<void> } {
  let client: import('ioredis').Redis | undefined
  return {
    async ping() {
      if (!client) {
        const { Redis } = await import('ioredis')
        client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: PING_TIMEOUT_MS, enableOfflineQueue: false, retryStrategy: () => 1_000 })
        client.on('error', () => {}) // reported by the check, not as an unhandled error
        await client.connect().catch(() => {})
      }
      await client.ping()
    },
    async close() {
      await client?.quit().catch(() => {})
    },
  }
}

/** The process's readiness: its read connection, the shipped migrations, Redis and the archives' bucket when configured. */
export function processReadiness(redisUrl: string | undefined, archives?: ArchiveStore): { readiness: () => Promise<Readiness>; close: () => Promise<void> } {
  const redis = redisUrl ? redisPinger(redisUrl) : undefined
  // Loads the S3 client now: loaded by the first probe, it took longer than the probe's second.
  void archives?.check().catch(() => {})
  return {
    readiness: createReadiness({ reader: getReader, pingRedis: redis?.ping, checkArchives: archives?.check }),
    close: async () => redis?.close(),
  }
}
