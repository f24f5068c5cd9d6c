// A live execution page applies each event to what it holds and reads back only what the event
// does not carry: never the whole execution (511 KB for the 1,000-step batch).
import { describe, expect, it } from 'vitest'
import type { ServiceExecution } from '@/server/domain/execution'
import { mergeRereads, NO_REREADS, patchExecution } from '@/components/execution/live-patch'

const step = (id: string, status: string, extra: object = {}) => ({ $type: 'ExecutionStep', id, name: id, status, runtimeStatus: 'NotStarted', ...extra })
const execution = (): ServiceExecution =>
  ({
    $id: 'exec_1',
    status: 'running',
    runtimeStatus: 'InProgress',
    progress: 0,
    version: 4,
    metrics: { stepsCompleted: 0, stepsTotal: 3 },
    metadata: { createdAt: '2026-12-02T09:59:59.000Z', updatedAt: '2026-12-02T10:00:00.000Z', lastActivityAt: '2026-12-02T10:00:00.000Z' },
    steps: [step('one', 'running', { attempt: 1, startedAt: '2026-12-02T10:00:00.000Z' }), step('two', 'pending'), step('three', 'pending')],
  }) as unknown as ServiceExecution
const at = '2026-12-02T10:00:05.000Z'

describe('patching a live execution from its events', () => {
  it('applies a step boundary whole: the step done with its duration, the next started, the count and progress; reads back only the finished step', () => {
    const before = execution()
    const done = patchExecution(before, { event: 'execution.step.completed', step: 'one', timestamp: at, data: { name: 'one', duration: 5000 } })
    expect(done.execution.steps![0]).toMatchObject({ status: 'completed', runtimeStatus: 'Completed', completedAt: at, duration: 5000, attempt: 1 })
    expect(done.execution.metrics!.stepsCompleted).toBe(1)
    expect(done.rereads).toEqual({ ...NO_REREADS, steps: ['one'] }) // (its output is not in the event)
    // Every event is activity (seed 004's lastActivityAt); an older one does not move it back.
    expect(done.execution.metadata.lastActivityAt).toBe(at)
    expect(patchExecution(done.execution, { event: 'execution.log', timestamp: '2026-12-02T10:00:01.000Z' }).execution.metadata.lastActivityAt).toBe(at)
    const next = patchExecution(done.execution, { event: 'execution.step.started', step: 'two', timestamp: at, data: { name: 'two', attempt: 1 } })
    expect(next.execution.steps![1]).toMatchObject({ status: 'running', runtimeStatus: 'InProgress', startedAt: at, attempt: 1 })
    expect(next.rereads).toEqual(NO_REREADS)
    const progress = patchExecution(next.execution, { event: 'execution.progress', timestamp: at, progress: 33.33 })
    expect(progress.execution.progress).toBe(33.33)
    expect(progress.rereads).toEqual(NO_REREADS)
    // What the page held is not changed in place (React sees new objects).
    expect(before.steps![0]!.status).toBe('running')
    expect(before.metrics!.stepsCompleted).toBe(0)
  })

  it('marks a failed step with its error and reads back the execution’s own fields; a retried step starts again', () => {
    const failed = patchExecution(execution(), {
      event: 'execution.step.failed',
      step: 'one',
      timestamp: at,
      data: { name: 'one', error: { code: 'API_TIMEOUT', message: 'no answer' } },
    })
    expect(failed.execution.steps![0]).toMatchObject({ status: 'failed', failedAt: at, error: { code: 'API_TIMEOUT' } })
    expect(failed.execution.metrics!.stepsCompleted).toBe(0)
    expect(failed.rereads).toMatchObject({ summary: true, steps: ['one'] })
    const again = patchExecution(failed.execution, { event: 'execution.step.started', step: 'one', timestamp: at, data: { attempt: 2 } })
    expect(again.execution.steps![0]).toMatchObject({ status: 'running', attempt: 2, startedAt: at })
    expect(again.execution.steps![0]!.failedAt).toBeUndefined()
  })

  it('takes a lifecycle change’s status at once and reads the rest back; a step it never saw makes it read everything', () => {
    const paused = patchExecution(execution(), { event: 'execution.paused', status: 'paused', timestamp: at })
    expect(paused.execution).toMatchObject({ status: 'paused', runtimeStatus: 'InProgress' })
    expect(paused.rereads).toMatchObject({ summary: true, webhooks: true, checkpoints: true, all: false })
    // A retry resets failed steps and a cancel stops running ones with no step events: read everything.
    expect(patchExecution(execution(), { event: 'execution.retry', status: 'retry', timestamp: at }).rereads.all).toBe(true)
    expect(patchExecution(execution(), { event: 'execution.cancelled', status: 'cancelled', timestamp: at }).rereads.all).toBe(true)
    const completed = patchExecution(execution(), { event: 'execution.completed', timestamp: at, data: { success: true } })
    expect(completed.execution).toMatchObject({ status: 'completed', runtimeStatus: 'Completed' })
    // A step it does not hold is read (with the totals), not the whole execution; while the page
    // still loads its later steps, the step alone.
    expect(patchExecution(execution(), { event: 'execution.step.started', step: 'added-later', timestamp: at }).rereads).toEqual({
      ...NO_REREADS,
      steps: ['added-later'],
      summary: true,
    })
    expect(patchExecution(execution(), { event: 'execution.step.started', step: 'step-900', timestamp: at }, true).rereads).toEqual({ ...NO_REREADS, steps: ['step-900'] })
    expect(patchExecution(execution(), { event: 'execution.checkpoint', step: 'one', timestamp: at }).rereads).toEqual({ ...NO_REREADS, checkpoints: true })
    expect(patchExecution(execution(), { event: 'execution.metrics', timestamp: at, data: { cost: 0.2 } }).rereads.summary).toBe(true)
  })

  it('moves the version a live event says the change left, never back, and keeps it without one (a replayed event)', () => {
    const done = patchExecution(execution(), { event: 'execution.step.completed', step: 'one', timestamp: at, data: { duration: 5 }, version: 5 })
    expect(done.execution.version).toBe(5)
    expect(done.rereads).toEqual({ ...NO_REREADS, steps: ['one'] }) // (no read of the execution for it)
    expect(patchExecution(done.execution, { event: 'execution.progress', timestamp: at, progress: 50, version: 5 }).execution.version).toBe(5)
    expect(patchExecution(done.execution, { event: 'execution.step.started', step: 'two', timestamp: at, version: 3 }).execution.version).toBe(5)
    expect(patchExecution(done.execution, { event: 'execution.step.started', step: 'two', timestamp: at }).execution.version).toBe(5)
  })

  it('merges the rereads of several events into one read of each kind', () => {
    const merged = mergeRereads({ ...NO_REREADS, steps: ['one', 'two'] }, { ...NO_REREADS, steps: ['two', 'three'], summary: true })
    expect(merged).toEqual({ ...NO_REREADS, steps: ['one', 'two', 'three'], summary: true })
  })
})
