// Webhook delivery from the outbox (WebhookDelivery rows written with their events): signed as
// Standard Webhooks say, retried with exponential backoff and jitter, the same webhook-id on
// every attempt, each attempt recorded. Rows outlive restarts, so nothing queued is lost.
import { metrics } from '../ops/metrics'
import { setMaxListeners } from 'node:events'
import { Webhook as StandardWebhook } from 'standardwebhooks'
import { postGuarded } from './send'
import type { Writer } from '../db/writer'
import { fromSql } from '../db/rows'
import { deliverClaimed } from '../db/outbox'
import { systemClock, type Clock } from '../lib/clock'
import { pollLoop } from '../lib/loop'
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
  /** An execution event's delivery; null for one that carries its own payload (an alert's). */
  eventId: number | null
  payload: string | null
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

/** At most this many deliveries of one endpoint a round: one endpoint's backlog cannot hold up the others'. */
const PER_ENDPOINT = 5

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

  /** The WebhookPayload of an event (docs/api.md). */
  function payloadOf(eventId: number) {
    const event = store.get<{ type: string; executionId: string; createdAt: number }>('SELECT "type", "executionId", "createdAt" FROM "ExecutionEvent" WHERE "id" = ?', [eventId])!
    const row = fromSql<{
      id: string
      status: string
      progress: number
      result: unknown
      errorCode: string | null
      errorMessage: string | null
      errorStep: string | null
      errorRecoverable: boolean | null
      errorRetryCount: number | null
    }>(
      'Execution',
      store.get<Record<string, unknown>>(
        'SELECT "id", "status", "progress", "result", "errorCode", "errorMessage", "errorStep", "errorRecoverable", "errorRetryCount" FROM "Execution" WHERE "id" = ?',
        [event.executionId],
      )!,
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
          ? {
              error: {
                code: row.errorCode,
                message: (open(row.errorMessage) as string | null) ?? '',
                step: row.errorStep ?? undefined,
                recoverable: row.errorRecoverable ?? false,
                retryCount: row.errorRetryCount ?? 0,
              },
            }
          : {}),
      },
    }
  }

  async function deliver(d: DueDelivery, claimedUntil: number) {
    const sentAt = new Date(clock.now())
    const started = performance.now()
    const attempt: Attempt = { at: sentAt.toISOString(), latencyMs: 0 }
    let outcome: 'succeeded' | 'retry' | 'gone' = 'retry'
    let retryAfterMs: number | undefined
    const timeout = AbortSignal.timeout(d.timeoutMs)
    // Anything that goes wrong — building or signing the payload included — is this delivery's
    // attempt, recorded against it: it never holds up another endpoint's.
    try {
      const body = d.payload ?? JSON.stringify(payloadOf(d.eventId!))
      const signature = new StandardWebhook(open(d.secret) as string).sign(d.id, sentAt, body)
      const res = await postGuarded({
        url: d.url,
        allowPrivate,
        signal: AbortSignal.any([timeout, lifetime.signal]),
        extraHeaders: ((d.headers ? open(JSON.parse(d.headers)) : null) ?? {}) as Record<string, string>, // sealed at rest
        headers: {
          'user-agent': 'execution-console-webhooks/1',
          'webhook-id': d.id,
          'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
          'webhook-signature': signature,
        },
        body,
      })
      attempt.statusCode = res.status
      if (res.status >= 200 && res.status < 300) outcome = 'succeeded'
      else if (res.status === 410) outcome = 'gone'
      else if (res.status === 429) {
        const raw = res.headers['retry-after']
        const header = Array.isArray(raw) ? raw[0] : raw
        const seconds = header && /^\d+$/.test(header) ? Number(header) : header ? (Date.parse(header) - clock.now()) / 1000 : NaN
        // The receiver knows best how long it needs: honoured up to a day, whatever the backoff cap.
        if (Number.isFinite(seconds) && seconds >= 0) retryAfterMs = Math.min(seconds * 1000, 86_400_000)
      }
    } catch (error) {
      attempt.error = timeout.aborted ? `no answer within ${d.timeoutMs} ms` : (error as Error).message
    }
    attempt.latencyMs = Math.round(performance.now() - started)
    const attempts = d.attempts + 1
    const m = metrics()
    if (outcome !== 'succeeded') m.webhookFailures.inc()
    m.webhookAttempts.inc({ outcome: outcome === 'retry' && attempts > d.retries ? 'failed' : outcome })
    const log = [...((d.attemptLog ? JSON.parse(d.attemptLog) : []) as Attempt[]), attempt]
    const at = clock.now()
    if (outcome === 'retry' && attempts <= d.retries) {
      const delay = retryAfterMs ?? calculateRetryDelay(attempts, policy, random)
      store.run(
        `UPDATE "WebhookDelivery" SET "attempts" = ?, "lastStatus" = ?, "lastLatencyMs" = ?, "lastError" = ?, "attemptLog" = ?, "nextAttemptAt" = ?, "updatedAt" = ? WHERE "id" = ? AND "nextAttemptAt" = ?`,
        [attempts, attempt.statusCode ?? null, attempt.latencyMs, attempt.error ?? null, JSON.stringify(log), at + delay, at, d.id, claimedUntil],
      )
      return
    }
    const status = outcome === 'succeeded' ? 'succeeded' : 'failed'
    const recorded = store.run(
      `UPDATE "WebhookDelivery" SET "status" = ?, "attempts" = ?, "lastStatus" = ?, "lastLatencyMs" = ?, "lastError" = ?, "attemptLog" = ?, "nextAttemptAt" = NULL, "updatedAt" = ? WHERE "id" = ? AND "nextAttemptAt" = ?`,
      [
        status,
        attempts,
        attempt.statusCode ?? null,
        attempt.latencyMs,
        outcome === 'gone' ? 'the endpoint answered 410 Gone: disabled' : (attempt.error ?? null),
        JSON.stringify(log),
        at,
        d.id,
        claimedUntil,
      ],
    )
    if (outcome === 'gone' && recorded.changes) store.run('UPDATE "Webhook" SET "enabled" = 0 WHERE "id" = ?', [d.webhookId])
  }

  /** Sends every due delivery once (those this process claims: db/outbox.ts); returns how many it sent. */
  async function tick(): Promise<number> {
    // Oldest first, but at most PER_ENDPOINT of each endpoint a round, so every endpoint (and
    // every organisation's) is attempted however many rows another has waiting.
    const due = store.all<DueDelivery>(
      `SELECT * FROM (
         SELECT d."id", d."webhookId", d."eventId", d."payload", d."attempts", d."attemptLog", d."nextAttemptAt", w."url", w."headers", w."retries", w."timeoutMs", w."secret", w."enabled",
                row_number() OVER (PARTITION BY d."webhookId" ORDER BY d."nextAttemptAt", d."eventId") AS "turn"
         FROM "WebhookDelivery" d JOIN "Webhook" w ON w."id" = d."webhookId"
         WHERE d."status" = 'pending' AND d."nextAttemptAt" <= ?
       ) WHERE "turn" <= ${PER_ENDPOINT} ORDER BY "nextAttemptAt", "eventId" LIMIT 100`,
      [clock.now()],
    )
    return deliverClaimed(store, 'WebhookDelivery', due, {
      now: clock.now(),
      sendMs: (d) => d.timeoutMs,
      inFlight,
      deliver,
      disabled: (d) => store.run(`UPDATE "WebhookDelivery" SET "status" = 'failed', "lastError" = 'the webhook is disabled', "updatedAt" = ? WHERE "id" = ?`, [clock.now(), d.id]),
    })
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
