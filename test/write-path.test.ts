// The write path's parts on a bare database, without the service around them: the table of
// lifecycle changes and the step boundary, called as plain functions inside a transaction.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Execution as ExecutionRow } from '@/generated/prisma/client'
import { fromSql } from '@/server/db/rows'
import { openWriter, type Writer } from '@/server/db/writer'
import { sqlInteger } from '@/server/db/statements'
import { EXECUTION_STATUSES, LIFECYCLE_OPERATIONS, statusesAllowing, type ExecutionStatus } from '@/server/domain/lifecycle'
import type { Actor } from '@/server/domain/actor'
import type { CreateExecutionInput } from '@/server/domain/schemas'
import { loadExecution, loadForStepChange } from '@/server/services/executions/apply'
import { stepBoundary, type BoundaryInput, type BoundaryOutcome } from '@/server/services/executions/boundary'
import { LIFECYCLE_CHANGES } from '@/server/services/executions/changes'
import { createExecution } from '@/server/services/executions/create'
import { createTableWriter } from '@/server/services/executions/tables'
import type { Change, Tx } from '@/server/services/executions/tx'
import { open } from '@/server/security/crypto'
import { freshDatabase } from './helpers'

const operator: Actor = { type: 'operator', id: 'op-1' }
const engine: Actor = { type: 'engine', id: 'worker-1' }
let w: Writer
let tx: Tx
let clock = Date.parse('2026-12-01T10:00:00Z')
const at = () => new Date((clock += 1_000))

beforeEach(async () => {
  const { db, file } = await freshDatabase()
  await db.$disconnect()
  w = openWriter(file)
  tx = { w, tables: createTableWriter(w), random: () => 0.5, allowPrivateWebhooks: false, webhookWritten: () => {} }
})
afterEach(() => w.close())

function create(input: Partial<CreateExecutionInput> = {}): string {
  return w.transaction(() => createExecution(tx, { service: 'batch-processing-service', ...input } as CreateExecutionInput, at(), operator).id)
}
const row = (id: string) => loadExecution(w, id)!
/** Writes a change's columns as the service would (without its version guard and events). */
function write(id: string, change: Change) {
  const set = tx.tables.setClause({ ...change.data })
  if (set.sql) w.run(`UPDATE "Execution" SET ${set.sql} WHERE "id" = ?`, [...set.params, id])
}
const steps = (id: string) =>
  w.all<{ stepId: string; status: string; attempt: number }>('SELECT "stepId", "status", "attempt" FROM "ExecutionStep" WHERE "executionId" = ? ORDER BY "position"', [id])
const checkpoints = (id: string) => w.all<{ id: string; step: string; state: string }>('SELECT "id", "step", "state" FROM "ExecutionCheckpoint" WHERE "executionId" = ?', [id])

describe('the table of lifecycle changes', () => {
  it('allows each operation exactly from the statuses the lifecycle allows, and ends where its path ends', () => {
    const id = create({ steps: [{ id: 'a' }] })
    const base = row(id)
    const args = { result: { success: true, output: null, summary: 'done' }, error: { code: 'TIMEOUT' as const, message: 'took too long' }, reason: 'no longer needed' }
    for (const operation of LIFECYCLE_OPERATIONS) {
      const allowed = statusesAllowing(operation)
      for (const status of EXECUTION_STATUSES) {
        const attempt = () => w.transaction(() => LIFECYCLE_CHANGES[operation](tx, { ...base, status } as ExecutionRow, at(), args, operator))
        if (!allowed.includes(status)) {
          expect(attempt, `${operation} from ${status}`).toThrow(new RegExp(`cannot ${operation}`))
          continue
        }
        const expected: Record<string, ExecutionStatus> = { start: 'running', pause: 'paused', resume: 'running', complete: 'completed', fail: 'failed', cancel: 'cancelled' }
        // An operator's retry waits in `retry` for the execution's runner.
        expect(attempt().data?.status, `${operation} from ${status}`).toBe(expected[operation] ?? 'retry')
      }
    }
  })

  it('pauses with a checkpoint that resume names, and counts the time paused', () => {
    const id = create({ status: 'running', steps: [{ id: 'a' }, { id: 'b' }] })
    const paused = w.transaction(() => LIFECYCLE_CHANGES.pause(tx, row(id), at(), {}, operator))
    write(id, paused)
    const [checkpoint] = checkpoints(id)
    expect(paused.events[0]).toMatchObject({ type: 'execution.paused', data: { checkpointId: checkpoint!.id } })
    expect(JSON.parse(checkpoint!.state)).toMatchObject({ currentStep: 0, totalSteps: 2, pendingSteps: ['a', 'b'] })
    clock += 60_000
    const resumed = w.transaction(() => LIFECYCLE_CHANGES.resume(tx, row(id), at(), {}, operator))
    expect(resumed.data).toMatchObject({ status: 'running', pausedAt: null, pausedMs: 61_000 })
    expect(resumed.events[0]).toMatchObject({ type: 'execution.resumed', data: { checkpointId: checkpoint!.id, pausedFor: 61_000 } })
  })

  it('fails the steps still running with the execution, and plans the retry its policy covers', () => {
    const retryPolicy = { maxRetries: 3, backoff: 'exponential' as const, initialDelay: 1_000, maxDelay: 60_000, retryableErrors: ['TIMEOUT' as const] }
    const id = create({ status: 'running', retryPolicy, steps: [{ id: 'a' }, { id: 'b' }] })
    w.run(`UPDATE "ExecutionStep" SET "status" = 'running', "startedAt" = ? WHERE "executionId" = ? AND "stepId" = 'a'`, [clock, id])
    const failed = w.transaction(() => LIFECYCLE_CHANGES.fail(tx, row(id), at(), { error: { code: 'TIMEOUT', message: 'took too long' } }, engine))
    expect(steps(id).map((s) => s.status)).toEqual(['failed', 'pending'])
    expect(failed.events.map((e) => e.type)).toEqual(['execution.step.failed', 'execution.failed', 'execution.log'])
    // The failure names the step that was running; the retry is due after the first backoff.
    expect(failed.data).toMatchObject({ status: 'failed', errorCode: 'TIMEOUT', errorStep: 'a', errorRecoverable: true })
    expect((failed.data!.nextRunAt as Date).getTime()).toBeGreaterThan(clock)
    // A retry asks the failed step again.
    write(id, failed)
    const retried = w.transaction(() => LIFECYCLE_CHANGES.retry(tx, row(id), at(), {}, operator))
    expect(retried.data).toMatchObject({ status: 'retry', retries: 1 })
    expect(steps(id).map((s) => s.status)).toEqual(['pending', 'pending'])
  })

  it('hands a workflow execution started from outside to the engine, and lets the engine start it with its lease', () => {
    const definition = 'wf-test@1'
    w.run(
      `INSERT INTO "WorkflowDefinition" ("id", "key", "version", "name", "serviceId", "definition", "createdAt") VALUES (?, 'wf-test', 1, 'Test', 'batch-processing-service', '{}', ?)`,
      [definition, clock],
    )
    const id = create({ workflowTemplateVersionId: definition })
    const handed = w.transaction(() => LIFECYCLE_CHANGES.start(tx, row(id), at(), {}, operator))
    expect(handed.data).toMatchObject({ status: 'starting' })
    const leased = w.transaction(() => LIFECYCLE_CHANGES.start(tx, row(id), at(), { lease: { workerId: 'worker-1', leaseMs: 30_000 } }, engine))
    expect(leased.data).toMatchObject({ status: 'running', leaseOwner: 'worker-1' })
  })
})

describe('the step boundary', () => {
  /** Runs one boundary of a running execution as the engine asks for it, and writes its change. */
  function boundary(id: string, stepId: string, startNext: string[], known?: Map<string, unknown>): BoundaryOutcome & { change: Change } {
    const outcome: BoundaryOutcome = { started: [], completed: false }
    const input: BoundaryInput = {
      output: { from: stepId },
      startNext,
      known,
      finish: (outputs) => ({ success: true, output: null, summary: `${Object.keys(outputs).length} outputs` }),
    }
    const change = w.transaction(() => {
      const made = stepBoundary(tx, loadForStepChange(w, id)!, at(), stepId, input, outcome)
      write(id, made)
      return made
    })
    return { ...outcome, change }
  }
  const chain = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `s${i}`, dependsOn: i ? [`s${i - 1}`] : [] }))
  const startFirst = (id: string) =>
    w.run(`UPDATE "ExecutionStep" SET "status" = 'running', "attempt" = 1, "startedAt" = ? WHERE "executionId" = ? AND "stepId" = 's0'`, [clock, id])

  for (const length of [3, 250]) {
    it(`walks a chain of ${length} steps: completes each, starts the next, counts progress, completes the execution at the last`, () => {
      const id = create({ status: 'running', steps: chain(length) })
      startFirst(id)
      let checkpointsWritten = 0
      for (let i = 0; i < length; i++) {
        const last = i === length - 1
        const done = boundary(id, `s${i}`, last ? [] : [`s${i + 1}`])
        expect(done.started).toEqual(last ? [] : [`s${i + 1}`])
        expect(done.completed).toBe(last)
        expect(done.change.data).toMatchObject({ stepsCompleted: i + 1, stepsTotal: length })
        if (done.change.events.some((e) => e.type === 'execution.checkpoint')) checkpointsWritten++
      }
      expect(steps(id).every((s) => s.status === 'completed' && s.attempt === 1)).toBe(true)
      const ended = row(id)
      expect(ended).toMatchObject({ status: 'completed', progress: 100, stepsCompleted: length, errorRate: 0 })
      expect(open(ended.result)).toEqual({ success: true, output: null, summary: `${length} outputs` })
      // A checkpoint at every boundary but the last for a short workflow; at every 50th for a long one.
      expect(checkpointsWritten).toBe(length <= 200 ? length - 1 : Math.floor((length - 1) / 50))
    })
  }

  it('starts a step only when every step it depends on has finished (fan-in)', () => {
    const id = create({ status: 'running', steps: [{ id: 'a' }, { id: 'b' }, { id: 'join', dependsOn: ['a', 'b'] }] })
    w.run(`UPDATE "ExecutionStep" SET "status" = 'running', "attempt" = 1 WHERE "executionId" = ? AND "stepId" IN ('a', 'b')`, [id])
    expect(boundary(id, 'a', ['join']).started).toEqual([])
    expect(boundary(id, 'b', ['join']).started).toEqual(['join'])
    expect(steps(id).map((s) => s.status)).toEqual(['completed', 'completed', 'running'])
    expect(row(id).progress).toBeCloseTo(66.67)
  })

  it('writes the boundary checkpoint with the outputs as results, sealed at rest', () => {
    const id = create({ status: 'running', steps: chain(3) })
    startFirst(id)
    boundary(id, 's0', ['s1'])
    const [checkpoint] = checkpoints(id)
    expect(checkpoint!.step).toBe('s0')
    expect(checkpoint!.state).not.toContain('"from":"s0"')
    const state = JSON.parse(checkpoint!.state) as { completedSteps: string[]; pendingSteps: string[]; results: Record<string, unknown> }
    expect(state).toMatchObject({ completedSteps: ['s0'], pendingSteps: ['s1', 's2'] })
    expect(open(state.results.s0)).toEqual({ from: 's0' })
  })

  it('refuses a step that is not running, and changes nothing', () => {
    const id = create({ status: 'running', steps: chain(2) })
    expect(() => boundary(id, 's0', ['s1'])).toThrow(/cannot complete step s0: it is pending/)
    expect(() => boundary(id, 'nope', [])).toThrow(/step nope of execution/)
    expect(steps(id).map((s) => s.status)).toEqual(['pending', 'pending'])
    expect(fromSql<ExecutionRow>('Execution', w.get('SELECT * FROM "Execution" WHERE "id" = ?', [id])!).stepsCompleted).toBe(0)
  })
})

describe('row counts written into SQL', () => {
  // LIMIT and OFFSET are written as literals (a bound LIMIT makes SQLite prepare the statement
  // again at every run): only whole numbers may reach the SQL text.
  it('takes whole numbers and -1 (no limit), and refuses anything else', () => {
    expect(`LIMIT ${sqlInteger(50)} OFFSET ${sqlInteger(0)}`).toBe('LIMIT 50 OFFSET 0')
    expect(sqlInteger(-1)).toBe('-1')
    for (const bad of [1.5, -2, Number.NaN, Infinity, 2 ** 53, '5; DROP TABLE "Execution"' as unknown as number]) {
      expect(() => sqlInteger(bad)).toThrow(/whole number/)
    }
  })
})
