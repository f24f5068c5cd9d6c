// The notification outbox and the notification centre, written inside the transaction of the
// change that causes them (an execution failing, an alert firing, a review coming due): a
// delivery row for every enabled channel of the organisations concerned that hears of the event,
// and a centre row for every user it concerns. The deliverer (delivery.ts) sends the rows after
// the COMMIT, at least once; nothing here makes a request.
import type { Writer } from '../db/writer'
import type { CommittedEvent } from '../events/bus'
import { alertPath, executionPath, REVIEW_DUE_WITHIN_MS, type CentreKind, type Message, type NotificationEvent } from '../domain/notifications'
import { sealJson } from '../security/crypto'

const marks = (values: readonly unknown[]) => (values.length ? values.map(() => '?').join(', ') : 'NULL')

/**
 * A delivery of `message` to every enabled channel of `organizations` that hears of `event`,
 * once a channel an event a subject (a second call for the same subject is ignored).
 */
export function queueForChannels(w: Writer, organizations: readonly (string | null)[], event: NotificationEvent, subject: string, message: Message, at: number): number {
  const orgs = organizations.filter((o): o is string => !!o)
  if (!orgs.length) return 0
  return Number(
    w.run(
      `INSERT OR IGNORE INTO "NotificationDelivery" ("id", "channelId", "event", "subject", "message", "status", "attempts", "nextAttemptAt", "createdAt", "updatedAt")
       SELECT 'ntf_' || lower(hex(randomblob(12))), c."id", ?, ?, ?, 'pending', 0, ?, ?, ?
       FROM "NotificationChannel" c
       WHERE c."organizationId" IN (${marks(orgs)}) AND c."enabled" = 1 AND EXISTS (SELECT 1 FROM json_each(c."events") e WHERE e.value = ?)`,
      [event, subject, sealJson(message), at, at, at, ...orgs, event],
    ).changes,
  )
}

/** A centre notification for each user `usersSql` selects (one column: the user's id), once a user a kind a subject. */
export function notifyUsers(
  w: Writer,
  users: { sql: string; params: unknown[] },
  n: { kind: CentreKind; title: string; body?: string; link: string; subjectId: string; organizationId: string | null },
  at: number,
): number {
  return Number(
    w.run(
      `INSERT OR IGNORE INTO "Notification" ("id", "userId", "organizationId", "kind", "title", "body", "link", "subjectId", "readAt", "createdAt")
       SELECT 'note_' || lower(hex(randomblob(12))), u."userId", ?, ?, ?, ?, ?, ?, NULL, ? FROM (${users.sql}) u`,
      [n.organizationId, n.kind, n.title, n.body ?? null, n.link, n.subjectId, at, ...users.params],
    ).changes,
  )
}

interface ExecutionFacts {
  id: string
  serviceId: string
  serviceName: string | null
  customerId: string | null
  providerId: string | null
}

/** Those who watch an execution and are still members of one of its organisations. */
const watchersOf = (x: ExecutionFacts) => ({
  sql: `SELECT DISTINCT wt."userId" AS "userId" FROM "ExecutionWatch" wt JOIN "Membership" m ON m."userId" = wt."userId" AND m."organizationId" IN (?, ?) WHERE wt."executionId" = ?`,
  params: [x.customerId, x.providerId, x.id],
})

const executionFacts = (w: Writer, id: string) =>
  w.get<ExecutionFacts>(
    `SELECT x."id", x."serviceId", s."name" AS "serviceName", x."customerId", x."providerId" FROM "Execution" x LEFT JOIN "Service" s ON s."id" = x."serviceId" WHERE x."id" = ?`,
    [id],
  )

/**
 * What a write-path change's events call for, in its transaction: the user who creates an
 * execution watches it; a failed execution, or one whose alert fired, is told to its
 * organisations' channels and to the users who watch it (those still members of one of its
 * organisations).
 */
export function notifyCommitted(w: Writer, at: Date, committed: readonly CommittedEvent[]) {
  for (const e of committed) {
    if (e.type === 'execution.created' && e.actorType === 'operator') {
      // Only a signed-in person watches (the console's own operator actors name no user).
      w.run(`INSERT OR IGNORE INTO "ExecutionWatch" ("executionId", "userId", "createdAt") SELECT ?, "id", ? FROM "User" WHERE "id" = ?`, [e.executionId, at.getTime(), e.actorId])
    } else if (e.type === 'execution.alert') {
      // A per-execution alert (seed 002's setAlert) fired: its organisations' channels hear of an
      // alert fired, and those who watch the execution are told in their centres.
      const x = executionFacts(w, e.executionId)
      const alert = e.data as { alertId: string; name?: string; message: string; value: number } | null
      if (!x || !alert) continue
      const title = `Alert fired on ${x.id}: ${alert.name ?? alert.message}`
      const ms = at.getTime()
      queueForChannels(
        w,
        [x.customerId, x.providerId],
        'alert.fired',
        alert.alertId,
        { title, text: alert.message, path: executionPath(x.id), fields: [{ label: 'Value', value: String(alert.value) }] },
        ms,
      )
      notifyUsers(
        w,
        watchersOf(x),
        { kind: 'alert.fired', title, body: alert.message, link: executionPath(x.id), subjectId: alert.alertId, organizationId: x.customerId ?? x.providerId },
        ms,
      )
    } else if (e.type === 'execution.failed') {
      const x = executionFacts(w, e.executionId)
      if (!x) continue
      const error = ((e.data as { error?: { code?: string; message?: string; step?: string } } | null)?.error ?? {}) as { code?: string; message?: string; step?: string }
      const service = x.serviceName ?? x.serviceId
      // The step by its name, as the execution's page shows it (its id when it has no row).
      const step = error.step
        ? (w.get<{ name: string }>(`SELECT "name" FROM "ExecutionStep" WHERE "executionId" = ? AND "stepId" = ?`, [x.id, error.step])?.name ?? error.step)
        : undefined
      const title = `Execution ${x.id} of ${service} failed${error.code ? ` (${error.code})` : ''}`
      const message: Message = {
        title,
        text: error.message ? `${error.code ?? 'Failed'}: ${error.message}` : `The execution failed${error.code ? ` with ${error.code}` : ''}.`,
        path: executionPath(x.id),
        fields: [{ label: 'Service', value: service }, ...(step ? [{ label: 'Step', value: step }] : []), { label: 'Execution', value: x.id }],
      }
      const ms = at.getTime()
      queueForChannels(w, [x.customerId, x.providerId], 'execution.failed', String(e.id), message, ms)
      notifyUsers(
        w,
        watchersOf(x),
        // (The error's message is sealed on its row; the centre keeps only its code.)
        {
          kind: 'execution.failed',
          title,
          body: step ? `Step ${step}` : undefined,
          link: executionPath(x.id),
          subjectId: String(e.id),
          organizationId: x.customerId ?? x.providerId,
        },
        ms,
      )
    }
  }
}

/** An organisation's alert fired or resolved: its channels hear of it; when it fires, its members' centres too. */
export function notifyAlert(
  w: Writer,
  alert: { id: string; organizationId: string | null; rule: string; message: string; value: number },
  event: 'alert.fired' | 'alert.resolved',
  at: number,
) {
  const fired = event === 'alert.fired'
  const title = `${fired ? 'Alert fired' : 'Alert resolved'}: ${alert.rule}`
  queueForChannels(
    w,
    [alert.organizationId],
    event,
    alert.id,
    { title, text: alert.message, path: alertPath(alert.id), fields: [{ label: 'Value', value: String(alert.value) }] },
    at,
  )
  if (fired && alert.organizationId) {
    notifyUsers(
      w,
      { sql: `SELECT "userId" FROM "Membership" WHERE "organizationId" = ?`, params: [alert.organizationId] },
      { kind: 'alert.fired', title, body: alert.message, link: alertPath(alert.id), subjectId: alert.id, organizationId: alert.organizationId },
      at,
    )
  }
}

/** The awaiting-person index's condition (services/inbox.ts), written as it is so SQLite uses it. */
const AWAITING = `s."status" = 'running' AND (s."type" = 'human' OR s."assigneeType" = 'human')`

/**
 * Reviews coming due: every human step waiting on a person whose due time is within
 * REVIEW_DUE_WITHIN_MS (or past, up to a week), told once to its organisations' channels and to
 * the users it is assigned to — the person named (by id or email) or, for a team, the operators
 * and admins of the organisation it names. Returns how many steps it looked at.
 */
export function sweepReviewsDue(w: Writer, now: number): number {
  const steps = w.all<{ id: string; stepId: string; name: string; dueAt: number; assigneeId: string | null; assigneeName: string | null; executionId: string }>(
    `SELECT s."id", s."stepId", s."name", s."dueAt", s."assignee" ->> 'id' AS "assigneeId", s."assignee" ->> 'name' AS "assigneeName", s."executionId"
     FROM "ExecutionStep" s WHERE ${AWAITING} AND s."dueAt" <= ? AND s."dueAt" >= ? LIMIT 500`,
    [now + REVIEW_DUE_WITHIN_MS, now - 7 * 86_400_000],
  )
  if (!steps.length) return 0
  w.transaction(() => {
    for (const s of steps) {
      const x = executionFacts(w, s.executionId)
      if (!x) continue
      const overdue = s.dueAt <= now
      const minutes = Math.max(1, Math.round(Math.abs(s.dueAt - now) / 60_000))
      const when = overdue ? `overdue by ${minutes} min` : `due in ${minutes} min`
      const title = `Review ${overdue ? 'overdue' : 'due'}: ${s.name} of ${x.serviceName ?? x.serviceId}`
      const path = `${executionPath(x.id)}?step=${encodeURIComponent(s.stepId)}`
      queueForChannels(
        w,
        [x.customerId, x.providerId],
        'review.due',
        s.id,
        {
          title,
          text: `Step ${s.name} waits on ${s.assigneeName ?? s.assigneeId ?? 'a reviewer'}, ${when}.`,
          path,
          fields: [
            { label: 'Due', value: new Date(s.dueAt).toISOString() },
            { label: 'Execution', value: x.id },
          ],
        },
        now,
      )
      if (!s.assigneeId && !s.assigneeName) continue
      notifyUsers(
        w,
        {
          // The person named, if a member of one of the execution's organisations; or the
          // operators and admins of the organisation (the team) named.
          sql: `SELECT DISTINCT u."id" AS "userId" FROM "User" u JOIN "Membership" m ON m."userId" = u."id" AND m."organizationId" IN (?, ?)
                WHERE u."id" = ? OR lower(u."email") = lower(?) OR (m."organizationId" = ? AND coalesce(m."role", u."role") IN ('operator', 'admin'))`,
          params: [x.customerId, x.providerId, s.assigneeId, s.assigneeId ?? s.assigneeName, s.assigneeId],
        },
        { kind: 'review.due', title, body: `${s.name}: ${when}`, link: path, subjectId: s.id, organizationId: x.customerId ?? x.providerId },
        now,
      )
    }
  })
  return steps.length
}
