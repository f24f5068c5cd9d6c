// What /api/ready checks (http/ops.ts serves it): the database answers, every migration this
// build ships is applied (the folders of prisma/migrations, or prisma/postgres/migrations on
// PostgreSQL, against _prisma_migrations), Redis
// answers when REDIS_URL is set, and the process is not shutting down.
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { getReader, type Reader } from '../db/reader'
import type { Dialect } from '../db/writer'
import { isDraining } from './shutdown'

export interface Readiness {
  ready: boolean
  checks: Record<string, string>
  reasons: string[]
}

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
  draining?: () => boolean
}

const PING_TIMEOUT_MS = 1_000

export function createReadiness(options: ReadinessOptions): () => Promise<Readiness> {
  const { reader, migrations, pingRedis, draining = isDraining } = options
  // Once every shipped migration is seen applied, they stay applied (migrations only add).
  let migrated = false
  return async () => {
    const checks: Record<string, string> = {}
    const reasons: string[] = []
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
      checks.database = 'unreachable'
      reasons.push(`database: ${(error as Error).message}`)
    }
    if (pingRedis) {
      try {
        await Promise.race([pingRedis(), new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS).unref())])
        checks.redis = 'ok'
      } catch (error) {
        checks.redis = 'unreachable'
        reasons.push(`redis: ${(error as Error).message}`)
      }
    } else checks.redis = 'not configured'
    return { ready: reasons.length === 0, checks, reasons }
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

/** The process's readiness: its read connection, the shipped migrations, Redis when configured. */
export function processReadiness(redisUrl: string | undefined): { readiness: () => Promise<Readiness>; close: () => Promise<void> } {
  const redis = redisUrl ? redisPinger(redisUrl) : undefined
  return {
    readiness: createReadiness({ reader: getReader, pingRedis: redis?.ping }),
    close: async () => redis?.close(),
  }
}
