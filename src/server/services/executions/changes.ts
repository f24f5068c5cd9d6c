// The lifecycle changes of an execution (docs/data-model.md: statuses and the operations between
// them), as one table: an operator's button, a REST action and a PUT that sets a status all take
// the change from here. Each checks the lifecycle allows it from the current status, and says
// what to write and which events to append.
import type { Execution as ExecutionRow } from '@/generated/prisma/client'
import type { Actor } from '../../domain/actor'
import { isRecoverableByDefault } from '../../domain/errors'
import { failureFingerprint } from '../../domain/failure-fingerprint'
import { operationForTarget, planOperation, type ExecutionStatus, type LifecycleOperation } from '../../domain/lifecycle'
import { plannedRetry, retryMessage, type RetryPolicy } from '../../domain/retry'
import { blindIndex } from '../../security/blind-index'
import { seal, sealJson } from '../../security/crypto'
import type { UpdateExecutionInput } from '../../domain/schemas'
import { badRequest, conflict } from '../errors'
import { fieldsChange } from './fields'
import { writeCheckpoint } from './checkpoints'
import { appendLogLines } from './ingest'
import { failStepRow } from './steps'
import { ms, NO_LEASE, type Change, type ErrorInput, type Lease, type NewEvent, type ResultInput, type Tx } from './tx'

/** What an operation may carry besides the execution: a result, an error, a reason, when to retry. */
export interface LifecycleArgs {
  result?: ResultInput
  error?: ErrorInput
  reason?: string
  /** A retry that waits in `retry` for its runner (unset: decided by handedToRunner). */
  deferred?: boolean
  runAt?: Date
  automatic?: boolean
  /** The engine's start: it takes the lease with it. */
  lease?: Lease
}

type LifecycleChange = (tx: Tx, row: ExecutionRow, at: Date, args: LifecycleArgs, actor: Actor) => Change

/** The one table of lifecycle changes. */
export const LIFECYCLE_CHANGES: Record<LifecycleOperation, LifecycleChange> = {
  start: (_tx, row, at, args) => startChange(row, at, args.lease),
  pause: (tx, row, at) => pauseChange(tx, row, at),
  resume: (tx, row, at) => resumeChange(tx, row, at),
  complete: (tx, row, at, args) => completeChange(tx, row, at, args.result!),
  fail: (tx, row, at, args) => failChange(tx, row, at, args.error!),
  retry: (tx, row, at, args, actor) => retryChange(tx, row, at, args.deferred ?? handedToRunner(row, actor), args.runAt, args.automatic),
  cancel: (_tx, row, at, args) => cancelChange(row, at, args.reason),
}

/**
 * Whether a retry waits in `retry` for the execution's runner rather than going on to running:
 * always for an engine workflow (the engine starts it), and for an outside service's when an
 * operator asks (the service, not the console, runs it again).
 */
const handedToRunner = (row: Pick<ExecutionRow, 'workflowDefinitionId'>, actor: Actor) => row.workflowDefinitionId !== null || actor.type === 'operator'

function startChange(row: ExecutionRow, at: Date, lease?: Lease): Change {
  const path = planOperation('start', row.status as ExecutionStatus)
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

function pauseChange(tx: Tx, row: ExecutionRow, at: Date): Change {
  planOperation('pause', row.status as ExecutionStatus)
  const checkpointId = writeCheckpoint(tx, row, at, { reason: 'pause' })
  return {
    data: { status: 'paused', pausedAt: at },
    events: [{ type: 'execution.paused', status: 'paused', data: { checkpointId } }],
  }
}

function resumeChange(tx: Tx, row: ExecutionRow, at: Date): Change {
  planOperation('resume', row.status as ExecutionStatus)
  const checkpoint = tx.w.get<{ id: string }>('SELECT "id" FROM "ExecutionCheckpoint" WHERE "executionId" = ? ORDER BY "createdAt" DESC, "id" DESC LIMIT 1', [row.id])
  const pausedFor = ms(row.pausedAt, at) ?? 0
  return {
    data: { status: 'running', pausedAt: null, pausedMs: row.pausedMs + pausedFor, nextRunAt: null },
    events: [{ type: 'execution.resumed', status: 'running', data: { checkpointId: checkpoint?.id, pausedFor } }],
  }
}

export function completeChange(
  tx: Tx,
  row: Pick<ExecutionRow, 'id' | 'status' | 'errorRate' | 'startedAt' | 'stepsCompleted' | 'stepsTotal'>,
  at: Date,
  result: ResultInput,
  /** The steps' attempts, when the caller has just read them. */
  known?: { attempts: number; steps: number },
): Change {
  planOperation('complete', row.status as ExecutionStatus)
  // The error rate: the share of step attempts that failed, unless a worker reported one.
  const attempts =
    known ??
    tx.w.get<{ attempts: number | null; steps: number }>('SELECT sum("attempt") AS attempts, count(*) AS steps FROM "ExecutionStep" WHERE "executionId" = ? AND "attempt" > 0', [
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

function failChange(tx: Tx, row: ExecutionRow, at: Date, given: ErrorInput): Change {
  planOperation('fail', row.status as ExecutionStatus)
  const recoverable = given.recoverable ?? isRecoverableByDefault(given.code)
  const retryCount = given.retryCount ?? row.retries
  // Steps still running cannot go on once the execution has failed: they fail with it, and a
  // retry asks them again. (A failure that names no step is of the step that was running.) The
  // step it names fails too when it never started — its condition, input or expression failed —
  // rather than staying pending in a failed execution.
  const steps = tx.w.all<{ id: string; stepId: string; name: string; retries: number; startedAt: number | null; status: string }>(
    `SELECT "id", "stepId", "name", "retries", "startedAt", "status" FROM "ExecutionStep" WHERE "executionId" = ? AND (+"status" = 'running' OR ("stepId" = ? AND +"status" = 'pending'))`,
    [row.id, given.step ?? null],
  )
  const running = steps.filter((s) => s.status === 'running')
  const error = given.step || running.length !== 1 ? given : { ...given, step: running[0]!.stepId }
  const stepEvents: NewEvent[] = steps.map((step) =>
    failStepRow(tx, { ...step, startedAt: step.startedAt === null ? null : new Date(step.startedAt) }, at, { ...error, recoverable, retryCount }),
  )
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
          tx.random,
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
  if (retry) events.push(appendLogLines(tx, row.id, at, [{ level: 'warn', step: error.step, message: retryMessage(retry) }]).event)
  const fingerprint = failureFingerprint(error.code, error.step, error.message)
  return {
    data: {
      status: 'failed',
      errorCode: error.code,
      // Sealed at rest; a list search finds it by its words' blind index (security/blind-index.ts).
      errorMessage: seal(error.message),
      errorTokens: blindIndex(error.message),
      errorStep: error.step ?? null,
      errorFingerprint: fingerprint,
      failureFingerprint: fingerprint, // (kept when it recovers: see the column)
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

function retryChange(tx: Tx, row: ExecutionRow, at: Date, deferred: boolean, runAt?: Date, automatic = false): Change {
  const path = planOperation('retry', row.status as ExecutionStatus)
  // Failed steps are asked again; completed ones keep their outputs and do not run again.
  tx.w.run(`UPDATE "ExecutionStep" SET "status" = 'pending', "updatedAt" = ? WHERE "executionId" = ? AND +"status" = 'failed'`, [at.getTime(), row.id])
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

/** PUT: the fields it sets and, when it names another status, that lifecycle change too. */
export function updateChange(tx: Tx, row: ExecutionRow, at: Date, input: UpdateExecutionInput, actor: Actor): Change {
  let status: Change = { events: [] }
  if (input.status && input.status !== row.status) {
    const operation = operationForTarget(row.status as ExecutionStatus, input.status)
    if (operation === 'complete' && !input.result) throw badRequest('result', 'required to set status completed')
    if (operation === 'fail' && !input.error) throw badRequest('error', 'required to set status failed')
    const args = { result: input.result, error: input.error, reason: input.reason, deferred: input.status === 'retry' ? true : undefined }
    status = LIFECYCLE_CHANGES[operation](tx, row, at, args, actor)
  }
  const { data, fields } = fieldsChange(tx.w, row, input)
  const events = [...status.events]
  if (fields.length) events.push({ type: 'execution.updated', data: { fields } })
  if (input.progress !== undefined) events.push({ type: 'execution.progress', data: { progress: input.progress } })
  if (!events.length) throw badRequest('body', 'nothing to change: give status or at least one field')
  return { data: { ...data, ...status.data }, events }
}

/** Supervision's stall flag on a running execution silent for `silenceMs`; refused when it reported meanwhile. */
export function stallChange(row: ExecutionRow, at: Date, silenceMs: number): Change {
  const since = row.reportedAt ?? row.startedAt ?? row.createdAt
  if (row.status !== 'running' || row.stalledAt || at.getTime() - since.getTime() < silenceMs)
    throw conflict(`execution ${row.id} is not silent: it is ${row.status}, last report ${since.toISOString()}`)
  return {
    data: { stalledAt: at },
    events: [{ type: 'execution.stalled', data: { lastReportAt: since.toISOString(), silentFor: at.getTime() - since.getTime(), silenceMs } }],
    bumpVersion: false,
  }
}
