// Group commit: changes asked for in the same turn of the event loop commit together in one
// transaction (a refusal rolls back only itself: see flush), their events appended in the same
// transaction with the webhook and notification outboxes and the audit trail, and published on the bus only after
// the COMMIT. Many concurrent executions then cost one disk write, not one each (docs/why.md).
import { metrics } from '../../ops/metrics'
import type { Writer } from '../../db/writer'
import type { CommittedEvent, EventBus } from '../../events/bus'
import type { Actor } from '../../domain/actor'
import { WEBHOOK_EVENTS } from '../../domain/schemas'
import { appendAudit } from '../../auth/audit'
import { notifyCommitted } from '../../notifications/outbox'
import { sealEventData } from '../../security/crypto'
import { toServiceError } from '../errors'
import { makesWorkDue, NOTIFY_QUEUE_SQL } from '../../db/postgres/notify'
import type { EventToAppend } from './tx'

/** Who the scheduler's statements (leases, wake-ups) are by: they append no events. */
const SCHEDULER: Actor = { type: 'system', id: 'scheduler' }

/** Events that are telemetry, not changes an auditor asks about. */
const UNAUDITED_EVENTS: ReadonlySet<string> = new Set(['execution.log', 'execution.progress', 'execution.metrics', 'execution.checkpoint'])
const WEBHOOK_EVENT_SET: ReadonlySet<string> = new Set(WEBHOOK_EVENTS)

/** The events of one change, by whom and when (all its events get its time). */
type Appended = { events: EventToAppend[]; actor: Actor; at: Date; executionId?: string; version?: number }
/** A change run inside the transaction: its answer and the events it appends. */
type Ran = { value: unknown } & Appended
interface Job {
  run: () => Ran
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
}

const insertEventsSqlByCount: string[] = []
/** The INSERT of n events (made once for each n). */
function insertEventsSql(n: number): string {
  return (insertEventsSqlByCount[n] ??=
    `INSERT INTO "ExecutionEvent" ("executionId", "type", "stepId", "status", "data", "actorType", "actorId", "createdAt") VALUES ${Array(n).fill('(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`)
}

export function createCommitter(w: Writer, bus: EventBus, now: () => Date) {
  let queue: Job[] = []
  let scheduled = false

  // Whether any enabled webhook exists, looked up once a transaction (most databases have none,
  // and then no change needs its own look); a webhook written in the transaction sets it.
  let anyWebhook: boolean | undefined
  const webhooksExist = () => (anyWebhook ??= w.get('SELECT 1 AS hit FROM "Webhook" WHERE "enabled" = 1 LIMIT 1') !== undefined)
  const transaction = <T>(fn: () => T): T =>
    w.transaction(() => {
      anyWebhook = undefined
      return fn()
    })

  /**
   * Appends the events of one or more changes — in one statement for the lot, as a shared
   * transaction's changes all finish — and returns each change's events with their ids; then the
   * webhook deliveries and audit entries those events call for.
   */
  function appendEvents(changes: readonly Appended[]): CommittedEvent[][] {
    const committed = changes.map((): CommittedEvent[] => [])
    const rows: { change: number; event: EventToAppend }[] = []
    changes.forEach((c, i) => {
      for (const event of c.events) rows.push({ change: i, event })
    })
    // 1,000 rows a statement: SQLite binds at most 32,766 values.
    for (let from = 0; from < rows.length; from += 1_000) {
      const chunk = rows.slice(from, from + 1_000)
      const params: unknown[] = []
      for (const { change, event: e } of chunk) {
        const { actor, at, executionId } = changes[change]!
        const by = e.by ?? actor
        params.push(
          e.executionId ?? executionId,
          e.type,
          e.stepId ?? null,
          e.status ?? null,
          e.data === undefined ? null : JSON.stringify(sealEventData(e.data)),
          by.type,
          by.id,
          at.getTime(),
        )
      }
      // Inside the write transaction: AUTOINCREMENT gives one statement's rows consecutive ids.
      const firstId = Number(w.run(insertEventsSql(chunk.length), params).lastInsertRowid) - chunk.length + 1
      chunk.forEach(({ change, event: e }, i) => {
        const { actor, at, executionId, version } = changes[change]!
        const of = (e.executionId ?? executionId)!
        committed[change]!.push({
          id: firstId + i,
          executionId: of,
          type: e.type,
          stepId: e.stepId ?? null,
          actorType: (e.by ?? actor).type,
          actorId: (e.by ?? actor).id,
          status: e.status ?? null,
          data: e.data ?? null,
          createdAt: at,
          ...(version !== undefined && of === executionId ? { version } : {}),
        })
      })
    }
    changes.forEach(({ actor, at }, i) => {
      queueDeliveries(w, webhooksExist, at, committed[i]!)
      notifyCommitted(w, at, committed[i]!)
      if (actor.source) audit(w, actor, at, committed[i]!)
    })
    // PostgreSQL: every node's scheduler hears at COMMIT that work is due (db/postgres/notify.ts).
    if (w.dialect === 'postgres' && committed.some((events) => events.some(makesWorkDue))) w.get(NOTIFY_QUEUE_SQL)
    return committed
  }

  /** Runs a job with its events appended (alone: in a savepoint, or a lone change). */
  const runWithEvents = (job: Job) => {
    const ran = job.run()
    return { value: ran.value, committed: appendEvents([ran])[0]! }
  }

  function flush() {
    scheduled = false
    const batch = queue
    queue = []
    metrics().commitBatchSize.observe(batch.length)
    // A lone change needs no savepoint: a refusal throws out of the transaction and rolls it back.
    if (batch.length === 1) {
      const job = batch[0]!
      let outcome: { value: unknown; committed: CommittedEvent[] }
      try {
        outcome = transaction(() => runWithEvents(job))
      } catch (error) {
        job.reject(toServiceError(error))
        return
      }
      bus.publish(outcome.committed)
      job.resolve(outcome.value)
      return
    }
    let outcomes: ({ ok: true; value: unknown; committed: CommittedEvent[] } | { ok: false; error: unknown })[]
    try {
      // Refusals are rare: first all together without savepoints (two statements fewer a change),
      // and the events of all in one statement at the end.
      outcomes = transaction(() => {
        const ran = batch.map((job) => job.run())
        const committed = appendEvents(ran)
        return ran.map((r, i) => ({ ok: true as const, value: r.value, committed: committed[i]! }))
      })
    } catch {
      // One was refused and took the batch's writes with it: again, each in a savepoint of its own.
      // (A change is a function of the database and the clock, so running it again is safe.)
      try {
        outcomes = transaction(() =>
          batch.map((job) => {
            try {
              return { ok: true as const, ...w.savepoint(() => runWithEvents(job)) }
            } catch (error) {
              return { ok: false as const, error }
            }
          }),
        )
      } catch (error) {
        for (const job of batch) job.reject(toServiceError(error))
        return
      }
    }
    batch.forEach((job, i) => {
      const outcome = outcomes[i]!
      if (outcome.ok) {
        bus.publish(outcome.committed)
        job.resolve(outcome.value)
      } else job.reject(toServiceError(outcome.error))
    })
  }

  function enqueue<T>(run: () => { value: T } & Appended): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      queue.push({ run, resolve: resolve as (v: unknown) => void, reject })
      if (!scheduled) {
        scheduled = true
        setImmediate(flush)
      }
    })
  }

  return {
    /** Runs fn in the next shared transaction, appends its events, publishes them after the commit. */
    write<T>(actor: Actor, fn: (at: Date) => { value: T; events: EventToAppend[]; executionId?: string; version?: number }): Promise<T> {
      return enqueue(() => {
        const at = now()
        return { ...fn(at), actor, at }
      })
    },
    /** A statement of the scheduler's (lease, wake-up) or a read: no events, same commit. */
    schedule: <T>(fn: () => T): Promise<T> => enqueue(() => ({ value: fn(), events: [], actor: SCHEDULER, at: now() })),
    /** A webhook was written in the running transaction: its events' deliveries must be looked for. */
    webhookWritten: () => {
      anyWebhook = true
    },
  }
}

export type Committer = ReturnType<typeof createCommitter>

/**
 * The webhook outbox: a delivery row for every webhook (of the execution or its service)
 * that subscribed to one of these events, written in the same transaction as the events.
 */
function queueDeliveries(w: Writer, webhooksExist: () => boolean, at: Date, committed: CommittedEvent[]) {
  const eligible = committed.filter((e) => WEBHOOK_EVENT_SET.has(e.type))
  if (!eligible.length) return
  const executionId = eligible[0]!.executionId
  if (!webhooksExist()) return
  // Most executions have no webhooks: one indexed look-up decides whether to go on.
  const subscribed = w.get(
    `SELECT 1 AS hit FROM "Webhook" WHERE "enabled" = 1 AND ("executionId" = ? OR "serviceId" = (SELECT "serviceId" FROM "Execution" WHERE "id" = ?)) LIMIT 1`,
    [executionId, executionId],
  )
  if (!subscribed) return
  const ms = at.getTime()
  w.run(
    `INSERT INTO "WebhookDelivery" ("id", "webhookId", "eventId", "status", "attempts", "nextAttemptAt", "createdAt", "updatedAt")
     SELECT 'msg_' || lower(hex(randomblob(12))), w."id", CAST(e.value->>0 AS INTEGER), 'pending', 0, ?, ?, ?
     FROM "Webhook" w JOIN json_each(?) e
     JOIN "Execution" x ON x."id" = ?
     WHERE w."enabled" = 1
       AND (w."executionId" = x."id" OR w."serviceId" = x."serviceId")
       AND (w."organizationId" IS NULL OR w."organizationId" IN (x."customerId", x."providerId"))
       AND EXISTS (SELECT 1 FROM json_each(w."events") x WHERE x.value = e.value->>1)`,
    [ms, ms, ms, JSON.stringify(eligible.map((e) => [e.id, e.type])), executionId],
  )
}

/** A request's change goes to the audit trail in its own transaction: who, from where, what. */
function audit(w: Writer, actor: Actor, at: Date, committed: CommittedEvent[]) {
  const { name, ip, userAgent } = actor.source!
  for (const e of committed) {
    if (UNAUDITED_EVENTS.has(e.type) || e.actorId !== actor.id) continue // (the engine's part of a request's change)
    appendAudit(w, at, { type: actor.type, id: actor.id, name, ip, userAgent }, e.type, e.executionId, { eventId: e.id, status: e.status, stepId: e.stepId })
  }
}
