// Steps of an execution: start, complete, fail and skip one, and the totals (steps, finished,
// progress) the execution takes from its steps. Plain functions inside the caller's transaction.
import type { Execution as ExecutionRow } from '@/generated/prisma/client'
import type { Writer } from '../../db/writer'
import { fromSql } from '../../db/rows'
import { isRecoverableByDefault } from '../../domain/errors'
import { isStepFinished, stepProgress, type StepStatus } from '../../domain/lifecycle'
import { mergedMetadata, seal, sealError, sealJson, sealValue } from '../../security/crypto'
import { conflict, notFound } from '../errors'
import { newId } from '../ids'
import type { Fields } from './tables'
import { ms, STEP_STATE_COLUMNS, type CompleteStepInput, type ErrorInput, type NewEvent, type StartStepInput, type StepState, type Tx } from './tx'

/** One step as changes read it (STEP_STATE_COLUMNS). */
export function loadStep(w: Writer, executionId: string, stepId: string): StepState | null {
  const raw = w.get<Record<string, unknown>>(`SELECT ${STEP_STATE_COLUMNS} FROM "ExecutionStep" WHERE "executionId" = ? AND "stepId" = ?`, [executionId, stepId])
  return raw ? fromSql<StepState>('ExecutionStep', raw) : null
}

function findStep(w: Writer, executionId: string, stepId: string): StepState {
  const step = loadStep(w, executionId, stepId)
  if (!step) throw notFound(`step ${stepId} of execution`, executionId)
  return step
}

/**
 * The execution's step totals from counts of its steps. Progress is the finished steps' share —
 * unless its runner has reported progress itself, which then stands: a service that adds its steps
 * one at a time would otherwise see 100% after each (1 of 1 finished), then its own figure again.
 */
export function totalsOf(row: Pick<ExecutionRow, 'stepsTotal' | 'progress' | 'progressReported'>, steps: number, finished: number) {
  const stepsTotal = Math.max(steps, row.stepsTotal)
  return { stepsTotal, stepsCompleted: finished, progress: row.progressReported ? row.progress : (stepProgress(finished, stepsTotal) ?? row.progress) }
}

/** stepsTotal, stepsCompleted and progress after a step changed, counted in the database. */
export function stepTotals(w: Writer, row: Pick<ExecutionRow, 'id' | 'stepsTotal' | 'progress' | 'progressReported'>) {
  const counts = w.all<{ status: string; n: number }>('SELECT "status", count(*) AS n FROM "ExecutionStep" WHERE "executionId" = ? GROUP BY "status"', [row.id])
  let all = 0
  let finished = 0
  for (const c of counts) {
    all += c.n
    if (isStepFinished(c.status as StepStatus)) finished += c.n
  }
  return totalsOf(row, all, finished)
}

/** Marks a step running (created when new), one attempt more; returns its step.started event. */
export function startStepRow(tx: Tx, executionId: string, at: Date, input: StartStepInput, restart = false, loaded?: StepState): NewEvent {
  const existing = loaded ?? loadStep(tx.w, executionId, input.id)
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
    tx.tables.updateStep(existing.id, { ...fields, attempt, retries: existing.status === 'failed' ? existing.retries + 1 : existing.retries })
  } else {
    const position = tx.w.get<{ n: number }>('SELECT count(*) AS n FROM "ExecutionStep" WHERE "executionId" = ?', [executionId])!.n
    tx.tables.insert('ExecutionStep', { ...fields, id: newId('step', at.getTime()), executionId, stepId: input.id, name: input.name ?? input.id, position, attempt, createdAt: at })
  }
  return {
    type: 'execution.step.started',
    stepId: input.id,
    data: { name: input.name ?? existing?.name ?? input.id, attempt, ...(existing?.status === 'running' ? { restarted: true } : {}) },
  }
}

/** Marks a running step completed with its output; returns its duration and step.completed event. */
export function completeStepRow(tx: Tx, row: Pick<ExecutionRow, 'id' | 'stepDurations'>, at: Date, stepId: string, input: CompleteStepInput, loaded?: StepState) {
  const step = loaded ?? findStep(tx.w, row.id, stepId)
  if (step.status !== 'running') throw conflict(`cannot complete step ${stepId}: it is ${step.status}; only a running step completes`)
  const duration = ms(step.startedAt, at) ?? 0
  const sealedOutput = input.output === undefined ? null : sealValue(input.output)
  tx.tables.updateStep(step.id, {
    status: 'completed',
    completedAt: at,
    durationMs: duration,
    output: sealedOutput === null ? null : JSON.stringify(sealedOutput),
    // An earlier attempt's error is history (its events, its task instance), not the step's now.
    errorCode: null,
    errorMessage: null,
    error: null,
    updatedAt: at,
    ...(input.metadata ? { metadata: mergedMetadata(step.metadata, input.metadata) } : {}),
  })
  const stepDurations = { ...((row.stepDurations as Record<string, number> | null) ?? {}), [stepId]: duration }
  return { stepDurations, sealedOutput, event: { type: 'execution.step.completed', stepId, data: { name: step.name, duration } } as NewEvent }
}

/**
 * Marks a running step failed with its error (completed with the step, its recoverability and
 * retry count unless given); returns its step.failed event.
 */
export function failStepRow(tx: Tx, step: Pick<StepState, 'id' | 'stepId' | 'name' | 'retries'> & { startedAt: Date | null }, at: Date, error: ErrorInput): NewEvent {
  const full = {
    ...error,
    step: step.stepId,
    recoverable: error.recoverable ?? isRecoverableByDefault(error.code),
    retryCount: error.retryCount ?? step.retries,
    timestamp: error.timestamp ?? at.toISOString(),
  }
  tx.tables.updateStep(step.id, {
    status: 'failed',
    failedAt: at,
    durationMs: ms(step.startedAt, at),
    errorCode: error.code,
    errorMessage: seal(error.message),
    error: sealError(full),
    updatedAt: at,
  })
  return { type: 'execution.step.failed', stepId: step.stepId, data: { name: step.name, error: full } }
}

/** Fails a running step (a worker's report). */
export function failStep(tx: Tx, executionId: string, at: Date, stepId: string, error: ErrorInput): NewEvent {
  const step = findStep(tx.w, executionId, stepId)
  if (step.status !== 'running') throw conflict(`cannot fail step ${stepId}: it is ${step.status}; only a running step fails`)
  return failStepRow(tx, step, at, error)
}

/** Skips (or disables) a pending or failed step. */
export function skipStep(tx: Tx, executionId: string, at: Date, stepId: string, input: { reason?: string; disabled?: boolean }): NewEvent {
  const step = findStep(tx.w, executionId, stepId)
  if (step.status !== 'pending' && step.status !== 'failed') {
    throw conflict(`cannot skip step ${stepId}: it is ${step.status}; only a pending or failed step is skipped`)
  }
  const status = input.disabled ? 'disabled' : 'skipped'
  tx.tables.updateStep(step.id, { status, completedAt: at, updatedAt: at, metadata: mergedMetadata(step.metadata, { skipReason: input.reason }) })
  return { type: `execution.step.${status}`, stepId, data: { name: step.name, reason: input.reason } }
}
