// Checkpoints: the state an execution is restored from (ExecutionState: docs/data-model.md).
// The newest 20 of an execution are kept; results and variables are sealed at rest.
import type { Execution as ExecutionRow } from '@/generated/prisma/client'
import type { ExecutionState } from '../../domain/execution'
import { isStepFinished, type StepStatus } from '../../domain/lifecycle'
import { sealEach, sealValue } from '../../security/crypto'
import { newId } from '../ids'
import { conflict, notFound } from '../errors'
import { stepTotals } from './steps'
import { heldBy } from './resources'
import { KEEP_CHECKPOINTS, MAX_RESULTS_IN_CHECKPOINT, type Change, type Tx } from './tx'

/** A step as a checkpoint reads it; `output` as its row holds it (sealed), when listed. */
type CheckpointStep = { stepId: string; status: string; output?: unknown }

/**
 * The state of an execution's steps, in order: where it is, what finished, what is left, and
 * the results — the completed steps' outputs as sealed in their rows, or (a long batch) how many.
 */
export function stateOfSteps(
  steps: readonly CheckpointStep[],
  row: Pick<ExecutionRow, 'stepsTotal' | 'context'>,
  options: { listResults: boolean; variables?: Record<string, unknown>; current?: { stepId: string; sealedOutput: unknown } },
): ExecutionState {
  const completed = steps.filter((s) => isStepFinished(s.status as StepStatus))
  const results: Record<string, unknown> = {}
  if (options.listResults) {
    for (const s of steps) {
      if (s.status !== 'completed') continue
      const sealed = s.stepId === options.current?.stepId ? options.current.sealedOutput : s.output
      if (sealed !== null && sealed !== undefined) results[s.stepId] = sealed
    }
  }
  return {
    currentStep: completed.length,
    totalSteps: Math.max(steps.length, row.stepsTotal),
    completedSteps: completed.map((s) => s.stepId),
    pendingSteps: steps.filter((s) => !isStepFinished(s.status as StepStatus)).map((s) => s.stepId),
    // Sealed like the context they come from (which is copied as it is stored, not sealed again).
    variables: (options.variables !== undefined ? sealValue(options.variables) : (row.context ?? {})) as Record<string, unknown>,
    results: options.listResults ? results : sealEach({ completedSteps: completed.length }),
  }
}

/**
 * Writes a checkpoint (ExecutionState, computed from the steps unless given); keeps the newest
 * 20. `sealed` says a given state's results and variables already are; `prune: false` leaves the
 * older ones for a later checkpoint to remove.
 */
export function writeCheckpoint(
  tx: Tx,
  row: Pick<ExecutionRow, 'id' | 'stepsTotal' | 'context'>,
  at: Date,
  metadata: Record<string, unknown>,
  given?: { step: string; state: ExecutionState; sealed?: boolean; prune?: boolean },
  forStep?: string,
  variables?: Record<string, unknown>,
): string {
  const { w } = tx
  let step = given?.step
  let state = given?.state
  let sealed = given?.sealed ?? false
  if (!state) {
    const steps: CheckpointStep[] = w.all<{ stepId: string; status: string }>('SELECT "stepId", "status" FROM "ExecutionStep" WHERE "executionId" = ? ORDER BY "position"', [
      row.id,
    ])
    // Step outputs are the results; a long batch records how many instead of every one.
    const listResults = steps.length <= MAX_RESULTS_IN_CHECKPOINT
    if (listResults) {
      const outputs = new Map(
        w
          .all<{ stepId: string; output: string | null }>(`SELECT "stepId", "output" FROM "ExecutionStep" WHERE "executionId" = ? AND +"status" = 'completed'`, [row.id])
          .map((s) => [s.stepId, s.output === null ? null : JSON.parse(s.output)]),
      )
      for (const s of steps) s.output = outputs.get(s.stepId)
    }
    const current = steps.find((s) => !isStepFinished(s.status as StepStatus))
    const lastFinished = steps.filter((s) => isStepFinished(s.status as StepStatus)).at(-1)
    step = forStep ?? current?.stepId ?? lastFinished?.stepId ?? 'execution'
    state = stateOfSteps(steps, row, { listResults, variables })
    // Seed 002's resourceAllocations: what the execution holds as the checkpoint is taken.
    const held = heldBy(w, row.id)
    if (Object.keys(held).length) state.resourceAllocations = held
    sealed = true
  }
  const id = newId('ckpt', at.getTime())
  // Results are step outputs, variables the service's state: both sealed (a caller's given state is sealed here).
  const stored = sealed ? state : { ...state, results: sealEach(state.results), variables: sealValue(state.variables ?? {}) as Record<string, unknown> }
  tx.tables.insert('ExecutionCheckpoint', { id, executionId: row.id, step, state: stored, metadata, createdAt: at })
  // Restores use the newest checkpoints; older ones of a long run (one per step boundary) go.
  if (given?.prune === false) return id
  w.run(
    `DELETE FROM "ExecutionCheckpoint" WHERE "executionId" = ? AND "createdAt" <
       (SELECT "createdAt" FROM "ExecutionCheckpoint" WHERE "executionId" = ? ORDER BY "createdAt" DESC LIMIT 1 OFFSET ${KEEP_CHECKPOINTS - 1})`,
    [row.id, row.id],
  )
  return id
}

/**
 * Back to a checkpoint (restoreFromCheckpoint): the steps it records as finished keep their
 * outputs (as it sealed them, when it listed them), every later step is asked again (pending,
 * its output and error cleared, its attempts counted on), and its variables become the context.
 * The caller then retries the execution (the engine, or the service hearing `execution.retry`,
 * runs what is pending; a completed step never runs again). Only a failed execution is restored:
 * a running one would race its runner, an ended one is rerun as a new execution instead.
 */
export function restoreCheckpoint(tx: Tx, row: ExecutionRow, at: Date, checkpointId: string): Change {
  if (row.status !== 'failed') {
    throw conflict(
      `cannot restore a checkpoint: execution ${row.id} is ${row.status}; a checkpoint is restored into a failed execution (${
        row.status === 'running' || row.status === 'paused' ? 'cancel or let it fail first' : 'rerun it from a step as a new execution instead'
      })`,
    )
  }
  const found = tx.w.get<{ step: string; state: string; createdAt: number }>(
    'SELECT "step", "state", "createdAt" FROM "ExecutionCheckpoint" WHERE "id" = ? AND "executionId" = ?',
    [checkpointId, row.id],
  )
  if (!found) throw notFound('checkpoint', checkpointId)
  const state = JSON.parse(found.state) as ExecutionState
  const finished = new Set(state.completedSteps)
  // Results listed per step (sealed as in the rows), or a long batch's count only: then the rows' own outputs stay.
  const results = state.results && !('completedSteps' in state.results) ? state.results : {}
  const steps = tx.w.all<{ id: string; stepId: string; status: string }>('SELECT "id", "stepId", "status" FROM "ExecutionStep" WHERE "executionId" = ? ORDER BY "position"', [
    row.id,
  ])
  const rerun: string[] = []
  const ms = at.getTime()
  for (const s of steps) {
    if (finished.has(s.stepId)) {
      if (s.stepId in results) tx.w.run('UPDATE "ExecutionStep" SET "output" = ?, "updatedAt" = ? WHERE "id" = ?', [JSON.stringify(results[s.stepId]), ms, s.id])
      continue
    }
    if (s.status === 'pending') continue
    rerun.push(s.stepId)
    tx.w.run(
      `UPDATE "ExecutionStep" SET "status" = 'pending', "output" = NULL, "error" = NULL, "errorCode" = NULL, "errorMessage" = NULL,
         "startedAt" = NULL, "completedAt" = NULL, "failedAt" = NULL, "durationMs" = NULL, "updatedAt" = ? WHERE "id" = ?`,
      [ms, s.id],
    )
  }
  const totals = stepTotals(tx.w, row)
  return {
    // (The context column holds JSON of the sealed value, as the checkpoint copied it.)
    data: { ...totals, context: state.variables === undefined || state.variables === null ? null : JSON.stringify(state.variables) },
    events: [
      {
        type: 'execution.checkpoint.restored',
        stepId: found.step === 'execution' ? undefined : found.step,
        data: { checkpointId, takenAt: new Date(found.createdAt).toISOString(), kept: [...finished].filter((id) => steps.some((s) => s.stepId === id)).length, rerun },
      },
    ],
  }
}
