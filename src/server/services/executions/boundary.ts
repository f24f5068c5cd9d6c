// The step boundary: the engine's hottest write. In one change, complete a step, start those of
// its successors whose dependencies have all finished, update the totals, write the boundary
// checkpoint, and — when nothing is left — complete the execution (docs/engine.md).
import type { Writer } from '../../db/writer'
import { fromSql } from '../../db/rows'
import { isStepFinished, type StepStatus } from '../../domain/lifecycle'
import { open } from '../../security/crypto'
import { placeholders } from '../execution-sql'
import { notFound } from '../errors'
import type { StepChangeRow } from './apply'
import { completeChange } from './changes'
import { stateOfSteps, writeCheckpoint } from './checkpoints'
import { release } from './resources'
import { completeStepRow, startStepRow, stepTotals, totalsOf } from './steps'
import { KEEP_CHECKPOINTS, MAX_RESULTS_IN_CHECKPOINT, STEP_STATE_COLUMNS, type Change, type NewEvent, type ResultInput, type StepState, type Tx } from './tx'

/** A step boundary as the engine asks for it. */
export interface BoundaryInput {
  output: unknown
  startNext: readonly string[]
  finish: (outputs: Record<string, { outputData: unknown }>) => ResultInput
  /** Outputs the caller holds as its handlers returned them: not opened again for the result. */
  known?: ReadonlyMap<string, unknown>
}

/** What a boundary did: the steps it started, and whether it completed the execution. */
export type BoundaryOutcome = { started: string[]; completed: boolean }

/** A step's dependencies, as its row holds them. */
const dependenciesOf = (s: StepState) => (s.dependsOn as string[] | null) ?? []

/**
 * The steps a boundary reads. A workflow of up to 200 steps is read whole, once, and kept as
 * this change leaves it; a longer one only as far as the boundary needs (the step, its
 * successors and their dependencies; counts for the totals), and whole only when a checkpoint or
 * the result needs it. (A class: the boundary is the hottest write, and methods cost no closure
 * per call.)
 */
class StepBook {
  private whole: StepState[] | null
  private readonly byStep: Map<string, StepState>

  constructor(
    private readonly w: Writer,
    private readonly executionId: string,
    readWhole: boolean,
  ) {
    this.whole = readWhole ? this.readAll() : null
    this.byStep = new Map((this.whole ?? []).map((s) => [s.stepId, s]))
  }

  private read(sql: string, params: unknown[]): StepState[] {
    return this.w.all<Record<string, unknown>>(sql, params).map((raw) => fromSql<StepState>('ExecutionStep', raw))
  }

  private readAll(): StepState[] {
    return this.read(`SELECT ${STEP_STATE_COLUMNS} FROM "ExecutionStep" WHERE "executionId" = ? ORDER BY "position"`, [this.executionId])
  }

  get(stepId: string): StepState | undefined {
    return this.byStep.get(stepId)
  }

  /** Reads the steps of these ids not read yet (none when read whole). */
  load(stepIds: readonly string[]): void {
    if (this.whole) return
    const missing = [...new Set(stepIds)].filter((id) => !this.byStep.has(id))
    if (!missing.length) return
    const sql = `SELECT ${STEP_STATE_COLUMNS} FROM "ExecutionStep" WHERE "executionId" = ? AND "stepId" IN (${placeholders(missing.length)})`
    for (const s of this.read(sql, [this.executionId, ...missing])) this.byStep.set(s.stepId, s)
  }

  /** Records a status this change gave a step. */
  mark(step: StepState, status: string): void {
    step.status = status
  }

  /** stepsTotal, stepsCompleted, progress as the change leaves them. */
  totals(row: StepChangeRow) {
    if (!this.whole) return stepTotals(this.w, row)
    let finished = 0
    for (const s of this.whole) if (isStepFinished(s.status as StepStatus)) finished++
    return totalsOf(row, this.whole.length, finished)
  }

  /** Every step in order, as this change leaves them. */
  all(): readonly StepState[] {
    return (this.whole ??= this.readAll())
  }
}

/** One step boundary (see the file's head); `outcome` says what it did. */
export function stepBoundary(tx: Tx, row: StepChangeRow, at: Date, stepId: string, input: BoundaryInput, outcome: BoundaryOutcome): Change {
  // From the start: a batch refused elsewhere runs this again (see commit.ts, flush).
  outcome.started = []
  outcome.completed = false
  const whole = row.stepsTotal <= MAX_RESULTS_IN_CHECKPOINT
  const book = new StepBook(tx.w, row.id, whole)
  book.load([stepId, ...input.startNext])
  const current = book.get(stepId)
  if (!current) throw notFound(`step ${stepId} of execution`, row.id)
  const { stepDurations, event, sealedOutput } = completeStepRow(tx, row, at, stepId, { output: input.output }, current)
  book.mark(current, 'completed')
  const events: NewEvent[] = [event, ...release(tx, row.id, stepId, at, 'completed', true)]

  const candidates = [...new Set(input.startNext)].map((id) => book.get(id)).filter((s): s is StepState => s?.status === 'pending')
  book.load(candidates.flatMap(dependenciesOf))
  for (const candidate of candidates) {
    if (!dependenciesOf(candidate).every((d) => isStepFinished((book.get(d)?.status ?? 'pending') as StepStatus))) continue
    events.push(startStepRow(tx, row.id, at, { id: candidate.stepId }, false, candidate))
    book.mark(candidate, 'running')
    outcome.started.push(candidate.stepId)
  }

  const totals = book.totals(row)
  events.push({ type: 'execution.progress', data: { progress: totals.progress } })
  // The last boundary completes the execution; nothing restores a completed one, so no checkpoint.
  if (totals.stepsCompleted === totals.stepsTotal) {
    const steps = book.all()
    const outputs: Record<string, { outputData: unknown }> = {}
    for (const s of steps) {
      if (s.status !== 'completed') continue
      const outputData = s.stepId === stepId ? (input.output ?? null) : input.known?.has(s.stepId) ? input.known.get(s.stepId) : s.output === null ? null : open(s.output)
      outputs[s.stepId] = { outputData }
    }
    const tried = steps.filter((s) => s.attempt > 0)
    const done = completeChange(tx, { ...row, ...totals }, at, input.finish(outputs), { attempts: tried.reduce((n, s) => n + s.attempt, 0), steps: tried.length })
    outcome.completed = true
    return { data: { ...totals, stepDurations, ...done.data }, events: [...events, ...done.events] }
  }
  // A checkpoint at every boundary; for workflows of over 200 steps at every 50th.
  if (whole || totals.stepsCompleted % 50 === 0) {
    const state = stateOfSteps(book.all(), row, { listResults: whole, current: { stepId, sealedOutput } })
    const checkpointId = writeCheckpoint(
      tx,
      row,
      at,
      { reason: 'step-boundary' },
      // Pruning waits for the 19th boundary: before it, boundaries alone cannot make 20 (a pause's,
      // an interval's or a handler's checkpoint prunes when written), so at most 18 extra stay a while.
      { step: stepId, state, sealed: true, prune: !whole || totals.stepsCompleted >= KEEP_CHECKPOINTS - 1 },
    )
    events.push({ type: 'execution.checkpoint', stepId, data: { checkpointId } })
  }
  return { data: { ...totals, stepDurations }, events }
}
