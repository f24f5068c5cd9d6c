// The one write path. Every change of an execution — from tRPC, REST, the engine or the demo
// workload — goes through these functions. Each runs in one synchronous SQLite transaction:
// read the row, check the expected version and the lifecycle, write, append events. Events
// are published to the bus only after the commit.
import type { Execution as ExecutionRow, ExecutionStep as StepRow } from '@/generated/prisma/client'
import type { Writer } from '../db/writer'
import { fromSql } from '../db/rows'
import { placeholders } from './execution-sql'
import { createTableWriter, increment, type Fields } from './execution-tables'
import type { CommittedEvent, EventBus } from '../events/bus'
import { isRecoverableByDefault } from '../domain/errors'
import { failureFingerprint } from '../domain/failures'
import type { ExecutionState, ServiceExecution } from '../domain/execution'
import { canSee, type Owners } from '../domain/access'
import { appendAudit } from '../auth/audit'
import { plannedRetry, retryMessage, type RetryPolicy } from '../domain/retry'
import { runnerOf, type RunnerDirectory } from '../domain/runner'
import {
  assertDataOperation,
  assertExpectedStatus,
  isStepFinished,
  operationForTarget,
  planOperation,
  type DataOperation,
  type ExecutionStatus,
  type LifecycleOperation,
  type StepStatus,
} from '../domain/lifecycle'
import { WEBHOOK_EVENTS, type CreateExecutionInput, type LogInput, type MetricsReport, type UpdateExecutionInput } from '../domain/schemas'
import type { z } from 'zod'
import type { checkpointInputSchema, completeStepSchema, errorInputSchema, resultSchema, startStepSchema } from '../domain/schemas'
import { badRequest, conflict, notFound, ServiceError, toServiceError } from './errors'
import { newId, newWebhookSecret, uuidv7 } from './ids'
import { isPrivateHost } from '../domain/network'
import { serializeExecution } from './serialize'
import { beatWorker } from './workers'
import type { Actor } from '../domain/actor'
import { blindIndex } from '../security/blind-index'
import { mergedMetadata, open, seal, sealEach, sealError, sealEventData, sealJson, sealValue } from '../security/crypto'

/** (Kept for callers that import it from here; it lives in the domain.) */
export type { Actor } from '../domain/actor'

/** Who the scheduler's statements (leases, wake-ups) are by: they append no events. */
const SCHEDULER: Actor = { type: 'system', id: 'scheduler' }
/** Supervision's changes (timeouts, automatic retries, stall flags, interval checkpoints). */
export const SUPERVISOR: Actor = { type: 'system', id: 'supervisor' }

/** Events that are telemetry, not changes an auditor asks about. */
const UNAUDITED_EVENTS: ReadonlySet<string> = new Set(['execution.log', 'execution.progress', 'execution.metrics', 'execution.checkpoint'])

export interface ServiceDeps {
  writer: Writer
  bus: EventBus
  /** Webhooks to loopback or private addresses are refused unless allowed (tests, local development). */
  allowPrivateWebhooks?: boolean
  /** Injectable clock for deterministic tests. */
  now?: () => Date
  /** What the engine workers run now: answers name each execution's runner when given. */
  runners?: () => RunnerDirectory
  /** Jitter of automatic retries (injectable for tests). */
  random?: () => number
}

/** What an operator's lifecycle action may carry: strict version, or the status they saw. */
export interface Precondition {
  expectedVersion?: number
  expectedStatus?: readonly ExecutionStatus[]
}

/** An event to append; `by` when someone other than the change's actor did it (the engine starting a run it was asked for). */
type NewEvent = { type: string; stepId?: string; status?: string; data?: unknown; by?: Actor }
/** An event a change appends: of the change's execution unless it names another. */
type EventToAppend = NewEvent & { executionId?: string }
/** The events of one change, by whom and when (all its events get its time). */
type Appended = { events: EventToAppend[]; actor: Actor; at: Date; executionId?: string }
/** Column → new value; `{ increment }` adds to the stored number. */
type Change = {
  data?: Fields
  events: NewEvent[]
  /** Telemetry (progress, metrics, logs) leaves the version alone so operators' expectedVersion stays valid. */
  bumpVersion?: boolean
}
type ErrorInput = z.infer<typeof errorInputSchema>
type ResultInput = z.infer<typeof resultSchema>

/** An ended or waiting execution holds no worker's lease. */
const NO_LEASE = { leaseOwner: null, leaseExpiresAt: null }
type Lease = { workerId: string; leaseMs: number }

const WEBHOOK_EVENT_SET: ReadonlySet<string> = new Set(WEBHOOK_EVENTS)

/** What starting, completing and advancing a step read of it: not its input, assignee or error. */
const STEP_STATE_COLUMNS = '"id", "stepId", "status", "name", "startedAt", "dependsOn", "attempt", "retries", "output", "metadata"'
type StepState = Pick<StepRow, 'id' | 'stepId' | 'status' | 'name' | 'startedAt' | 'dependsOn' | 'attempt' | 'retries' | 'output' | 'metadata'>

/** A step boundary as the engine asks for it (see advanceStep). */
interface BoundaryInput {
  output: unknown
  startNext: readonly string[]
  finish: (outputs: Record<string, { outputData: unknown }>) => ResultInput
  /** Outputs the caller holds as its handlers returned them: not opened again for the result. */
  known?: ReadonlyMap<string, unknown>
}

/** An execution as its create wrote it. */
interface Created {
  row: ExecutionRow
  steps: StepRow[]
  tags: string[]
}

/** What every change reads of an execution: who owns it, its version and status. */
type ChangeableRow = Pick<ExecutionRow, 'id' | 'status' | 'version' | 'customerId' | 'providerId' | 'stalledAt'>
/** What a step boundary reads (see STEP_CHANGE_COLUMNS). */
type StepChangeRow = ChangeableRow & Pick<ExecutionRow, 'startedAt' | 'stepsTotal' | 'stepsCompleted' | 'progress' | 'stepDurations' | 'context' | 'errorRate'>

/** An execution the request may read but, by its role in the execution's organisations, not change. */
const readOnly = (id: string) => new ServiceError('FORBIDDEN', `your role in the organisations of execution ${id} lets you read it, not change it`)

const KEEP_CHECKPOINTS = 20
const MAX_RESULTS_IN_CHECKPOINT = 200
const DEFAULT_CUSTOMER = { id: 'org-self-serve', name: 'Self-serve customers' }

const ms = (from: Date | null, to: Date) => (from ? Math.max(0, to.getTime() - from.getTime()) : null)

const insertEventsSqlByCount: string[] = []
/** The INSERT of n events (made once for each n). */
function insertEventsSql(n: number): string {
  return (insertEventsSqlByCount[n] ??=
    `INSERT INTO "ExecutionEvent" ("executionId", "type", "stepId", "status", "data", "actorType", "actorId", "createdAt") VALUES ${Array(n).fill('(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`)
}

export function createExecutionService(deps: ServiceDeps) {
  const { writer: w, bus } = deps
  const now = deps.now ?? (() => new Date())
  const random = deps.random ?? Math.random
  /** Who runs the execution and what it waits for, when the service knows the engine workers. */
  const runnerFor = (row: ExecutionRow) => (deps.runners ? runnerOf(row, deps.runners(), now().getTime()) : undefined)

  // ---- SQL helpers (inside a transaction) ---------------------------------------------------

  const loadExecution = (id: string) => {
    const raw = w.get<Record<string, unknown>>('SELECT * FROM "Execution" WHERE "id" = ?', [id])
    return raw ? fromSql<ExecutionRow>('Execution', raw) : null
  }
  /** One step as changes read it (STEP_STATE_COLUMNS). */
  const loadStep = (executionId: string, stepId: string) => {
    const raw = w.get<Record<string, unknown>>(`SELECT ${STEP_STATE_COLUMNS} FROM "ExecutionStep" WHERE "executionId" = ? AND "stepId" = ?`, [executionId, stepId])
    return raw ? fromSql<StepState>('ExecutionStep', raw) : null
  }
  /** The execution as the API shows it (no steps: those are read where they are shown). */
  const snapshot = (row: ExecutionRow): ServiceExecution => {
    const tags = w.all<{ tag: string }>('SELECT "tag" FROM "ExecutionTag" WHERE "executionId" = ? ORDER BY "tag"', [row.id])
    return serializeExecution(row, { tags, runner: runnerFor(row) })
  }
  const { setClause, updateStep, insert, insertRows } = createTableWriter(w)

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
        const { actor, at, executionId } = changes[change]!
        committed[change]!.push({
          id: firstId + i,
          executionId: (e.executionId ?? executionId)!,
          type: e.type,
          stepId: e.stepId ?? null,
          actorType: (e.by ?? actor).type,
          actorId: (e.by ?? actor).id,
          status: e.status ?? null,
          data: e.data ?? null,
          createdAt: at,
        })
      })
    }
    changes.forEach(({ actor, at }, i) => {
      queueDeliveries(at, committed[i]!)
      if (actor.source) audit(actor, at, committed[i]!)
    })
    return committed
  }

  // ---- group commit ---------------------------------------------------------------------
  // Changes asked for in the same turn of the event loop commit together: all share one COMMIT
  // (a refusal rolls back only itself: see flush), and every caller hears back only after that
  // commit. Many concurrent executions then cost one disk write, not one each.

  interface Job {
    run: () => Ran
    resolve: (value: unknown) => void
    reject: (error: unknown) => void
  }
  /** A change run inside the transaction: its answer and the events it appends. */
  type Ran = { value: unknown } & Appended
  /** Runs a job with its events appended (alone: in a savepoint, or a lone change). */
  const runWithEvents = (job: Job) => {
    const ran = job.run()
    return { value: ran.value, committed: appendEvents([ran])[0]! }
  }
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

  function flush() {
    scheduled = false
    const batch = queue
    queue = []
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

  /**
   * The webhook outbox: a delivery row for every webhook (of the execution or its service)
   * that subscribed to one of these events, written in the same transaction as the events.
   */
  function queueDeliveries(at: Date, committed: CommittedEvent[]) {
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
       SELECT 'msg_' || lower(hex(randomblob(12))), w."id", e.value->>0, 'pending', 0, ?, ?, ?
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
  function audit(actor: Actor, at: Date, committed: CommittedEvent[]) {
    const { name, ip, userAgent } = actor.source!
    for (const e of committed) {
      if (UNAUDITED_EVENTS.has(e.type) || e.actorId !== actor.id) continue // (the engine's part of a request's change)
      appendAudit(w, at, { type: actor.type, id: actor.id, name, ip, userAgent }, e.type, e.executionId, { eventId: e.id, status: e.status, stepId: e.stepId })
    }
  }

  /** Runs fn in a transaction (shared, see above), appends its events, publishes them after the commit. */
  function write<T>(actor: Actor, fn: (at: Date) => { value: T; events: EventToAppend[]; executionId?: string }): Promise<T> {
    return enqueue(() => {
      const at = now()
      return { ...fn(at), actor, at }
    })
  }

  /** A statement of the scheduler's (lease, wake-up): no events, same commit. */
  const schedule = <T>(fn: () => T): Promise<T> => enqueue(() => ({ value: fn(), events: [], actor: SCHEDULER, at: now() }))

  /**
   * Changes one execution: version check, the change itself, the guarded update, the events.
   * `answer` turns the updated row into what the caller gets back.
   */
  function apply<R>(
    executionId: string,
    actor: Actor,
    expectedVersion: number | undefined,
    fn: (row: ExecutionRow, at: Date) => Change,
    answer: (updated: ExecutionRow) => R,
    /** False when `answer` ignores the updated row: it is then not read back. */
    needsRow = true,
  ): Promise<R> {
    return applyTo(loadExecution, executionId, actor, expectedVersion, fn, needsRow, (updated, row) => answer(updated ? fromSql<ExecutionRow>('Execution', updated) : row))
  }

  /** The columns of an execution a step boundary reads (a third of the row, its cheap third). */
  const STEP_CHANGE_COLUMNS =
    '"id", "status", "version", "customerId", "providerId", "stalledAt", "startedAt", "stepsTotal", "stepsCompleted", "progress", "stepDurations", "context", "errorRate"'
  const loadForStepChange = (id: string) => {
    const raw = w.get<Record<string, unknown>>(`SELECT ${STEP_CHANGE_COLUMNS} FROM "Execution" WHERE "id" = ?`, [id])
    return raw ? fromSql<StepChangeRow>('Execution', raw) : null
  }

  /** apply's work on a row as `load` reads it; with `returning`, the update reads the row back for `answer`. */
  function applyTo<Row extends ChangeableRow, R>(
    load: (id: string) => Row | null,
    executionId: string,
    actor: Actor,
    expectedVersion: number | undefined,
    fn: (row: Row, at: Date) => Change,
    returning: boolean,
    answer: (updated: Record<string, unknown> | undefined, row: Row) => R,
  ): Promise<R> {
    return write(actor, (at) => {
      const row = load(executionId)
      if (!row || !canSee(actor.organizations, row)) throw row && actor.readable && canSee(actor.readable, row) ? readOnly(executionId) : notFound('execution', executionId)
      if (expectedVersion !== undefined && expectedVersion !== row.version) {
        throw conflict(`stale version: expected ${expectedVersion} but execution ${executionId} is at version ${row.version} (status ${row.status}); reload and try again`)
      }
      const { data, events, bumpVersion = true } = fn(row, at)
      // A change by whoever runs or steers the execution is a report: it ends a silence.
      // Supervision's own changes (a stall flag, an interval checkpoint) are not, and the engine's
      // need not be: silence is watched in the executions the engine does not run (and its step
      // boundaries, the hottest writes there are, stay a column lighter).
      const reports = actor.type !== 'system' && actor.type !== 'engine'
      if (reports && row.stalledAt) events.unshift({ type: 'execution.stall_cleared', data: { stalledAt: row.stalledAt.toISOString() } })
      const set = setClause({
        ...data,
        updatedAt: at,
        ...(bumpVersion ? { version: row.version + 1 } : {}),
        ...(reports ? { reportedAt: at, ...(row.stalledAt ? { stalledAt: null } : {}) } : {}),
      })
      const sql = `UPDATE "Execution" SET ${set.sql} WHERE "id" = ? AND "version" = ?`
      const params = [...set.params, executionId, row.version]
      // (Without RETURNING, SQLite keeps no result table for the update.)
      const updated = returning ? w.get<Record<string, unknown>>(`${sql} RETURNING *`, params) : undefined
      if (returning ? !updated : w.run(sql, params).changes !== 1) throw conflict(`execution ${executionId} changed while this change was made; try again`)
      return { value: answer(updated, row), events, executionId }
    })
  }

  /** A change answered with the execution as the API shows it. */
  const change = (executionId: string, actor: Actor, expectedVersion: number | undefined, fn: (row: ExecutionRow, at: Date) => Change) =>
    apply(executionId, actor, expectedVersion, fn, snapshot)

  /**
   * A lifecycle operation as an operator or API caller asks for it: it lands whenever the
   * lifecycle allows it from the current status, however busy the execution is; refused only
   * when the status the caller says it saw moved on, or the version when a caller asks for that.
   */
  const lifecycle = (operation: LifecycleOperation, executionId: string, actor: Actor, input: Precondition, fn: (row: ExecutionRow, at: Date) => Change) =>
    change(executionId, actor, input.expectedVersion, (row, at) => {
      assertExpectedStatus(operation, input.expectedStatus, row.status as ExecutionStatus)
      return fn(row, at)
    })

  // ---- lifecycle ----------------------------------------------------------------------

  /**
   * Whether a retry waits in `retry` for the execution's runner rather than going on to running:
   * always for an engine workflow (the engine starts it), and for an outside service's when an
   * operator asks (the service, not the console, runs it again).
   */
  const handedToRunner = (row: Pick<ExecutionRow, 'workflowDefinitionId'>, actor: Actor) => row.workflowDefinitionId !== null || actor.type === 'operator'

  function startChange(row: ExecutionRow, at: Date, operation: LifecycleOperation = 'start', lease?: Lease): Change {
    const path = planOperation(operation, row.status as ExecutionStatus)
    // A workflow's execution started from outside the engine is handed to the engine: it waits in
    // `starting` (ahead of the queue) until a worker for its workflow begins it. Shown as running
    // before that, it would look run when no one may run it.
    if (!lease && row.workflowDefinitionId !== null) {
      if (row.status === 'starting') {
        throw conflict(`cannot start: execution ${row.id} is already starting; an engine worker for ${row.workflowDefinitionId} begins it when one is free`)
      }
      return {
        data: { status: 'starting', nextRunAt: null, completedAt: null, durationMs: null },
        events: [{ type: 'execution.started', status: 'starting', data: { from: row.status, path: ['starting'], handedTo: 'engine' } }],
      }
    }
    return {
      data: {
        status: 'running',
        startedAt: row.startedAt ?? at,
        completedAt: null,
        durationMs: null,
        nextRunAt: null,
        ...(lease ? { leaseOwner: lease.workerId, leaseExpiresAt: new Date(at.getTime() + lease.leaseMs) } : {}),
      },
      events: [{ type: 'execution.started', status: 'running', data: { from: row.status, path } }],
    }
  }

  function pauseChange(row: ExecutionRow, at: Date): Change {
    planOperation('pause', row.status as ExecutionStatus)
    const checkpointId = writeCheckpoint(row, at, { reason: 'pause' })
    return {
      data: { status: 'paused', pausedAt: at },
      events: [{ type: 'execution.paused', status: 'paused', data: { checkpointId } }],
    }
  }

  function resumeChange(row: ExecutionRow, at: Date): Change {
    planOperation('resume', row.status as ExecutionStatus)
    const checkpoint = w.get<{ id: string }>('SELECT "id" FROM "ExecutionCheckpoint" WHERE "executionId" = ? ORDER BY "createdAt" DESC, "id" DESC LIMIT 1', [row.id])
    const pausedFor = ms(row.pausedAt, at) ?? 0
    return {
      data: { status: 'running', pausedAt: null, pausedMs: row.pausedMs + pausedFor, nextRunAt: null },
      events: [{ type: 'execution.resumed', status: 'running', data: { checkpointId: checkpoint?.id, pausedFor } }],
    }
  }

  function completeChange(
    row: Pick<ExecutionRow, 'id' | 'status' | 'errorRate' | 'startedAt' | 'stepsCompleted' | 'stepsTotal'>,
    at: Date,
    result: ResultInput,
    /** The steps' attempts, when the caller has just read them. */
    known?: { attempts: number; steps: number },
  ): Change {
    planOperation('complete', row.status as ExecutionStatus)
    // Seed 002's error rate: the share of step attempts that failed, unless a worker reported one.
    const attempts =
      known ??
      w.get<{ attempts: number | null; steps: number }>('SELECT sum("attempt") AS attempts, count(*) AS steps FROM "ExecutionStep" WHERE "executionId" = ? AND "attempt" > 0', [
        row.id,
      ])!
    const errorRate = row.errorRate ?? (attempts.attempts ? Math.round((1 - attempts.steps / attempts.attempts) * 10000) / 10000 : undefined)
    return {
      data: {
        errorRate,
        status: 'completed',
        result: sealJson(result),
        progress: 100,
        completedAt: at,
        durationMs: ms(row.startedAt, at),
        stepsCompleted: Math.max(row.stepsCompleted, row.stepsTotal),
        errorCode: null,
        errorMessage: null,
        errorTokens: null,
        errorStep: null,
        errorFingerprint: null,
        errorRecoverable: null,
        errorStack: null,
        errorContext: null,
        errorAt: null,
        nextRunAt: null,
        ...NO_LEASE,
      },
      events: [{ type: 'execution.completed', status: 'completed', data: { success: result.success, summary: result.summary } }],
    }
  }

  function failChange(row: ExecutionRow, at: Date, given: ErrorInput): Change {
    planOperation('fail', row.status as ExecutionStatus)
    const recoverable = given.recoverable ?? isRecoverableByDefault(given.code)
    const retryCount = given.retryCount ?? row.retries
    // Steps still running cannot go on once the execution has failed: they fail with it, and a
    // retry asks them again. (A failure that names no step is of the step that was running.)
    const running = w.all<{ id: string; stepId: string; name: string; startedAt: number | null }>(
      `SELECT "id", "stepId", "name", "startedAt" FROM "ExecutionStep" WHERE "executionId" = ? AND +"status" = 'running'`,
      [row.id],
    )
    const error = given.step || running.length !== 1 ? given : { ...given, step: running[0]!.stepId }
    const stepEvents: NewEvent[] = running.map((step) => {
      const stepError = { ...error, step: step.stepId, recoverable, retryCount, timestamp: error.timestamp ?? at.toISOString() }
      updateStep(step.id, {
        status: 'failed',
        failedAt: at,
        durationMs: step.startedAt === null ? null : Math.max(0, at.getTime() - step.startedAt),
        errorCode: error.code,
        errorMessage: seal(error.message),
        error: sealError(stepError),
        updatedAt: at,
      })
      return { type: 'execution.step.failed', stepId: step.stepId, data: { name: step.name, error: stepError } }
    })
    // An outside service's execution is retried by the console's supervision when its policy
    // covers the error: due after the backoff, when it moves to `retry` and the service hears of
    // it. (The engine retries its own executions itself.) The budget counts the retries it has
    // had, whatever retryCount a caller sends.
    const retry =
      row.workflowDefinitionId === null
        ? plannedRetry(
            {
              status: 'failed',
              error: { code: error.code, recoverable, retryCount: Math.max(retryCount, row.retries) },
              retryPolicy: row.retryPolicy as RetryPolicy | null,
              retries: row.retries,
            },
            random,
          )
        : null
    const retryAt = retry ? new Date(at.getTime() + retry.delay) : null
    const events: NewEvent[] = [
      ...stepEvents,
      {
        type: 'execution.failed',
        status: 'failed',
        stepId: error.step,
        data: {
          error: { ...error, recoverable, retryCount },
          ...(retry ? { retry: { attempt: retry.attempt, maxRetries: retry.maxRetries, delay: retry.delay, at: retryAt!.toISOString() } } : {}),
        },
      },
    ]
    if (retry) events.push(appendLogLines(row.id, at, [{ level: 'warn', step: error.step, message: retryMessage(retry) }]).event)
    return {
      data: {
        status: 'failed',
        errorCode: error.code,
        // Sealed at rest; a list search finds it by its words' blind index (security/blind-index.ts).
        errorMessage: seal(error.message),
        errorTokens: blindIndex(error.message),
        errorStep: error.step ?? null,
        errorFingerprint: failureFingerprint(error.code, error.step, error.message),
        errorRecoverable: recoverable,
        errorRetryCount: retryCount,
        errorStack: seal(error.stack ?? null),
        errorContext: sealJson(error.context),
        errorAt: error.timestamp ? new Date(error.timestamp) : at,
        completedAt: at,
        durationMs: ms(row.startedAt, at),
        nextRunAt: retryAt,
        ...NO_LEASE,
      },
      events,
    }
  }

  function retryChange(row: ExecutionRow, at: Date, deferred: boolean, runAt?: Date, automatic = false): Change {
    const path = planOperation('retry', row.status as ExecutionStatus)
    // Failed steps are asked again; completed ones keep their outputs and do not run again.
    w.run(`UPDATE "ExecutionStep" SET "status" = 'pending', "updatedAt" = ? WHERE "executionId" = ? AND +"status" = 'failed'`, [at.getTime(), row.id])
    const attempt = row.retries + 1
    const waited = ms(row.completedAt, at) ?? 0
    const common = {
      retries: attempt,
      errorRetryCount: (row.errorRetryCount ?? 0) + 1,
      retryDurationMs: row.retryDurationMs + waited,
      completedAt: null,
      durationMs: null,
    }
    if (deferred) {
      const due = runAt ?? at
      return {
        data: { ...common, status: 'retry', nextRunAt: due, ...NO_LEASE },
        events: [{ type: 'execution.retry', status: 'retry', data: { attempt, error: row.errorCode, runAt: due.toISOString(), ...(automatic ? { automatic } : {}) } }],
      }
    }
    return {
      data: { ...common, status: 'running', nextRunAt: null },
      events: [
        { type: 'execution.retry', status: 'retry', data: { attempt, error: row.errorCode } },
        { type: 'execution.started', status: 'running', data: { from: 'retry', path: path.slice(1), attempt } },
      ],
    }
  }

  function cancelChange(row: ExecutionRow, at: Date, reason: string | undefined): Change {
    planOperation('cancel', row.status as ExecutionStatus)
    const pausedFor = ms(row.pausedAt, at) ?? 0
    return {
      data: {
        status: 'cancelled',
        cancelReason: seal(reason ?? null), // free text: sealed
        completedAt: at,
        durationMs: ms(row.startedAt, at),
        pausedAt: null,
        pausedMs: row.pausedMs + pausedFor,
        nextRunAt: null,
        ...NO_LEASE,
      },
      events: [{ type: 'execution.cancelled', status: 'cancelled', data: { from: row.status, reason } }],
    }
  }

  /**
   * Writes a checkpoint (ExecutionState, computed from the steps unless given); keeps the
   * newest 20. Results are stored each sealed, variables sealed: `sealed` says the given ones already are;
   * `prune: false` leaves the older ones for a later checkpoint to remove.
   */
  function writeCheckpoint(
    row: Pick<ExecutionRow, 'id' | 'stepsTotal' | 'context'>,
    at: Date,
    metadata: Record<string, unknown>,
    given?: { step: string; state: ExecutionState; sealed?: boolean; prune?: boolean },
    forStep?: string,
    variables?: Record<string, unknown>,
  ): string {
    let step = given?.step
    let state = given?.state
    let sealed = given?.sealed ?? false
    if (!state) {
      const steps = w.all<{ stepId: string; status: string }>('SELECT "stepId", "status" FROM "ExecutionStep" WHERE "executionId" = ? ORDER BY "position"', [row.id])
      // Step outputs are the results; a long batch records how many instead of every one.
      const outputs =
        steps.length <= MAX_RESULTS_IN_CHECKPOINT
          ? w.all<{ stepId: string; output: string | null }>(`SELECT "stepId", "output" FROM "ExecutionStep" WHERE "executionId" = ? AND +"status" = 'completed'`, [row.id])
          : null
      const completed = steps.filter((s) => isStepFinished(s.status as StepStatus))
      const current = steps.find((s) => !isStepFinished(s.status as StepStatus))
      step = forStep ?? current?.stepId ?? completed.at(-1)?.stepId ?? 'execution'
      state = {
        currentStep: completed.length,
        totalSteps: Math.max(steps.length, row.stepsTotal),
        completedSteps: completed.map((s) => s.stepId),
        pendingSteps: steps.filter((s) => !isStepFinished(s.status as StepStatus)).map((s) => s.stepId),
        // Sealed like the context they come from (which is copied as it is stored, not sealed again).
        variables: (variables !== undefined ? sealValue(variables) : (row.context ?? {})) as Record<string, unknown>,
        // The outputs as their rows hold them, sealed.
        results: outputs
          ? Object.fromEntries(outputs.filter((s) => s.output !== null).map((s) => [s.stepId, JSON.parse(s.output!)]))
          : sealEach({ completedSteps: completed.length }),
      }
      sealed = true
    }
    const id = newId('ckpt', at.getTime())
    // Results are step outputs, variables the service's state: both sealed (a caller's given state is sealed here).
    const stored = sealed ? state! : { ...state!, results: sealEach(state!.results), variables: sealValue(state!.variables ?? {}) as Record<string, unknown> }
    insert('ExecutionCheckpoint', { id, executionId: row.id, step, state: stored, metadata, createdAt: at })
    // Restores use the newest checkpoints; older ones of a long run (one per step boundary) go.
    if (given?.prune === false) return id
    w.run(
      `DELETE FROM "ExecutionCheckpoint" WHERE "executionId" = ? AND "createdAt" <
         (SELECT "createdAt" FROM "ExecutionCheckpoint" WHERE "executionId" = ? ORDER BY "createdAt" DESC LIMIT 1 OFFSET ?)`,
      [row.id, row.id, KEEP_CHECKPOINTS - 1],
    )
    return id
  }

  // ---- steps --------------------------------------------------------------------------

  /** stepsTotal, stepsCompleted and progress after a step changed (progress derives from steps). */
  function stepTotals(row: Pick<ExecutionRow, 'id' | 'stepsTotal' | 'progress'>) {
    const counts = w.all<{ status: string; n: number }>('SELECT "status", count(*) AS n FROM "ExecutionStep" WHERE "executionId" = ? GROUP BY "status"', [row.id])
    let all = 0
    let finished = 0
    for (const c of counts) {
      all += c.n
      if (isStepFinished(c.status as StepStatus)) finished += c.n
    }
    const stepsTotal = Math.max(all, row.stepsTotal)
    const progress = stepsTotal === 0 ? row.progress : Math.round((finished / stepsTotal) * 10000) / 100
    return { stepsTotal, stepsCompleted: finished, progress }
  }

  /**
   * A step boundary of a workflow of up to 200 steps, from one read of its steps: complete the
   * step, start the ready successors, totals, the checkpoint, and the result when all are done.
   */
  function boundary(row: StepChangeRow, at: Date, stepId: string, input: BoundaryInput, outcome: { started: string[]; completed: boolean }): Change {
    const steps = w
      .all<Record<string, unknown>>(`SELECT ${STEP_STATE_COLUMNS} FROM "ExecutionStep" WHERE "executionId" = ? ORDER BY "position"`, [row.id])
      .map((raw) => fromSql<StepState>('ExecutionStep', raw))
    const byStep = new Map(steps.map((s) => [s.stepId, s]))
    const current = byStep.get(stepId)
    if (!current) throw notFound(`step ${stepId} of execution`, row.id)
    const { stepDurations, event, sealedOutput } = completeStepRow(row, at, stepId, { output: input.output }, current)
    current.status = 'completed' // as it is now, for what follows in this change
    const events: NewEvent[] = [event]
    for (const next of input.startNext) {
      const candidate = byStep.get(next)
      const deps = (candidate?.dependsOn as string[] | null) ?? []
      if (candidate?.status === 'pending' && deps.every((d) => isStepFinished((byStep.get(d)?.status ?? 'pending') as StepStatus))) {
        events.push(startStepRow(row.id, at, { id: next }, false, candidate))
        candidate.status = 'running'
        outcome.started.push(next)
      }
    }
    const finished = steps.filter((s) => isStepFinished(s.status as StepStatus))
    const stepsTotal = Math.max(steps.length, row.stepsTotal)
    const totals = { stepsTotal, stepsCompleted: finished.length, progress: stepsTotal === 0 ? row.progress : Math.round((finished.length / stepsTotal) * 10000) / 100 }
    events.push({ type: 'execution.progress', data: { progress: totals.progress } })
    // The last boundary completes the execution; nothing restores a completed one, so no checkpoint.
    if (finished.length === stepsTotal) {
      const outputs: Record<string, { outputData: unknown }> = {}
      for (const s of steps) {
        if (s.status !== 'completed') continue
        const outputData = s === current ? (input.output ?? null) : input.known?.has(s.stepId) ? input.known.get(s.stepId) : s.output === null ? null : open(s.output)
        outputs[s.stepId] = { outputData }
      }
      const tried = steps.filter((s) => s.attempt > 0)
      const done = completeChange({ ...row, ...totals }, at, input.finish(outputs), { attempts: tried.reduce((n, s) => n + s.attempt, 0), steps: tried.length })
      outcome.completed = true
      return { data: { ...totals, stepDurations, ...done.data }, events: [...events, ...done.events] }
    }
    // The checkpoint's results are the outputs as sealed in their rows; opened only for the result.
    const results: Record<string, unknown> = {}
    for (const s of steps) {
      if (s.status !== 'completed') continue
      const sealed = s === current ? sealedOutput : s.output
      if (sealed !== null) results[s.stepId] = sealed
    }
    const checkpointId = writeCheckpoint(
      row,
      at,
      { reason: 'step-boundary' },
      {
        step: stepId,
        state: {
          currentStep: finished.length,
          totalSteps: stepsTotal,
          completedSteps: finished.map((s) => s.stepId),
          pendingSteps: steps.filter((s) => !isStepFinished(s.status as StepStatus)).map((s) => s.stepId),
          variables: (row.context ?? {}) as Record<string, unknown>, // sealed as the execution's context is
          results,
        },
        sealed: true,
        // Pruning waits for the 19th boundary: before it, boundaries alone cannot make 20 (a pause's,
        // an interval's or a handler's checkpoint prunes when written), so at most 18 extra stay a while.
        prune: finished.length >= KEEP_CHECKPOINTS - 1,
      },
    )
    events.push({ type: 'execution.checkpoint', stepId, data: { checkpointId } })
    return { data: { ...totals, stepDurations }, events }
  }

  function findStep(executionId: string, stepId: string): StepState {
    const step = loadStep(executionId, stepId)
    if (!step) throw notFound(`step ${stepId} of execution`, executionId)
    return step
  }

  function guard(operation: DataOperation, row: Pick<ExecutionRow, 'status'>) {
    assertDataOperation(operation, row.status as ExecutionStatus)
  }

  /** Marks a step running (created when new), one attempt more; returns its step.started event. */
  function startStepRow(executionId: string, at: Date, input: z.infer<typeof startStepSchema>, restart = false, loaded?: StepState): NewEvent {
    const existing = loaded ?? loadStep(executionId, input.id)
    const restartable = existing?.status === 'pending' || existing?.status === 'failed' || (restart && existing?.status === 'running')
    if (existing && !restartable) {
      throw conflict(`cannot start step ${input.id}: it is ${existing.status}; only pending or failed steps start`)
    }
    const fields: Fields = {
      status: 'running',
      startedAt: at,
      completedAt: null,
      failedAt: null,
      durationMs: null,
      updatedAt: at,
      ...(input.name ? { name: input.name } : {}),
      ...(input.type ? { type: input.type } : {}),
      ...(input.assignee ? { assignee: input.assignee, assigneeType: input.assignee.type ?? null } : {}),
      ...(input.input !== undefined ? { input: sealJson(input.input) } : {}),
      ...(input.dueAt ? { dueAt: new Date(input.dueAt) } : {}),
      ...(input.metadata ? { metadata: sealJson(input.metadata) } : {}),
    }
    let attempt = 1
    if (existing) {
      attempt = existing.attempt + 1
      updateStep(existing.id, { ...fields, attempt, retries: existing.status === 'failed' ? existing.retries + 1 : existing.retries })
    } else {
      const position = w.get<{ n: number }>('SELECT count(*) AS n FROM "ExecutionStep" WHERE "executionId" = ?', [executionId])!.n
      insert('ExecutionStep', { ...fields, id: newId('step', at.getTime()), executionId, stepId: input.id, name: input.name ?? input.id, position, attempt, createdAt: at })
    }
    return {
      type: 'execution.step.started',
      stepId: input.id,
      data: { name: input.name ?? existing?.name ?? input.id, attempt, ...(existing?.status === 'running' ? { restarted: true } : {}) },
    }
  }

  /** Marks a running step completed with its output; returns its duration and step.completed event. */
  function completeStepRow(row: Pick<ExecutionRow, 'id' | 'stepDurations'>, at: Date, stepId: string, input: z.infer<typeof completeStepSchema>, loaded?: StepState) {
    const step = loaded ?? findStep(row.id, stepId)
    if (step.status !== 'running') throw conflict(`cannot complete step ${stepId}: it is ${step.status}; only a running step completes`)
    const duration = ms(step.startedAt, at) ?? 0
    const sealedOutput = input.output === undefined ? null : sealValue(input.output)
    updateStep(step.id, {
      status: 'completed',
      completedAt: at,
      durationMs: duration,
      output: sealedOutput === null ? null : JSON.stringify(sealedOutput),
      updatedAt: at,
      ...(input.metadata ? { metadata: mergedMetadata(step.metadata, input.metadata) } : {}),
    })
    const stepDurations = { ...((row.stepDurations as Record<string, number> | null) ?? {}), [stepId]: duration }
    return { stepDurations, sealedOutput, event: { type: 'execution.step.completed', stepId, data: { name: step.name, duration } } as NewEvent }
  }

  /**
   * Creates an execution, queued or (input.status) already running. `begin` is the engine's start
   * at once: running, with its lease, and those steps started (attempt 1).
   */
  function createExecution(
    input: CreateExecutionInput,
    at: Date,
    actor: Actor,
    begin?: { lease: Lease; steps: readonly string[]; by: Actor },
  ): { id: string; events: (NewEvent & { executionId: string })[]; created: Created } {
    const service = w.get<{ id: string; retryPolicy: string | null; providerId: string | null }>('SELECT "id", "retryPolicy", "providerId" FROM "Service" WHERE "id" = ?', [
      input.service,
    ])
    if (!service) {
      const known = w.all<{ id: string }>('SELECT "id" FROM "Service" ORDER BY "id" LIMIT 20')
      throw badRequest('service', `service '${input.service}' not found; known services: ${known.map((s) => s.id).join(', ') || 'none'}`)
    }
    const orderId = input.order ?? newId('order', at.getTime())
    // An order id made just now names no order yet.
    const order = input.order ? w.get<{ serviceId: string; customerId: string }>('SELECT "serviceId", "customerId" FROM "Order" WHERE "id" = ?', [orderId]) : undefined
    if (order && order.serviceId !== service.id) {
      throw badRequest('order', `order '${orderId}' is for service '${order.serviceId}', not '${service.id}'`)
    }
    // A request acts for its organisations: the customer defaults to its first one, and the
    // execution must be one it may see (its customer or the service's provider).
    const customerId = order?.customerId ?? input.customer ?? actor.organizations?.[0] ?? DEFAULT_CUSTOMER.id
    if (!canSee(actor.organizations, { customerId, providerId: service.providerId })) {
      throw badRequest(
        input.order ? 'order' : 'customer',
        `organisation '${customerId}' is not yours and service '${service.id}' is not provided by one of your organisations (${actor.organizations!.join(', ') || 'none'})`,
      )
    }
    if (!order) {
      if (customerId === DEFAULT_CUSTOMER.id) {
        w.run('INSERT OR IGNORE INTO "Organization" ("id", "name", "createdAt") VALUES (?, ?, ?)', [DEFAULT_CUSTOMER.id, DEFAULT_CUSTOMER.name, at.getTime()])
      } else if (!w.get('SELECT 1 FROM "Organization" WHERE "id" = ?', [customerId])) {
        throw badRequest('customer', `organisation '${customerId}' not found`)
      }
      insert('Order', { id: orderId, serviceId: service.id, customerId, status: 'confirmed', createdAt: at })
    }
    let parent: { id: string; rootExecutionId: string | null; correlationId: string } | undefined
    if (input.parentExecutionId) {
      const found = w.get<{ id: string; rootExecutionId: string | null; correlationId: string } & Owners>(
        'SELECT "id", "rootExecutionId", "correlationId", "customerId", "providerId" FROM "Execution" WHERE "id" = ?',
        [input.parentExecutionId],
      )
      parent = found && canSee(actor.organizations, found) ? found : undefined
      if (!parent) throw badRequest('parentExecutionId', `execution '${input.parentExecutionId}' not found`)
    }
    // (The engine's starts name a definition it registered itself.)
    if (input.workflowTemplateVersionId && !begin && !w.get('SELECT 1 FROM "WorkflowDefinition" WHERE "id" = ?', [input.workflowTemplateVersionId])) {
      throw badRequest('workflowTemplateVersionId', `workflow definition '${input.workflowTemplateVersionId}' not found`)
    }
    const stepIds = new Set<string>()
    for (const [i, s] of (input.steps ?? []).entries()) {
      if (stepIds.has(s.id)) throw badRequest(`steps.${i}.id`, `duplicate step id '${s.id}'`)
      stepIds.add(s.id)
    }

    const id = newId('exec', at.getTime())
    const steps = input.steps ?? []
    const finished = steps.filter((s) => s.status === 'skipped' || s.status === 'disabled').length
    const stepsTotal = Math.max(steps.length, input.metrics?.stepsTotal ?? 0)
    const { environment, version: appVersion, createdAt: _c, updatedAt: _u, startedAt: _s, completedAt: _d, ...extra } = input.metadata ?? {}
    const running = input.status === 'running' || begin !== undefined
    const startNow = new Set(begin?.steps)
    // Rows come back as written (RETURNING), for the answer: nothing is read again.
    const executionRaw = insert(
      'Execution',
      {
        id,
        orderId,
        serviceId: service.id,
        status: running ? 'running' : 'queued',
        progress: input.progress ?? (stepsTotal ? Math.round((finished / stepsTotal) * 10000) / 100 : 0),
        priority: input.priority ?? 'normal',
        assigneeType: input.assignee?.type ?? null,
        assigneeId: input.assignee?.id ?? null,
        assignee: input.assignee ?? null,
        timeoutMs: input.timeout ?? 3_600_000,
        retryPolicy: input.retryPolicy ?? (service.retryPolicy ? JSON.parse(service.retryPolicy) : null),
        createdAt: at,
        updatedAt: at,
        startedAt: running ? at : null,
        environment: typeof environment === 'string' ? environment : null,
        appVersion: typeof appVersion === 'string' ? appVersion : null,
        // Metadata and context are sealed at rest.
        metadata: Object.keys(extra).length ? sealJson(extra) : null,
        // Time-ordered (UUIDv7): a new id lands beside the last in the index, not on a random page.
        correlationId: input.correlationId ?? parent?.correlationId ?? uuidv7(),
        parentExecutionId: parent?.id ?? null,
        rootExecutionId: parent ? (parent.rootExecutionId ?? parent.id) : null,
        parentStepId: input.parentStepId ?? null,
        customerId,
        providerId: service.providerId,
        workflowDefinitionId: input.workflowTemplateVersionId ?? null,
        context: sealJson(input.context ?? null),
        stepsTotal,
        stepsCompleted: Math.max(finished, input.metrics?.stepsCompleted ?? 0),
        ...(begin ? { leaseOwner: begin.lease.workerId, leaseExpiresAt: new Date(at.getTime() + begin.lease.leaseMs) } : {}),
      },
      true,
    )!
    const startedSteps = steps.filter((s) => startNow.has(s.id) && (s.status ?? 'pending') === 'pending')
    const stepFields = steps.map((s, position): Fields => {
      const started = startedSteps.includes(s)
      return {
        id: newId('step', at.getTime()),
        executionId: id,
        stepId: s.id,
        name: s.name ?? s.id,
        type: s.type ?? null,
        position,
        status: started ? 'running' : (s.status ?? 'pending'),
        startedAt: started ? at : null,
        attempt: started ? 1 : 0,
        assigneeType: s.assignee?.type ?? null,
        assignee: s.assignee ?? null,
        input: sealJson(s.input),
        dependsOn: s.dependsOn ?? null,
        dueAt: s.dueAt ? new Date(s.dueAt) : null,
        metadata: sealJson(s.metadata), // sealed, as the execution's is
        createdAt: at,
        updatedAt: at,
      }
    })
    // Every step in one statement (a long batch in statements of 500: SQLite binds at most 32,766 values).
    const stepRows: Record<string, unknown>[] = []
    for (let i = 0; i < stepFields.length; i += 500) stepRows.push(...insertRows('ExecutionStep', stepFields.slice(i, i + 500), true)!)
    // In the order SQLite's BINARY collation gives them (as a read of the tags would).
    const tags = [...new Set(input.tags ?? [])].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
    for (const tag of tags) w.run('INSERT INTO "ExecutionTag" ("executionId", "tag") VALUES (?, ?)', [id, tag])
    for (const [i, hook] of (input.webhooks ?? []).entries()) {
      if (!deps.allowPrivateWebhooks && isPrivateHost(new URL(hook.url).hostname)) {
        throw badRequest(`webhooks.${i}.url`, 'a loopback or private address; allowed only with WEBHOOK_ALLOW_PRIVATE=1')
      }
      anyWebhook = true
      insert('Webhook', {
        id: newId('wh', at.getTime()),
        executionId: id,
        url: hook.url,
        events: hook.events,
        headers: sealJson(hook.headers), // often credentials: sealed at rest
        retries: hook.retries ?? 3,
        timeoutMs: hook.timeout ?? 5_000,
        secret: seal(hook.secret ?? newWebhookSecret()),
        enabled: true,
        createdAt: at,
      })
    }
    // `queued` tells schedulers whether it joined the queue or started at once.
    const events: (NewEvent & { executionId: string })[] = [
      { executionId: id, type: 'execution.created', status: 'queued', data: { service: service.id, order: orderId, priority: input.priority ?? 'normal', queued: !running } },
    ]
    // Started by the engine (begin) or reported running by its worker.
    const by = begin?.by
    if (running) events.push({ executionId: id, type: 'execution.started', status: 'running', data: { from: 'queued', path: ['starting', 'running'] }, by })
    for (const s of startedSteps) events.push({ executionId: id, type: 'execution.step.started', stepId: s.id, data: { name: s.name ?? s.id, attempt: 1 }, by })
    const created = {
      row: fromSql<ExecutionRow>('Execution', executionRaw),
      steps: stepRows.map((raw) => fromSql<StepRow>('ExecutionStep', raw)),
      tags,
    }
    return { id, events, created }
  }

  // ---- the service ----------------------------------------------------------------------

  return {
    create: (actor: Actor, input: CreateExecutionInput): Promise<ServiceExecution> =>
      write(actor, (at) => {
        const { events, created } = createExecution(input, at, actor)
        return { value: answerOf(created), events }
      }),

    /**
     * The engine's create when it has room: created, started with its lease and first steps, in
     * one change — unless the executions of `queue.workflows` at `queue.priorities` already queued
     * would not all find one of the `queue.slots` free slots left: they go first, and this one is
     * queued behind them. (No `queue`: the engine knows none is queued.) Answers the execution as
     * the API shows it and, when it started, the row the engine runs from.
     */
    createStarted: (
      actor: Actor,
      input: CreateExecutionInput,
      begin: { lease: Lease; steps: readonly string[]; by: Actor; queue?: { priorities: readonly string[]; workflows: readonly string[]; slots: number } },
    ): Promise<{ execution: ServiceExecution; row: ExecutionRow | null }> =>
      write(actor, (at) => {
        let waiting = false
        if (begin.queue) {
          const { priorities, workflows, slots } = begin.queue
          const queued = w.get<{ n: number }>(
            `SELECT count(*) AS n FROM (SELECT 1 FROM "Execution" WHERE "priority" IN (${placeholders(priorities.length)}) AND "status" = 'queued' AND "workflowDefinitionId" IN (${placeholders(workflows.length)}) LIMIT ?)`,
            [...priorities, ...workflows, slots],
          )!.n
          waiting = queued >= slots
        }
        const { events, created } = createExecution(input, at, actor, waiting ? undefined : begin)
        return { value: { execution: answerOf(created), row: waiting ? null : created.row }, events }
      }),

    /**
     * queued → starting → running. The engine's start also takes the execution's lease and
     * starts the given first steps, in the same change.
     */
    start: (id: string, actor: Actor, input: Precondition = {}) => lifecycle('start', id, actor, input, (row, at) => startChange(row, at)),

    /** The engine's start: its lease goes with it and its first steps start in the same change; answers the row as it left it. */
    begin: (id: string, actor: Actor, input: { lease: Lease; steps: readonly string[] }): Promise<ExecutionRow> =>
      apply(
        id,
        actor,
        undefined,
        (row, at) => {
          const started = startChange(row, at, 'start', input.lease)
          if (!input.steps.length) return started
          const events = [...started.events]
          for (const stepId of input.steps) {
            const step = loadStep(id, stepId)
            if (step?.status === 'pending') events.push(startStepRow(id, at, { id: stepId }, false, step))
          }
          return { data: { ...started.data, ...stepTotals(row) }, events }
        },
        (updated) => updated,
      ),

    pause: (id: string, actor: Actor, input: Precondition = {}) => lifecycle('pause', id, actor, input, (row, at) => pauseChange(row, at)),

    resume: (id: string, actor: Actor, input: Precondition = {}) => lifecycle('resume', id, actor, input, (row, at) => resumeChange(row, at)),

    complete: (id: string, actor: Actor, input: ResultInput & Precondition) => {
      const { expectedVersion, expectedStatus, ...result } = input
      return lifecycle('complete', id, actor, { expectedVersion, expectedStatus }, (row, at) => completeChange(row, at, result))
    },

    fail: (id: string, actor: Actor, input: ErrorInput & Precondition) => {
      const { expectedVersion, expectedStatus, ...error } = input
      return lifecycle('fail', id, actor, { expectedVersion, expectedStatus }, (row, at) => failChange(row, at, error))
    },

    /**
     * failed → retry → running, when whoever runs it asks (an outside service retrying its own
     * execution). Asked by anyone else it stops in `retry` (as `deferred` does) until its runner
     * starts it: an engine workflow's when a worker for its workflow is free, an outside
     * service's when the service, hearing `execution.retry`, resumes it. `runAt` delays that;
     * `automatic` marks supervision's retries by the policy.
     */
    retry: (id: string, actor: Actor, input: Precondition & { deferred?: boolean; runAt?: Date; automatic?: boolean } = {}) =>
      lifecycle('retry', id, actor, input, (row, at) => retryChange(row, at, input.deferred ?? handedToRunner(row, actor), input.runAt, input.automatic)),

    cancel: (id: string, actor: Actor, input: Precondition & { reason?: string } = {}) => lifecycle('cancel', id, actor, input, (row, at) => cancelChange(row, at, input.reason)),

    /** The runner says it is alive: a report that changes nothing else (and answers the execution, paused or cancelled included). */
    heartbeat: (id: string, actor: Actor) =>
      change(id, actor, undefined, (row) => {
        guard('heartbeat', row)
        return { events: [], bumpVersion: false }
      }),

    /**
     * Supervision flags a running execution silent for `silenceMs` (no change, log line or
     * heartbeat since); its next report clears the flag. Refused when it reported meanwhile.
     */
    markStalled: (id: string, silenceMs: number) =>
      change(id, SUPERVISOR, undefined, (row, at) => {
        const since = row.reportedAt ?? row.startedAt ?? row.createdAt
        if (row.status !== 'running' || row.stalledAt || at.getTime() - since.getTime() < silenceMs)
          throw conflict(`execution ${id} is not silent: it is ${row.status}, last report ${since.toISOString()}`)
        return {
          data: { stalledAt: at },
          events: [{ type: 'execution.stalled', data: { lastReportAt: since.toISOString(), silentFor: at.getTime() - since.getTime(), silenceMs } }],
          bumpVersion: false,
        }
      }),

    /** PUT: change fields, and the status too when asked, in one transaction. */
    update: (id: string, actor: Actor, input: UpdateExecutionInput) =>
      change(id, actor, input.expectedVersion, (row, at) => {
        let status: Change = { events: [] }
        if (input.status && input.status !== row.status) {
          const operation = operationForTarget(row.status as ExecutionStatus, input.status)
          if (operation === 'complete' && !input.result) throw badRequest('result', 'required to set status completed')
          if (operation === 'fail' && !input.error) throw badRequest('error', 'required to set status failed')
          status =
            operation === 'start'
              ? startChange(row, at)
              : operation === 'pause'
                ? pauseChange(row, at)
                : operation === 'resume'
                  ? resumeChange(row, at)
                  : operation === 'complete'
                    ? completeChange(row, at, input.result!)
                    : operation === 'fail'
                      ? failChange(row, at, input.error!)
                      : operation === 'retry'
                        ? retryChange(row, at, input.status === 'retry' || handedToRunner(row, actor))
                        : cancelChange(row, at, input.reason)
        }
        const data: Fields = {}
        const fields: string[] = []
        if (input.progress !== undefined) {
          data.progress = input.progress
          fields.push('progress')
        }
        if (input.priority !== undefined) {
          data.priority = input.priority
          fields.push('priority')
        }
        if (input.timeout !== undefined) {
          data.timeoutMs = input.timeout
          fields.push('timeout')
        }
        if (input.retryPolicy !== undefined) {
          data.retryPolicy = input.retryPolicy
          fields.push('retryPolicy')
        }
        if (input.context !== undefined) {
          data.context = sealJson(input.context)
          fields.push('context')
        }
        if (input.assignee !== undefined) {
          data.assigneeType = input.assignee?.type ?? null
          data.assigneeId = input.assignee?.id ?? null
          data.assignee = input.assignee
          fields.push('assignee')
        }
        if (input.metadata !== undefined) {
          const { environment, version, createdAt: _c, updatedAt: _u, startedAt: _s, completedAt: _d, ...extra } = input.metadata
          if (typeof environment === 'string') data.environment = environment
          if (typeof version === 'string') data.appVersion = version
          data.metadata = mergedMetadata(row.metadata, extra)
          fields.push('metadata')
        }
        if (input.tags !== undefined) {
          w.run('DELETE FROM "ExecutionTag" WHERE "executionId" = ?', [id])
          for (const tag of new Set(input.tags)) w.run('INSERT INTO "ExecutionTag" ("executionId", "tag") VALUES (?, ?)', [id, tag])
          fields.push('tags')
        }
        const events = [...status.events]
        if (fields.length) events.push({ type: 'execution.updated', data: { fields } })
        if (input.progress !== undefined) events.push({ type: 'execution.progress', data: { progress: input.progress } })
        if (!events.length) throw badRequest('body', 'nothing to change: give status or at least one field')
        return { data: { ...data, ...status.data }, events }
      }),

    updateProgress: (id: string, actor: Actor, progress: number) =>
      change(id, actor, undefined, (row) => {
        guard('updateProgress', row)
        return { data: { progress }, events: [{ type: 'execution.progress', data: { progress } }], bumpVersion: false }
      }),

    /** Starts a pending or failed step; `restart` (the engine's) also restarts one a lost worker left running. */
    startStep: (id: string, actor: Actor, input: z.infer<typeof startStepSchema>, options: { restart?: boolean } = {}) =>
      change(id, actor, undefined, (row, at) => {
        guard('startStep', row)
        const event = startStepRow(id, at, input, options.restart)
        return { data: stepTotals(row), events: [event] }
      }),

    /** Runs reads in the next shared transaction: cheaper there than each in a transaction of its own. */
    read: <T>(fn: () => T): Promise<T> => schedule(fn),

    /** Completes a running step; `checkpoint` (the engine's) also writes the step-boundary checkpoint. */
    completeStep: (id: string, actor: Actor, stepId: string, input: z.infer<typeof completeStepSchema> = {}, options: { checkpoint?: boolean } = {}) =>
      change(id, actor, undefined, (row, at) => {
        guard('completeStep', row)
        const { stepDurations, event } = completeStepRow(row, at, stepId, input)
        const totals = stepTotals(row)
        const events: NewEvent[] = [event, { type: 'execution.progress', data: { progress: totals.progress } }]
        if (options.checkpoint) {
          const checkpointId = writeCheckpoint(row, at, { reason: 'step-boundary' }, undefined, stepId)
          events.push({ type: 'execution.checkpoint', stepId, data: { checkpointId } })
        }
        return { data: { ...totals, stepDurations }, events }
      }),

    /**
     * The engine's step boundary in one change: complete the step, write the boundary
     * checkpoint, start those of `startNext` whose dependencies have all finished, and — when
     * nothing is left — complete the execution with `finish`'s result.
     */
    advanceStep: (id: string, actor: Actor, stepId: string, input: BoundaryInput): Promise<{ started: string[]; completed: boolean }> => {
      const outcome = { started: [] as string[], completed: false }
      return applyTo(
        loadForStepChange,
        id,
        actor,
        undefined,
        (row, at) => {
          // From the start: a batch refused elsewhere runs this again (see flush).
          outcome.started = []
          outcome.completed = false
          guard('completeStep', row)
          if (row.stepsTotal <= MAX_RESULTS_IN_CHECKPOINT) return boundary(row, at, stepId, input, outcome)
          const { stepDurations, event } = completeStepRow(row, at, stepId, { output: input.output })
          const events: NewEvent[] = [event]
          // Only the candidates and their dependencies are read: a long workflow is not reread
          // at every boundary.
          const candidates = input.startNext.length
            ? w
                .all<Record<string, unknown>>(
                  `SELECT ${STEP_STATE_COLUMNS} FROM "ExecutionStep" WHERE "executionId" = ? AND "stepId" IN (${placeholders(input.startNext.length)})`,
                  [id, ...input.startNext],
                )
                .map((raw) => fromSql<StepState>('ExecutionStep', raw))
            : []
          const depsOf = new Map(candidates.map((c) => [c.stepId, (c.dependsOn as string[] | null) ?? []]))
          const allDeps = [...new Set([...depsOf.values()].flat())]
          const depStatus = new Map(
            allDeps.length
              ? w
                  .all<{ stepId: string; status: string }>(
                    `SELECT "stepId", "status" FROM "ExecutionStep" WHERE "executionId" = ? AND "stepId" IN (${placeholders(allDeps.length)})`,
                    [id, ...allDeps],
                  )
                  .map((d) => [d.stepId, d.status])
              : [],
          )
          for (const candidate of candidates) {
            if (candidate.status === 'pending' && depsOf.get(candidate.stepId)!.every((d) => isStepFinished((depStatus.get(d) ?? 'pending') as StepStatus))) {
              events.push(startStepRow(id, at, { id: candidate.stepId }, false, candidate))
              outcome.started.push(candidate.stepId)
            }
          }
          const totals = stepTotals(row)
          const allFinished = totals.stepsCompleted === totals.stepsTotal
          events.push({ type: 'execution.progress', data: { progress: totals.progress } })
          // A checkpoint at every boundary; for workflows of over 200 steps at every 50th (and the last).
          if (totals.stepsTotal <= MAX_RESULTS_IN_CHECKPOINT || totals.stepsCompleted % 50 === 0 || allFinished) {
            const checkpointId = writeCheckpoint(row, at, { reason: 'step-boundary' }, undefined, stepId)
            events.push({ type: 'execution.checkpoint', stepId, data: { checkpointId } })
          }
          if (allFinished) {
            const outputs = Object.fromEntries(
              w
                .all<{ stepId: string; output: string | null }>(`SELECT "stepId", "output" FROM "ExecutionStep" WHERE "executionId" = ? AND +"status" = 'completed'`, [id])
                .map((s) => [s.stepId, { outputData: s.output === null ? null : open(JSON.parse(s.output)) }]),
            )
            const done = completeChange({ ...row, ...totals }, at, input.finish(outputs))
            outcome.completed = true
            return { data: { ...totals, stepDurations, ...done.data }, events: [...events, ...done.events] }
          }
          return { data: { ...totals, stepDurations }, events }
        },
        false,
        () => outcome,
      )
    },

    failStep: (id: string, actor: Actor, stepId: string, error: ErrorInput) =>
      change(id, actor, undefined, (row, at) => {
        guard('failStep', row)
        const step = findStep(id, stepId)
        if (step.status !== 'running') throw conflict(`cannot fail step ${stepId}: it is ${step.status}; only a running step fails`)
        const full = {
          ...error,
          step: stepId,
          recoverable: error.recoverable ?? isRecoverableByDefault(error.code),
          retryCount: error.retryCount ?? step.retries,
          timestamp: error.timestamp ?? at.toISOString(),
        }
        updateStep(step.id, {
          status: 'failed',
          failedAt: at,
          durationMs: ms(step.startedAt, at),
          errorCode: error.code,
          errorMessage: seal(error.message),
          error: sealError(full),
          updatedAt: at,
        })
        return { data: stepTotals(row), events: [{ type: 'execution.step.failed', stepId, data: { name: step.name, error: full } }] }
      }),

    skipStep: (id: string, actor: Actor, stepId: string, input: { reason?: string; disabled?: boolean } = {}) =>
      change(id, actor, undefined, (row, at) => {
        guard('skipStep', row)
        const step = findStep(id, stepId)
        if (step.status !== 'pending' && step.status !== 'failed') {
          throw conflict(`cannot skip step ${stepId}: it is ${step.status}; only a pending or failed step is skipped`)
        }
        const status = input.disabled ? 'disabled' : 'skipped'
        updateStep(step.id, { status, completedAt: at, updatedAt: at, metadata: mergedMetadata(step.metadata, { skipReason: input.reason }) })
        return { data: stepTotals(row), events: [{ type: `execution.step.${status}`, stepId, data: { name: step.name, reason: input.reason } }] }
      }),

    reportMetrics: (id: string, actor: Actor, report: MetricsReport) =>
      change(id, actor, undefined, (row) => {
        guard('reportMetrics', row)
        const add = (a: Record<string, number> | null, b: Record<string, number | undefined> | undefined) => {
          if (!b) return undefined
          const out: Record<string, number> = { ...(a ?? {}) }
          for (const [k, v] of Object.entries(b)) out[k] = (Object.hasOwn(out, k) ? out[k]! : 0) + (v ?? 0)
          return out
        }
        const tokens = report.tokensUsed ?? (report.promptTokens ?? 0) + (report.completionTokens ?? 0)
        return {
          data: {
            tokensUsed: increment(tokens),
            promptTokens: increment(report.promptTokens ?? 0),
            completionTokens: increment(report.completionTokens ?? 0),
            modelCalls: increment(report.modelCalls ?? 0),
            cost: increment(report.cost ?? Object.values(report.costBreakdown ?? {}).reduce((s: number, v) => s + (v ?? 0), 0)),
            apiCalls: increment(report.apiCalls ?? Object.values(report.apiCallsByService ?? {}).reduce((s, v) => s + v, 0)),
            costBreakdown: add(row.costBreakdown as Record<string, number> | null, report.costBreakdown),
            apiCallsByService: add(row.apiCallsByService as Record<string, number> | null, report.apiCallsByService),
            customMetrics: report.custom ? { ...((row.customMetrics as object | null) ?? {}), ...report.custom } : undefined,
            qualityScore: report.qualityScore,
            errorRate: report.errorRate,
          },
          events: [{ type: 'execution.metrics', data: report }],
          bumpVersion: false,
        }
      }),

    /** Saves a checkpoint; without `state` it is computed from the steps (completed, pending, results). */
    checkpoint: (id: string, actor: Actor, input: Partial<z.infer<typeof checkpointInputSchema>> & { variables?: Record<string, unknown> }) =>
      change(id, actor, undefined, (row, at) => {
        guard('checkpoint', row)
        const given = input.state && input.step ? { step: input.step, state: input.state } : undefined
        // The reason says who took it: the engine restores its own step checkpoints into handlers,
        // so one a caller saves over the API is `reported`, whatever reason it gives.
        const metadata = actor.type === 'engine' || actor.type === 'system' ? (input.metadata ?? {}) : { ...input.metadata, reason: 'reported' }
        const checkpointId = writeCheckpoint(row, at, metadata, given, input.step, input.variables)
        return { events: [{ type: 'execution.checkpoint', stepId: input.step, data: { checkpointId } }], bumpVersion: false }
      }),

    /** Records a recovery action (docs/engine.md: RETRY, SKIP, FALLBACK, ABORT, CHECKPOINT_RESTORE). */
    recordRecovery: (id: string, actor: Actor, input: { action: string; code: string; step?: string; detail?: Record<string, unknown> }) =>
      change(id, actor, undefined, () => ({
        events: [{ type: 'execution.recovery', stepId: input.step, data: { action: input.action, code: input.code, ...input.detail } }],
        bumpVersion: false,
      })),

    // ---- leases: which worker runs an execution. Infrastructure, not history: no events,
    // no version bump, one guarded statement each.

    /** Takes the lease when it is free, expired, or already ours. */
    claim: (id: string, workerId: string, leaseMs: number): Promise<boolean> =>
      schedule(() => {
        const at = now().getTime()
        const { changes } = w.run(
          `UPDATE "Execution" SET "leaseOwner" = ?, "leaseExpiresAt" = ?
           WHERE "id" = ? AND ("leaseOwner" IS NULL OR "leaseOwner" = ? OR "leaseExpiresAt" < ?)`,
          [workerId, at + leaseMs, id, workerId, at],
        )
        return changes === 1
      }),

    /** The worker's heartbeat: it is alive (the runner of its workflows), and its leases are extended; returns the ids it still holds. */
    extendLeases: async (ids: string[], workerId: string, leaseMs: number): Promise<string[]> => {
      const marks = placeholders(ids.length)
      return schedule(() => {
        const at = now().getTime()
        beatWorker(w, workerId, at)
        if (!ids.length) return []
        w.run(`UPDATE "Execution" SET "leaseExpiresAt" = ? WHERE "leaseOwner" = ? AND "id" IN (${marks})`, [at + leaseMs, workerId, ...ids])
        return w.all<{ id: string }>(`SELECT "id" FROM "Execution" WHERE "leaseOwner" = ? AND "id" IN (${marks})`, [workerId, ...ids]).map((r) => r.id)
      })
    },

    release: (id: string, workerId: string): Promise<void> =>
      schedule(() => {
        w.run('UPDATE "Execution" SET "leaseOwner" = NULL, "leaseExpiresAt" = NULL WHERE "id" = ? AND "leaseOwner" = ?', [id, workerId])
      }),

    /**
     * Gives up the lease of a running execution that only waits (for people, for children)
     * until `until` or until something wakes it, so it does not hold a worker's slot.
     */
    park: (id: string, workerId: string, until: Date): Promise<void> =>
      schedule(() => {
        w.run(`UPDATE "Execution" SET "leaseOwner" = NULL, "leaseExpiresAt" = NULL, "nextRunAt" = ? WHERE "id" = ? AND "leaseOwner" = ? AND "status" = 'running'`, [
          until.getTime(),
          id,
          workerId,
        ])
      }),

    /** Makes a parked execution due now. */
    wake: (id: string): Promise<boolean> =>
      schedule(() => {
        const { changes } = w.run(`UPDATE "Execution" SET "nextRunAt" = ? WHERE "id" = ? AND "status" = 'running' AND "nextRunAt" IS NOT NULL`, [now().getTime(), id])
        return changes === 1
      }),

    /** Appends log lines in one transaction with one `execution.log` event naming their id range. */
    log(id: string, actor: Actor, lines: LogInput[]): Promise<{ count: number; firstId: number; lastId: number }> {
      return write(actor, (at) => {
        const owners = w.get<Owners & { stalledAt: number | null }>('SELECT "customerId", "providerId", "stalledAt" FROM "Execution" WHERE "id" = ?', [id])
        if (!owners || !canSee(actor.organizations, owners)) throw owners && actor.readable && canSee(actor.readable, owners) ? readOnly(id) : notFound('execution', id)
        const { value, event } = appendLogLines(id, at, lines)
        const events: EventToAppend[] = [event]
        // Log lines are a report: they end a silence (see applyTo).
        if (actor.type !== 'system' && actor.type !== 'engine') {
          w.run(`UPDATE "Execution" SET "reportedAt" = ?${owners.stalledAt !== null ? ', "stalledAt" = NULL' : ''} WHERE "id" = ?`, [at.getTime(), id])
          if (owners.stalledAt !== null) events.unshift({ executionId: id, type: 'execution.stall_cleared', data: { stalledAt: new Date(owners.stalledAt).toISOString() } })
        }
        return { value, events }
      })
    },
  }

  /** Inserts log lines (inside the caller's transaction); their `execution.log` event names their id range. */
  function appendLogLines(id: string, at: Date, lines: LogInput[]): { value: { count: number; firstId: number; lastId: number }; event: EventToAppend } {
    // SQLite expands one JSON parameter into the rows (bench/log-ingest.ts).
    const rows = lines.map((l) => [
      l.timestamp ? Date.parse(l.timestamp) : at.getTime(),
      l.level,
      seal(l.message),
      l.step ?? null,
      sealJson(l.context),
      l.metadata?.source ?? null,
      l.metadata?.component ?? null,
      l.metadata?.traceId ?? null,
      l.metadata?.spanId ?? null,
    ])
    const { lastInsertRowid } = w.run(
      `INSERT INTO "ExecutionLog" ("executionId", "timestamp", "level", "message", "step", "context", "source", "component", "traceId", "spanId")
       SELECT ?, value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, value->>8 FROM json_each(?)`,
      [id, JSON.stringify(rows)],
    )
    // One transaction writes at a time, so the rows of this batch have consecutive ids.
    const lastId = Number(lastInsertRowid)
    const firstId = lastId - lines.length + 1
    const levels: Record<string, number> = {}
    for (const l of lines) levels[l.level] = (levels[l.level] ?? 0) + 1
    return {
      value: { count: lines.length, firstId, lastId },
      event: { executionId: id, type: 'execution.log', data: { count: lines.length, firstId, lastId, levels } },
    }
  }

  /** After create: the execution with its steps, as it was just written. */
  function answerOf({ row, steps, tags }: Created): ServiceExecution {
    return serializeExecution(row, { tags: tags.map((tag) => ({ tag })), steps, runner: runnerFor(row) })
  }
}

export type ExecutionService = ReturnType<typeof createExecutionService>
