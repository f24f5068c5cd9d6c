// Webhook delivery from the outbox (WebhookDelivery rows written with their events): signed as
// Standard Webhooks say, retried with exponential backoff and jitter, the same webhook-id on
// every attempt, each attempt recorded. Rows outlive restarts, so nothing queued is lost.
import { lookup } from 'node:dns/promises'
import { setMaxListeners } from 'node:events'
import { isIP } from 'node:net'
import { isPrivateAddress, isPrivateHost } from '../domain/network'
import { Webhook as StandardWebhook } from 'standardwebhooks'
import type { Writer } from '../db/writer'
import { fromSql } from '../db/rows'
import { systemClock, type Clock } from '../engine/clock'
import { pollLoop } from '../engine/loop'
import type { EventBus } from '../events/bus'
import { calculateRetryDelay } from '../domain/retry'
import { open } from '../security/crypto'

export interface DeliveryOptions {
  store: Writer
  bus: EventBus
  clock?: Clock
  /** Loopback and private destinations are refused unless allowed (tests, local development). */
  allowPrivate?: boolean
  /** First retry delay; later ones double, with jitter, up to maxDelayMs. */
  initialDelayMs?: number
  maxDelayMs?: number
  pollMs?: number
  random?: () => number
}

interface DueDelivery {
  id: string
  webhookId: string
  eventId: number
  attempts: number
  attemptLog: string | null
  url: string
  headers: string | null
  retries: number
  timeoutMs: number
  secret: string | null
  enabled: number
}

export interface Attempt {
  at: string
  statusCode?: number
  latencyMs: number
  error?: string
}

/** Refuses destinations that resolve to private or loopback addresses (checked at every attempt). */
export async function checkDestination(url: string, allowPrivate: boolean): Promise<string | null> {
  if (allowPrivate) return null
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '')
  if (isPrivateHost(host)) return `destination ${host} is a loopback or private address; allow with WEBHOOK_ALLOW_PRIVATE=1`
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address)
  const bad = addresses.find(isPrivateAddress)
  return bad ? `destination ${host} resolves to a private address (${bad}); allow with WEBHOOK_ALLOW_PRIVATE=1` : null
}

export function createWebhookDelivery(options: DeliveryOptions) {
  const { store } = options
  const clock = options.clock ?? systemClock
  const allowPrivate = options.allowPrivate ?? false
  const policy = { maxRetries: 0, backoff: 'exponential' as const, initialDelay: options.initialDelayMs ?? 1_000, maxDelay: options.maxDelayMs ?? 3_600_000, jitter: true }
  const pollMs = options.pollMs ?? 1_000
  const random = options.random ?? Math.random
  const lifetime = new AbortController()
  setMaxListeners(0, lifetime.signal) // every attempt in flight listens to it
  let wake: () => void = () => {}
  let loop: Promise<void> | null = null
  const inFlight = new Set<string>()

  /** The seed 000 WebhookPayload of an event. */
  function payloadOf(eventId: number) {
    const event = store.get<{ type: string; executionId: string; createdAt: number }>('SELECT "type", "executionId", "createdAt" FROM "ExecutionEvent" WHERE "id" = ?', [eventId])!
    const row = fromSql<{ id: string; status: string; progress: number; result: unknown; errorCode: string | null; errorMessage: string | null; errorStep: string | null; errorRecoverable: boolean | null; errorRetryCount: number | null }>(
      'Execution',
      store.get<Record<string, unknown>>('SELECT "id", "status", "progress", "result", "errorCode", "errorMessage", "errorStep", "errorRecoverable", "errorRetryCount" FROM "Execution" WHERE "id" = ?', [event.executionId])!,
    )
    return {
      event: event.type,
      timestamp: new Date(event.createdAt).toISOString(),
      execution: {
        id: row.id,
        status: row.status,
        progress: row.progress,
        ...(row.result ? { result: open(row.result) } : {}),
        ...(row.errorCode
          ? { error: { code: row.errorCode, message: row.errorMessage ?? '', step: row.errorStep ?? undefined, recoverable: row.errorRecoverable ?? false, retryCount: row.errorRetryCount ?? 0 } }
          : {}),
      },
    }
  }

  async function deliver(d: DueDelivery) {
    const body = JSON.stringify(payloadOf(d.eventId))
    const sentAt = new Date(clock.now())
    const signature = new StandardWebhook(open(d.secret) as string).sign(d.id, sentAt, body)
    const started = performance.now()
    const attempt: Attempt = { at: sentAt.toISOString(), latencyMs: 0 }
    let outcome: 'succeeded' | 'retry' | 'gone' = 'retry'
    let retryAfterMs: number | undefined
    try {
      const refused = await checkDestination(d.url, allowPrivate)
      if (refused) throw new Error(refused)
      const res = await fetch(d.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.any([AbortSignal.timeout(d.timeoutMs), lifetime.signal]),
        headers: {
          ...((d.headers ? JSON.parse(d.headers) : {}) as Record<string, string>),
          'content-type': 'application/json',
          'user-agent': 'execution-console-webhooks/1',
          'webhook-id': d.id,
          'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
          'webhook-signature': signature,
        },
        body,
      })
      await res.arrayBuffer().catch(() => undefined)
      attempt.statusCode = res.status
      if (res.status >= 200 && res.status < 300) outcome = 'succeeded'
      else if (res.status === 410) outcome = 'gone'
      else if (res.status === 429) {
        const header = res.headers.get('retry-after')
        const seconds = header && /^\d+$/.test(header) ? Number(header) : header ? (Date.parse(header) - clock.now()) / 1000 : NaN
        // The receiver knows best how long it needs: honoured up to a day, whatever the backoff cap.
        if (Number.isFinite(seconds) && seconds >= 0) retryAfterMs = Math.min(seconds * 1000, 86_400_000)
      }
    } catch (error) {
      attempt.error = (error as Error).name === 'TimeoutError' ? `no answer within ${d.timeoutMs} ms` : (error as Error).message
    }
    attempt.latencyMs = Math.round(performance.now() - started)
    const attempts = d.attempts + 1
    const log = [...((d.attemptLog ? JSON.parse(d.attemptLog) : []) as Attempt[]), attempt]
    const at = clock.now()
    if (outcome === 'retry' && attempts <= d.retries) {
      const delay = retryAfterMs ?? calculateRetryDelay(attempts, policy, random)
      store.run(
        `UPDATE "WebhookDelivery" SET "attempts" = ?, "lastStatus" = ?, "lastLatencyMs" = ?, "lastError" = ?, "attemptLog" = ?, "nextAttemptAt" = ?, "updatedAt" = ? WHERE "id" = ?`,
        [attempts, attempt.statusCode ?? null, attempt.latencyMs, attempt.error ?? null, JSON.stringify(log), at + delay, at, d.id],
      )
      return
    }
    const status = outcome === 'succeeded' ? 'succeeded' : 'failed'
    store.run(
      `UPDATE "WebhookDelivery" SET "status" = ?, "attempts" = ?, "lastStatus" = ?, "lastLatencyMs" = ?, "lastError" = ?, "attemptLog" = ?, "nextAttemptAt" = NULL, "updatedAt" = ? WHERE "id" = ?`,
      [status, attempts, attempt.statusCode ?? null, attempt.latencyMs, outcome === 'gone' ? 'the endpoint answered 410 Gone: disabled' : (attempt.error ?? null), JSON.stringify(log), at, d.id],
    )
    if (outcome === 'gone') store.run('UPDATE "Webhook" SET "enabled" = 0 WHERE "id" = ?', [d.webhookId])
  }

  /** Sends every due delivery once; returns how many it sent. */
  async function tick(): Promise<number> {
    const due = store.all<DueDelivery>(
      `SELECT d."id", d."webhookId", d."eventId", d."attempts", d."attemptLog", w."url", w."headers", w."retries", w."timeoutMs", w."secret", w."enabled"
       FROM "WebhookDelivery" d JOIN "Webhook" w ON w."id" = d."webhookId"
       WHERE d."status" = 'pending' AND d."nextAttemptAt" <= ? ORDER BY d."nextAttemptAt", d."eventId" LIMIT 100`,
      [clock.now()],
    )
    const work = due.filter((d) => !inFlight.has(d.id))
    await Promise.all(
      work.map(async (d) => {
        inFlight.add(d.id)
        try {
          if (!d.enabled) {
            store.run(`UPDATE "WebhookDelivery" SET "status" = 'failed', "lastError" = 'the webhook is disabled', "updatedAt" = ? WHERE "id" = ?`, [clock.now(), d.id])
          } else await deliver(d)
        } finally {
          inFlight.delete(d.id)
        }
      }),
    )
    return work.length
  }

  const unsubscribe = options.bus.subscribe(() => wake())

  return {
    tick,
    start() {
      const running = pollLoop(tick, { clock, pollMs, signal: lifetime.signal, name: 'webhooks: delivery' })
      wake = running.wake
      loop = running.done
    },
    async stop() {
      lifetime.abort()
      unsubscribe()
      wake()
      await loop
    },
  }
}

export type WebhookDelivery = ReturnType<typeof createWebhookDelivery>
