// Notifications as the front door asks for them: a user's own notification centre (their
// notifications, read and unread; the executions they watch) and an organisation's channels
// (admins: create, change, remove, send a test, see the deliveries). Every read and change is
// bound to the caller: a user sees only their own notifications, an admin only their
// organisations' channels (another's is "not found").
import type { Writer } from '../db/writer'
import { sqlInteger } from '../db/statements'
import { visibleSql } from '../domain/access'
import { type NotificationChannelInput, type NotificationChannelPatch, type Message, NOTIFICATION_EVENTS, CENTRE_KINDS } from '../domain/notifications'
import { isPrivateHost } from '../domain/network'
import { open, seal, sealJson } from '../security/crypto'
import { badRequest, notFound } from '../services/errors'
import { newId } from '../services/ids'
import { sweepReviewsDue } from './outbox'

const marks = (values: readonly unknown[]) => (values.length ? values.map(() => '?').join(', ') : 'NULL')
const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? undefined : new Date(ms).toISOString())

interface ChannelRow {
  id: string
  organizationId: string
  name: string
  kind: 'email' | 'slack'
  target: string
  events: string
  enabled: number
  createdAt: number
  updatedAt: number
}

export function createNotificationService(deps: { writer: Writer; now?: () => number; allowPrivate?: boolean; wake?: () => void }) {
  const w = deps.writer
  const now = deps.now ?? Date.now
  let wakeDelivery = deps.wake ?? (() => {})

  function checkUrl(url: string | undefined) {
    if (url && !deps.allowPrivate && isPrivateHost(new URL(url).hostname.replace(/^\[|\]$/g, ''))) {
      throw badRequest('url', 'a loopback or private address; allowed only with WEBHOOK_ALLOW_PRIVATE=1')
    }
  }

  function ownChannel(id: string, organizations: readonly string[]): ChannelRow {
    const row = w.get<ChannelRow>(`SELECT * FROM "NotificationChannel" WHERE "id" = ? AND "organizationId" IN (${marks(organizations)})`, [id, ...organizations])
    if (!row) throw notFound('notification channel', id)
    return row
  }

  function serializeChannel(row: ChannelRow) {
    const target = open(row.target) as { recipients?: string[]; url?: string }
    const last = w.get<{ status: string; updatedAt: number; lastError: string | null }>(
      `SELECT "status", "updatedAt", "lastError" FROM "NotificationDelivery" WHERE "channelId" = ? ORDER BY "createdAt" DESC LIMIT 1`,
      [row.id],
    )
    return {
      id: row.id,
      organizationId: row.organizationId,
      name: row.name,
      kind: row.kind,
      recipients: row.kind === 'email' ? (target.recipients ?? []) : undefined,
      /** Only the host of a webhook URL is shown: the rest of an incoming webhook URL is its secret. */
      urlHost: row.kind === 'slack' && target.url ? new URL(target.url).host : undefined,
      events: (JSON.parse(row.events) as string[]).filter((e): e is (typeof NOTIFICATION_EVENTS)[number] => (NOTIFICATION_EVENTS as readonly string[]).includes(e)),
      enabled: row.enabled === 1,
      createdAt: iso(row.createdAt)!,
      updatedAt: iso(row.updatedAt)!,
      ...(last ? { lastDelivery: { status: last.status, at: iso(last.updatedAt)!, ...(last.lastError ? { error: last.lastError } : {}) } } : {}),
    }
  }

  return {
    /** A user's own notifications, newest first, with their unread count. */
    list(userId: string, input: { unreadOnly?: boolean; limit?: number }) {
      const rows = w.all<{ id: string; kind: string; title: string; body: string | null; link: string; readAt: number | null; createdAt: number }>(
        `SELECT "id", "kind", "title", "body", "link", "readAt", "createdAt" FROM "Notification" WHERE "userId" = ?${input.unreadOnly ? ' AND "readAt" IS NULL' : ''} ORDER BY "createdAt" DESC, "id" DESC LIMIT ${sqlInteger(input.limit ?? 50)}`,
        [userId],
      )
      return {
        items: rows.map((r) => ({
          id: r.id,
          kind: r.kind as (typeof CENTRE_KINDS)[number],
          title: r.title,
          ...(r.body ? { body: r.body } : {}),
          link: r.link,
          read: r.readAt !== null,
          createdAt: iso(r.createdAt)!,
        })),
        unread: this.unreadCount(userId),
      }
    },
    unreadCount: (userId: string) => w.get<{ n: number }>(`SELECT count(*) AS n FROM "Notification" WHERE "userId" = ? AND "readAt" IS NULL`, [userId])!.n,
    /** Marks the user's own notifications read (another user's ids change nothing); returns the unread count. */
    markRead(userId: string, ids: readonly string[]) {
      if (ids.length) w.run(`UPDATE "Notification" SET "readAt" = ? WHERE "userId" = ? AND "readAt" IS NULL AND "id" IN (${marks(ids)})`, [now(), userId, ...ids])
      return { unread: this.unreadCount(userId) }
    },
    markAllRead(userId: string) {
      w.run(`UPDATE "Notification" SET "readAt" = ? WHERE "userId" = ? AND "readAt" IS NULL`, [now(), userId])
      return { unread: 0 }
    },

    /** Whether the user watches an execution they may see (one they may not is "not found"). */
    watching(userId: string, executionId: string, organizations: readonly string[]) {
      const visible = visibleSql(organizations)
      const x = w.get<{ id: string }>(`SELECT "id" FROM "Execution" WHERE "id" = ? AND ${visible.sql}`, [executionId, ...visible.params])
      if (!x) throw notFound('execution', executionId)
      return { watching: !!w.get(`SELECT 1 AS hit FROM "ExecutionWatch" WHERE "executionId" = ? AND "userId" = ?`, [executionId, userId]) }
    },
    setWatching(userId: string, executionId: string, watch: boolean, organizations: readonly string[]) {
      this.watching(userId, executionId, organizations)
      if (watch) w.run(`INSERT OR IGNORE INTO "ExecutionWatch" ("executionId", "userId", "createdAt") VALUES (?, ?, ?)`, [executionId, userId, now()])
      else w.run(`DELETE FROM "ExecutionWatch" WHERE "executionId" = ? AND "userId" = ?`, [executionId, userId])
      return { watching: watch }
    },

    channels: {
      list: (organizations: readonly string[]) =>
        w.all<ChannelRow>(`SELECT * FROM "NotificationChannel" WHERE "organizationId" IN (${marks(organizations)}) ORDER BY "createdAt"`, [...organizations]).map(serializeChannel),
      get: (id: string, organizations: readonly string[]) => serializeChannel(ownChannel(id, organizations)),
      create(input: NotificationChannelInput, organizationId: string) {
        if (input.kind === 'slack') checkUrl(input.url)
        const at = now()
        const id = newId('chan', at)
        const target = input.kind === 'email' ? { recipients: input.recipients } : { url: input.url }
        w.run(
          `INSERT INTO "NotificationChannel" ("id", "organizationId", "name", "kind", "target", "events", "enabled", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [id, organizationId, input.name, input.kind, seal(target), JSON.stringify(input.events), input.enabled === false ? 0 : 1, at, at],
        )
        return serializeChannel(ownChannel(id, [organizationId]))
      },
      update(id: string, patch: NotificationChannelPatch, organizations: readonly string[]) {
        const row = ownChannel(id, organizations)
        if (row.kind === 'email' && patch.url !== undefined) throw badRequest('url', 'an email channel has recipients, not a URL')
        if (row.kind === 'slack' && patch.recipients !== undefined) throw badRequest('recipients', 'a Slack channel has a URL, not recipients')
        checkUrl(patch.url)
        const target = { ...(open(row.target) as object), ...(patch.recipients ? { recipients: patch.recipients } : {}), ...(patch.url ? { url: patch.url } : {}) }
        w.run(`UPDATE "NotificationChannel" SET "name" = ?, "target" = ?, "events" = ?, "enabled" = ?, "updatedAt" = ? WHERE "id" = ?`, [
          patch.name ?? row.name,
          seal(target),
          patch.events ? JSON.stringify(patch.events) : row.events,
          patch.enabled === undefined ? row.enabled : patch.enabled ? 1 : 0,
          now(),
          id,
        ])
        return serializeChannel(ownChannel(id, organizations))
      },
      remove(id: string, organizations: readonly string[]) {
        ownChannel(id, organizations)
        w.run(`DELETE FROM "NotificationChannel" WHERE "id" = ?`, [id])
        return { id, deleted: true }
      },
      /** Queues a test message to the channel (delivered, retried and recorded as any other); returns its delivery. */
      test(id: string, organizations: readonly string[], by: string) {
        const row = ownChannel(id, organizations)
        const at = now()
        const deliveryId = newId('ntf', at)
        const message: Message = { title: `Test notification: ${row.name}`, text: `A test sent by ${by} from the execution console.`, path: '/notifications' }
        w.run(
          `INSERT INTO "NotificationDelivery" ("id", "channelId", "event", "subject", "message", "status", "attempts", "nextAttemptAt", "createdAt", "updatedAt") VALUES (?, ?, 'test', NULL, ?, 'pending', 0, ?, ?, ?)`,
          [deliveryId, id, sealJson(message), at, at, at],
        )
        wakeDelivery()
        return this.deliveries(id, organizations).find((d) => d.id === deliveryId)!
      },
      /** The channel's latest deliveries (pending, sent, failed), newest first. */
      deliveries(id: string, organizations: readonly string[]) {
        ownChannel(id, organizations)
        return w
          .all<{
            id: string
            channelId: string
            event: string
            message: string
            status: 'pending' | 'succeeded' | 'failed'
            attempts: number
            nextAttemptAt: number | null
            lastError: string | null
            createdAt: number
          }>(`SELECT * FROM "NotificationDelivery" WHERE "channelId" = ? ORDER BY "createdAt" DESC, "id" DESC LIMIT 100`, [id])
          .map((d) => {
            const message = open(JSON.parse(d.message)) as Message
            return {
              id: d.id,
              channelId: d.channelId,
              event: d.event,
              title: message.title,
              link: message.path,
              status: d.status,
              attempts: d.attempts,
              ...(d.nextAttemptAt !== null && d.status === 'pending' ? { nextAttemptAt: iso(d.nextAttemptAt) } : {}),
              ...(d.lastError ? { lastError: d.lastError } : {}),
              createdAt: iso(d.createdAt)!,
            }
          })
      },
    },

    /** The deliverer of this process: a test send is sent at once, not at its next poll. */
    onQueued(wake: () => void) {
      wakeDelivery = wake
    },
    /** Reviews coming due, told to channels and assignees (on a timer, beside supervision). */
    sweep: () => sweepReviewsDue(w, now()),
  }
}

export type NotificationService = ReturnType<typeof createNotificationService>
