// Notification delivery from the outbox (NotificationDelivery rows written with the change that
// caused them, outbox.ts): email through the configured SMTP server (nodemailer), Slack-compatible
// incoming webhooks through the same guarded POST as webhooks (no private destinations unless
// allowed, no redirects). At least once: a failed send is tried again with exponential backoff
// and jitter, each attempt recorded on its row, and marked failed (visible to admins) after
// NOTIFICATION_RETRIES. Rows outlive restarts, so nothing queued is lost.
import { setMaxListeners } from 'node:events'
import nodemailer from 'nodemailer'
import type { Writer } from '../db/writer'
import { deliverClaimed } from '../db/outbox'
import { systemClock, type Clock } from '../lib/clock'
import { pollLoop } from '../lib/loop'
import { calculateRetryDelay } from '../domain/retry'
import { emailContent, NOTIFICATION_RETRIES, slackPayload, type Message } from '../domain/notifications'
import { postGuarded } from '../webhooks/send'
import { open } from '../security/crypto'

export interface NotificationDeliveryOptions {
  store: Writer
  clock?: Clock
  /** The console's public address, that messages link to (CONSOLE_URL). */
  baseUrl: string
  /** The SMTP server (SMTP_URL); without one an email delivery fails its attempt, saying so. */
  smtpUrl?: string
  from?: string
  /** Loopback and private Slack URLs are refused unless allowed (tests, local development). */
  allowPrivate?: boolean
  /** First retry delay; later ones double, with jitter, up to maxDelayMs. */
  initialDelayMs?: number
  maxDelayMs?: number
  retries?: number
  pollMs?: number
  timeoutMs?: number
  random?: () => number
}

interface Due {
  id: string
  channelId: string
  event: string
  message: string
  attempts: number
  attemptLog: string | null
  kind: 'email' | 'slack'
  target: string
  enabled: number
}

export function createNotificationDelivery(options: NotificationDeliveryOptions) {
  const { store, baseUrl } = options
  const clock = options.clock ?? systemClock
  const retries = options.retries ?? NOTIFICATION_RETRIES
  const timeoutMs = options.timeoutMs ?? 10_000
  const policy = { maxRetries: 0, backoff: 'exponential' as const, initialDelay: options.initialDelayMs ?? 5_000, maxDelay: options.maxDelayMs ?? 3_600_000, jitter: true }
  const random = options.random ?? Math.random
  const lifetime = new AbortController()
  setMaxListeners(0, lifetime.signal)
  const mailer = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl, { from: options.from }) : null
  let loop: Promise<void> | null = null
  let wake: () => void = () => {}
  const inFlight = new Set<string>()

  async function send(d: Due) {
    const message = open(JSON.parse(d.message)) as Message
    const target = open(d.target) as { recipients?: string[]; url?: string }
    if (d.kind === 'email') {
      if (!mailer) throw new Error('no SMTP server is configured: set SMTP_URL (smtp://user:pass@host:587)')
      const content = emailContent(message, baseUrl)
      await mailer.sendMail({ from: options.from, to: target.recipients, ...content, headers: { 'X-Console-Event': d.event } })
      return
    }
    const res = await postGuarded({
      url: target.url!,
      allowPrivate: options.allowPrivate ?? false,
      signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), lifetime.signal]),
      headers: { 'user-agent': 'execution-console-notifications/1' },
      body: JSON.stringify(slackPayload(message, baseUrl)),
    })
    if (res.status < 200 || res.status >= 300) throw new Error(`the webhook answered ${res.status}`)
  }

  async function deliver(d: Due, claimedUntil: number) {
    const started = performance.now()
    const at = clock.now()
    let error: string | undefined
    try {
      await send(d)
    } catch (e) {
      error = (e as Error).message || String(e)
    }
    const attempt = { at: new Date(at).toISOString(), latencyMs: Math.round(performance.now() - started), ...(error ? { error } : {}) }
    const attempts = d.attempts + 1
    const log = JSON.stringify([...((d.attemptLog ? JSON.parse(d.attemptLog) : []) as unknown[]), attempt].slice(-20))
    const now = clock.now()
    if (error && attempts <= retries) {
      store.run(
        `UPDATE "NotificationDelivery" SET "attempts" = ?, "lastError" = ?, "attemptLog" = ?, "nextAttemptAt" = ?, "updatedAt" = ? WHERE "id" = ? AND "nextAttemptAt" = ?`,
        [attempts, error, log, now + calculateRetryDelay(attempts, policy, random), now, d.id, claimedUntil],
      )
      return
    }
    store.run(
      `UPDATE "NotificationDelivery" SET "status" = ?, "attempts" = ?, "lastError" = ?, "attemptLog" = ?, "nextAttemptAt" = NULL, "updatedAt" = ? WHERE "id" = ? AND "nextAttemptAt" = ?`,
      [error ? 'failed' : 'succeeded', attempts, error ?? null, log, now, d.id, claimedUntil],
    )
  }

  /** Sends every due delivery once; returns how many it tried. */
  async function tick(): Promise<number> {
    const due = store.all<Due>(
      `SELECT d."id", d."channelId", d."event", d."message", d."attempts", d."attemptLog", c."kind", c."target", c."enabled"
       FROM "NotificationDelivery" d JOIN "NotificationChannel" c ON c."id" = d."channelId"
       WHERE d."status" = 'pending' AND d."nextAttemptAt" <= ? ORDER BY d."nextAttemptAt" LIMIT 50`,
      [clock.now()],
    )
    return deliverClaimed(store, 'NotificationDelivery', due, {
      now: clock.now(),
      // (nodemailer gives a silent mail server ten minutes before it gives up)
      sendMs: (d) => (d.kind === 'email' ? 600_000 : timeoutMs),
      inFlight,
      deliver,
      disabled: (d) =>
        store.run(`UPDATE "NotificationDelivery" SET "status" = 'failed', "lastError" = 'the channel is disabled', "nextAttemptAt" = NULL, "updatedAt" = ? WHERE "id" = ?`, [
          clock.now(),
          d.id,
        ]),
    })
  }

  return {
    tick,
    /** Looks for due deliveries now (a test send, a change that queued some). */
    wake: () => wake(),
    start() {
      const running = pollLoop(tick, { clock, pollMs: options.pollMs ?? 2_000, signal: lifetime.signal, name: 'notifications: delivery' })
      wake = running.wake
      loop = running.done
    },
    async stop() {
      lifetime.abort()
      wake()
      await loop
      mailer?.close()
    },
  }
}

export type NotificationDeliverer = ReturnType<typeof createNotificationDelivery>
