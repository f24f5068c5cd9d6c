// Task instances in the write path (seed 003; docs/workers.md): a task step's attempt is
// dispatched in the change that starts the step, its end is written in the change that completes
// or fails the step, and every live one stops in the change that stops its execution. A worker's
// report carries the instance's lease token: a worker that lost its lease cannot write.
import { sealJson } from '../../security/crypto'
import { conflict } from '../errors'
import { newId } from '../ids'
import type { Actor } from '../../domain/actor'
import type { Execution as ExecutionRow } from '@/generated/prisma/client'
import { isStepFinished, type StepStatus } from '../../domain/lifecycle'
import { stepTotals, totalsOf } from './steps'
import { type ResultInput, type StartStepInput, type Tx } from './tx'

export const TASK_PRIORITY_RANK = { CRITICAL: 0, HIGH: 1, MEDIUM: 2, LOW: 3 } as const
export type TaskPriority = keyof typeof TASK_PRIORITY_RANK
/** Statuses a worker may still report on. */
export const LIVE_TASK_STATUSES = ['PENDING', 'ASSIGNED', 'RUNNING'] as const

/** What the engine dispatches with a task step's start. */
export interface TaskDispatch {
  organizationId: string
  taskDefinitionId: string
  taskKey: string
  taskVersion: string
  type: string
  priority: TaskPriority
  timeoutMs: number
  input: unknown
  retryCount: number
  /** Not claimable before (a retry's backoff). */
  availableAt: Date
  workflowDefinitionId: string | null
  taskReference?: string
  /** Its id, when the caller names it beforehand (to hand it to a worker once written). */
  id?: string
  /** Handed to a worker in the change that dispatches it: RUNNING under its lease at once. */
  holder?: TaskHolder
}

/** The worker an instance is handed to as it is dispatched, and its lease. */
export interface TaskHolder {
  executorId: string
  leaseToken: string
  leaseExpiresAt: number
  environment: string | null
}

/** A task step's attempt as the write path dispatches it: the step's start and its instance. */
export interface TaskDispatchPlan {
  input: StartStepInput
  task: TaskDispatch
}

/**
 * What the engine does with a worker's result, in the change that takes it: the task steps it
 * starts, and — when it was the last step — the execution's completion with its result, by the engine.
 */
export interface AfterTask {
  next: TaskDispatchPlan[]
  finish?: { result: ResultInput }
  /** Whose decisions those are (the engine's): the events of the starts and the completion are its. */
  by?: Actor
  /**
   * Set by the change, in its transaction: nothing else became ready to start (no pending step
   * whose dependencies have all finished) and the execution goes on — its run has nothing to do.
   */
  covered?: boolean
}

/** Workflows of up to this many steps are read whole to tell whether a result left anything ready. */
const COVERED_CHECK_MAX_STEPS = 200

/**
 * The execution's step totals as a change leaves them, and whether a pending step has all its
 * dependencies finished (`ready`; always true past COVERED_CHECK_MAX_STEPS: the run looks then).
 */
export function stepsAfter(tx: Tx, row: Pick<ExecutionRow, 'id' | 'stepsTotal' | 'progress' | 'progressReported'>): { totals: ReturnType<typeof totalsOf>; ready: boolean } {
  if (row.stepsTotal > COVERED_CHECK_MAX_STEPS) return { totals: stepTotals(tx.w, row), ready: true }
  const steps = tx.w.all<{ stepId: string; status: string; dependsOn: string | null }>('SELECT "stepId", "status", "dependsOn" FROM "ExecutionStep" WHERE "executionId" = ?', [
    row.id,
  ])
  const finished = new Set(steps.filter((s) => isStepFinished(s.status as StepStatus)).map((s) => s.stepId))
  const dependencies = (s: { dependsOn: string | null }) => (s.dependsOn ? ((JSON.parse(s.dependsOn) as string[] | null) ?? []) : [])
  return { totals: totalsOf(row, steps.length, finished.size), ready: steps.some((s) => s.status === 'pending' && dependencies(s).every((d) => finished.has(d))) }
}

/** An instance a change started: its step and attempt. */
export interface StartedTask {
  stepId: string
  taskId: string
  attempt: number
}

/** A worker's hold on an instance. */
export interface TaskClaim {
  taskId: string
  leaseToken: string
}

/** Inserts the instance of a step's attempt, PENDING (or RUNNING for its holder); its id. */
export function insertTaskInstance(tx: Tx, executionId: string, stepId: string, attempt: number, at: Date, d: TaskDispatch): string {
  const id = d.id ?? newId('tsk', at.getTime())
  const held = d.holder
    ? {
        status: 'RUNNING',
        startedAt: at,
        executorId: d.holder.executorId,
        leaseToken: d.holder.leaseToken,
        leaseExpiresAt: d.holder.leaseExpiresAt,
        environment: d.holder.environment,
      }
    : { status: 'PENDING' }
  tx.tables.insert('TaskInstance', {
    id,
    executionId,
    stepId,
    attempt,
    organizationId: d.organizationId,
    taskDefinitionId: d.taskDefinitionId,
    taskKey: d.taskKey,
    taskVersion: d.taskVersion,
    workflowDefinitionId: d.workflowDefinitionId,
    type: d.type,
    ...held,
    priority: d.priority,
    rank: TASK_PRIORITY_RANK[d.priority],
    input: sealJson(d.input ?? null),
    availableAt: d.availableAt,
    timeoutMs: d.timeoutMs,
    retryCount: d.retryCount,
    taskReference: d.taskReference ?? null,
    version: 1,
    createdAt: at,
    updatedAt: at,
  })
  return id
}

/**
 * Ends the instance a worker holds (`claim`) of this step: refused when it is not live any more
 * (cancelled with its execution, timed out, handed to another worker after a lost lease).
 */
export function finishTaskInstance(
  tx: Tx,
  executionId: string,
  stepId: string,
  at: Date,
  claim: TaskClaim,
  end: { status: 'COMPLETED'; output: unknown } | { status: 'FAILED' | 'TIMED_OUT'; error: unknown },
): void {
  const ended = tx.w.run(
    // Only the live instance of this step under this lease. The token stays: the same report sent
    // again (a retry after a lost answer) is recognised.
    `UPDATE "TaskInstance" SET "status" = ?, "output" = ?, "error" = ?, "endedAt" = ?, "durationMs" = CASE WHEN "startedAt" IS NULL THEN NULL ELSE ? - "startedAt" END,
       "leaseExpiresAt" = NULL, "version" = "version" + 1, "updatedAt" = ?
     WHERE "id" = ? AND "executionId" = ? AND "stepId" = ? AND "leaseToken" = ? AND "status" IN ('ASSIGNED', 'RUNNING')`,
    [
      end.status,
      end.status === 'COMPLETED' ? sealJson(end.output ?? null) : null,
      end.status === 'COMPLETED' ? null : sealJson(end.error),
      at.getTime(),
      at.getTime(),
      at.getTime(),
      claim.taskId,
      executionId,
      stepId,
      claim.leaseToken,
    ],
  )
  if (ended.changes === 1) return
  // Refused: say why.
  const row = tx.w.get<{ status: string; stepId: string; executionId: string; leaseToken: string | null }>(
    'SELECT "status", "stepId", "executionId", "leaseToken" FROM "TaskInstance" WHERE "id" = ?',
    [claim.taskId],
  )
  if (!row || row.executionId !== executionId || row.stepId !== stepId) throw conflict(`task ${claim.taskId} is not step ${stepId} of execution ${executionId}`)
  if (row.status !== 'ASSIGNED' && row.status !== 'RUNNING') throw conflict(`task ${claim.taskId} is ${row.status}; its result is not taken`)
  throw conflict(`task ${claim.taskId} is no longer yours: its lease passed to another worker; its result is not taken`)
}

/** The live instances of an execution that stopped running: CANCELLED (their workers are told). */
export function stopLiveTasks(tx: Tx, executionId: string, at: Date): void {
  tx.w.run(
    `UPDATE "TaskInstance" SET "status" = 'CANCELLED', "endedAt" = ?, "leaseToken" = NULL, "leaseExpiresAt" = NULL, "version" = "version" + 1, "updatedAt" = ? WHERE "executionId" = ? AND "status" IN ('PENDING', 'ASSIGNED', 'RUNNING')`,
    [at.getTime(), at.getTime(), executionId],
  )
}
