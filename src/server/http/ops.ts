// The operations endpoints, served by server.ts before Next and outside the front door (a load
// balancer or Prometheus has no session and no API key):
//   GET /api/health   alive: answers 200 while the process serves at all; reads nothing.
//   GET /api/ready    ready for traffic: the database answers, every migration this build ships
//                     is applied, Redis answers when REDIS_URL is set, and the process is not
//                     shutting down; otherwise 503 with the reasons.
//   GET /metrics      Prometheus text; with METRICS_TOKEN set, only for `Authorization: Bearer <token>`.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { timingSafeEqual, createHash } from 'node:crypto'
import type { Reader } from '../db/reader'
import { scrape } from '../ops/metrics'
import { isDraining } from '../ops/shutdown'

export interface Readiness {
  ready: boolean
  checks: Record<string, string>
  reasons: string[]
}

/** The migrations this build ships: the folders of prisma/migrations. */
export function shippedMigrations(dir = join(process.cwd(), 'prisma', 'migrations')): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
}

export interface ReadinessOptions {
  /** The read connection (opened on first use: a missing database file throws here). */
  reader: () => Reader
  /** Migration names the build ships. */
  migrations: readonly string[]
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
        const missing = migrations.filter((m) => !applied.has(m))
        if (missing.length) {
          checks.migrations = `${missing.length} of ${migrations.length} not applied`
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

const digest = (s: string) => createHash('sha256').update(s).digest()

export interface OpsOptions {
  readiness: () => Promise<Readiness>
  metricsToken?: string
}

/** Serves the operations endpoints; returns false for any other request. */
export function createOpsHandler({ readiness, metricsToken }: OpsOptions): (req: IncomingMessage, res: ServerResponse) => boolean {
  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers })
    res.end(JSON.stringify(body))
  }
  const expected = metricsToken ? digest(`Bearer ${metricsToken}`) : undefined
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0]
    if (path !== '/api/health' && path !== '/api/ready' && path !== '/metrics') return false
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      json(res, 405, { error: { code: 'METHOD_NOT_ALLOWED', message: `${path} answers GET only` } }, { allow: 'GET, HEAD' })
      return true
    }
    if (path === '/api/health') {
      json(res, 200, { status: 'ok', uptimeSeconds: Math.round(process.uptime()) })
      return true
    }
    if (path === '/api/ready') {
      readiness().then(
        (r) => json(res, r.ready ? 200 : 503, r.ready ? { status: 'ready', checks: r.checks } : { status: 'not ready', reasons: r.reasons, checks: r.checks }),
        (error: unknown) => json(res, 503, { status: 'not ready', reasons: [String((error as Error)?.message ?? error)], checks: {} }),
      )
      return true
    }
    // /metrics: compared in constant time, as digests (the lengths differ otherwise).
    if (expected && !timingSafeEqual(digest(String(req.headers.authorization ?? '')), expected)) {
      json(res, 401, { error: { code: 'UNAUTHORIZED', message: 'metrics need Authorization: Bearer <METRICS_TOKEN>' } }, { 'www-authenticate': 'Bearer realm="metrics"' })
      return true
    }
    scrape().then(
      ({ contentType, body }) => {
        res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' })
        res.end(body)
      },
      () => json(res, 500, { error: { code: 'INTERNAL', message: 'metrics could not be collected; see the server log' } }),
    )
    return true
  }
}
