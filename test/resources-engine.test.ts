// Resources in the engine, on a fake clock (docs/resources.md): a step waits for its resources by
// priority and says so in the execution's phase; what it holds is released when it completes,
// fails or is cancelled, and the next waiting step gets it at once; the checkpoint names what is
// held; the metrics say how well it was used.
import { afterEach, describe, expect, it } from 'vitest'
import { FakeClock, settle } from '@/server/lib/clock'
import { createEngine, type Engine } from '@/server/engine/engine'
import { defineWorkflow, StepError, type WorkflowDefinition } from '@/server/engine/workflow'
import { createExecutionService } from '@/server/services/executions'
import { createQueryService } from '@/server/services/queries'
import { createResourceService } from '@/server/services/resources'
import { createProgressReader } from '@/server/services/progress'
import { createForecasts } from '@/server/services/forecasts'
import { createInProcessBus, type CommittedEvent } from '@/server/events/bus'
import { openReader } from '@/server/db/reader'
import { openWriter } from '@/server/db/writer'
import { freshDatabase, operator } from './helpers'

let engines: Engine[] = []
afterEach(async () => {
  for (const e of engines) await e.stop()
  engines = []
})

/** A workflow of one step that holds one GPU slot for `holdMs` of fake time (or fails, when the input says so). */
function gpuJob(clock: FakeClock, holdMs = 1_000): WorkflowDefinition {
  return defineWorkflow({
    id: 'gpu-job',
    version: 1,
    name: 'GPU job',
    service: 'batch-processing-service',
    steps: [
      {
        id: 'train',
        assignee: 'system',
        resources: [{ type: 'gpu', amount: 1 }],
        handler: async (ctx) => {
          await clock.sleep(holdMs, ctx.signal)
          if (ctx.input.fail) throw new StepError('VALIDATION_ERROR', 'the model diverged', { recoverable: false })
          return { trained: true }
        },
      },
    ],
  })
}

async function setup(workflows: (clock: FakeClock) => WorkflowDefinition[], capacity = 1, options: { start?: boolean; leaseMs?: number } = {}) {
  const { db, file } = await freshDatabase()
  const clock = new FakeClock()
  const bus = createInProcessBus()
  const events: CommittedEvent[] = []
  bus.subscribe((e) => events.push(e))
  const writer = openWriter(file)
  const reader = openReader(file)
  const now = () => new Date(clock.now())
  const executions = createExecutionService({ writer, bus, now })
  const queries = createQueryService(db, reader)
  const resources = createResourceService({ writer, now })
  const progress = createProgressReader({ reader, forecasts: createForecasts(reader), now: () => clock.now() })
  const gpu = resources.create({ name: 'GPU slots', type: 'gpu', capacity, unit: 'slots', costPerUnit: 2 }, 'org-provider')
  const engine = createEngine({
    store: writer,
    executions,
    bus,
    workflows: workflows(clock),
    clock,
    workerId: 'worker-a',
    concurrency: 8,
    pollMs: 100,
    leaseMs: options.leaseMs ?? 30_000,
    random: () => 1,
  })
  engines.push(engine)
  if (options.start !== false) await engine.start()
  async function until(done: () => boolean | Promise<boolean>, limitMs = 60_000, stepMs = 50) {
    for (let t = 0; t <= limitMs; t += stepMs) {
      if (await done()) return
      await clock.advance(stepMs)
      await settle()
    }
    throw new Error('condition not reached in fake time')
  }
  const status = async (id: string) => (await queries.get(id)).status
  const allocatedTo = () => events.filter((e) => e.type === 'execution.resource.allocated').map((e) => e.executionId)
  return { clock, executions, queries, resources, progress, gpu, engine, until, status, events, allocatedTo }
}

describe('resources in the engine', () => {
  it('makes steps wait when capacity is short and serves them by priority, then by age; the phase says what they wait for', async () => {
    const t = await setup((clock) => [gpuJob(clock)])
    const holder = await t.engine.startWorkflow('gpu-job', { priority: 'normal' })
    await t.until(() => t.allocatedTo().includes(holder.$id))
    const early = await t.engine.startWorkflow('gpu-job', { priority: 'low' })
    await t.until(async () => t.progress.of(early.$id).currentPhase === 'waiting for resource GPU slots (0 ahead)')
    const late = await t.engine.startWorkflow('gpu-job', { priority: 'urgent' })
    // The urgent one, asking later, goes ahead of the low one.
    await t.until(async () => t.progress.of(early.$id).currentPhase === 'waiting for resource GPU slots (1 ahead)')
    expect(t.progress.of(late.$id).currentPhase).toBe('waiting for resource GPU slots (0 ahead)')
    expect(t.resources.get(t.gpu.id, ['org-provider'])).toMatchObject({ inUse: 1, holders: 1, waiting: 2, waitingSteps: 2 })
    // The waits are in the execution's log.
    expect((await t.queries.logs(early.$id, { limit: 10 })).items.map((l) => l.message)).toContain('step train is waiting for resource GPU slots (0 ahead)')

    await t.until(async () => (await Promise.all([holder, early, late].map((e) => t.status(e.$id)))).every((s) => s === 'completed'))
    expect(t.allocatedTo()).toEqual([holder.$id, late.$id, early.$id])
    // One at a time: each was allocated only after the one before released.
    const released = t.events.filter((e) => e.type === 'execution.resource.released')
    expect(released.map((e) => [e.executionId, (e.data as { reason: string }).reason])).toEqual([
      [holder.$id, 'completed'],
      [late.$id, 'completed'],
      [early.$id, 'completed'],
    ])
    // Seed 002's ResourceUsage and metrics.
    const usage = t.resources.ofExecution(late.$id)
    expect(usage).toEqual([
      expect.objectContaining({
        resourceType: 'gpu',
        name: 'GPU slots',
        stepId: 'train',
        status: 'released',
        amount: 1,
        amountUsed: 1,
        cost: 2,
        efficiency: 1,
        priority: 9,
        reason: 'completed',
      }),
    ])
    expect(Date.parse(usage[0]!.endTime!) - Date.parse(usage[0]!.startTime!)).toBeGreaterThanOrEqual(1_000)
    expect(await t.queries.metrics(late.$id)).toMatchObject({ resourceEfficiency: 1, successRate: 1, resourceCost: 2 })
    expect(t.resources.get(t.gpu.id, ['org-provider'])).toMatchObject({ inUse: 0, holders: 0, waiting: 0 })
  })

  it('releases on failure: the failed step held it for nothing, and the next waiting step gets it at once', async () => {
    const t = await setup((clock) => [gpuJob(clock)])
    const failing = await t.engine.startWorkflow('gpu-job', { input: { fail: true } })
    await t.until(() => t.allocatedTo().includes(failing.$id))
    const next = await t.engine.startWorkflow('gpu-job')
    await t.until(async () => (await t.status(failing.$id)) === 'failed')
    await t.until(() => t.allocatedTo().includes(next.$id))
    const release = t.events.find((e) => e.type === 'execution.resource.released' && e.executionId === failing.$id)!
    const grant = t.events.find((e) => e.type === 'execution.resource.allocated' && e.executionId === next.$id)!
    // The grant is in the same transaction as the release (consecutive event ids, same time).
    expect(grant.id).toBeGreaterThan(release.id)
    expect(grant.createdAt.getTime()).toBe(release.createdAt.getTime())
    expect(release.data).toMatchObject({ reason: 'failed', allocations: [expect.objectContaining({ amount: 1, amountUsed: 0 })] })
    expect(await t.queries.metrics(failing.$id)).toMatchObject({ resourceEfficiency: 0, successRate: 0 })
    await t.until(async () => (await t.status(next.$id)) === 'completed')
  })

  it('releases on cancel, of a holder and of a waiter, and notes what is held in checkpoints', async () => {
    const t = await setup((clock) => [gpuJob(clock, 600_000)])
    const holder = await t.engine.startWorkflow('gpu-job')
    await t.until(() => t.allocatedTo().includes(holder.$id))
    const waiter = await t.engine.startWorkflow('gpu-job')
    const third = await t.engine.startWorkflow('gpu-job')
    await t.until(async () => t.progress.of(third.$id).currentPhase === 'waiting for resource GPU slots (1 ahead)')

    // Seed 002's checkpoint state names the resource held.
    await t.executions.checkpoint(holder.$id, operator, {})
    const [checkpoint] = await t.queries.checkpoints(holder.$id)
    expect(checkpoint!.state.resourceAllocations).toEqual({ [t.gpu.id]: expect.objectContaining({ name: 'GPU slots', type: 'gpu', amount: 1, unit: 'slots', step: 'train' }) })

    // A waiter cancelled leaves the queue: the third moves up.
    await t.executions.cancel(waiter.$id, operator, { reason: 'not needed' })
    await t.until(async () => t.progress.of(third.$id).currentPhase === 'waiting for resource GPU slots (0 ahead)')
    // The holder cancelled releases its slot to the third, in the cancel's own transaction.
    await t.executions.cancel(holder.$id, operator, { reason: 'taking too long' })
    await t.until(() => t.allocatedTo().includes(third.$id))
    const cancelled = t.events.find((e) => e.type === 'execution.cancelled' && e.executionId === holder.$id)!
    const release = t.events.find((e) => e.type === 'execution.resource.released' && e.executionId === holder.$id)!
    expect(release.data).toMatchObject({ reason: 'cancelled' })
    expect(release.createdAt.getTime()).toBe(cancelled.createdAt.getTime())
    expect(t.allocatedTo()).not.toContain(waiter.$id)
    expect(t.resources.ofExecution(waiter.$id)).toEqual([]) // it never held anything
    expect(t.resources.get(t.gpu.id, ['org-provider'])).toMatchObject({ inUse: 1, holders: 1, waiting: 0 })
    await t.executions.cancel(third.$id, operator)
    await t.until(() => t.resources.get(t.gpu.id, ['org-provider']).inUse === 0)
  })

  it('releases on pause and asks again on resume, behind whoever asked meanwhile', async () => {
    const t = await setup((clock) => [gpuJob(clock, 5_000)])
    const first = await t.engine.startWorkflow('gpu-job')
    await t.until(() => t.allocatedTo().includes(first.$id))
    await t.executions.pause(first.$id, operator)
    const paused = t.events.find((e) => e.type === 'execution.resource.released' && e.executionId === first.$id)
    expect(paused?.data).toMatchObject({ reason: 'paused' })
    // The slot is free while it is paused: another run takes it.
    const second = await t.engine.startWorkflow('gpu-job')
    await t.until(() => t.allocatedTo().includes(second.$id))
    await t.executions.resume(first.$id, operator)
    await t.until(async () => t.progress.of(first.$id).currentPhase === 'waiting for resource GPU slots (0 ahead)')
    await t.until(async () => (await t.status(first.$id)) === 'completed')
    expect(t.allocatedTo()).toEqual([first.$id, second.$id, first.$id])
  })

  it('keeps what a step holds when its worker loses the lease: the worker that takes over goes on with it', async () => {
    const t = await setup((clock) => [gpuJob(clock, 500)], 1, { start: false, leaseMs: 3_000 })
    const run = await t.engine.startWorkflow('gpu-job')
    // A worker took it, got the slot for its step, started it, and vanished.
    const dead = { type: 'engine' as const, id: 'dead-worker' }
    await t.executions.begin(run.$id, dead, { lease: { workerId: 'dead-worker', leaseMs: 3_000 }, steps: [] })
    expect(await t.executions.acquireResources(run.$id, dead, 'train', 'org-provider', [{ type: 'gpu', amount: 1 }])).toEqual({ granted: true })
    await t.executions.startStep(run.$id, dead, { id: 'train' })
    const waiter = await t.engine.startWorkflow('gpu-job', { priority: 'urgent' })
    await t.engine.start()
    await t.until(async () => (await t.status(run.$id)) === 'completed')
    // One allocation, never given up: the urgent one waited for it all along.
    expect(t.resources.ofExecution(run.$id)).toEqual([expect.objectContaining({ status: 'released', reason: 'completed' })])
    expect(t.allocatedTo().filter((id) => id === run.$id)).toHaveLength(1)
    await t.until(async () => (await t.status(waiter.$id)) === 'completed')
  })

  it('charts the peak of each bucket from the allocations’ times: a one-second hold inside a two-minute bucket shows, two overlapping count twice', async () => {
    const t = await setup((clock) => [gpuJob(clock, 1_000)], 2)
    await t.clock.advance(600_000) // (in the middle of the hour, not at a bucket's edge)
    const a = await t.engine.startWorkflow('gpu-job')
    const b = await t.engine.startWorkflow('gpu-job')
    await t.until(async () => (await t.status(a.$id)) === 'completed' && (await t.status(b.$id)) === 'completed')
    const series = t.resources.usage(t.gpu.id, ['org-provider'], { to: new Date(t.clock.now() + 1_500_000).toISOString() })
    expect(series).toMatchObject({ measure: 'peak', bucketMs: 120_000 })
    expect(series.points).toHaveLength(30)
    // Each held a slot for one second of the hour: sampled every two minutes it was invisible.
    expect(series.points.filter((p) => p.inUse > 0).map((p) => p.inUse)).toEqual([2])
    expect(series.points.every((p) => p.waiting === 0)).toBe(true)
  }, 90_000) // ten fake-clock minutes of the engine's loop: 26 s on PostgreSQL (a round trip a statement), near the default 30 s

  it('fails a step that requires a resource type its organisation has not got, at once and naming it (no wait)', async () => {
    const t = await setup(() => [
      defineWorkflow({
        id: 'needs-tpu',
        version: 1,
        name: 'Needs a TPU',
        service: 'batch-processing-service',
        steps: [{ id: 'train', assignee: 'system', resources: [{ type: 'tpu', amount: 1 }], handler: async () => ({}) }],
      }),
    ])
    const run = await t.engine.startWorkflow('needs-tpu')
    await t.until(async () => (await t.status(run.$id)) === 'failed', 5_000)
    const failed = await t.queries.get(run.$id)
    expect(failed.error).toMatchObject({ code: 'CONFIGURATION_ERROR' })
    expect(failed.error!.message).toContain('no resource of type "tpu" in this organisation')
  })

  it('fails a step whose requirement no resource can meet, naming it', async () => {
    const t = await setup(() => [
      defineWorkflow({
        id: 'too-big',
        version: 1,
        name: 'Too big',
        service: 'batch-processing-service',
        steps: [{ id: 'huge', assignee: 'system', resources: [{ type: 'gpu', amount: 5 }], handler: async () => ({}) }],
      }),
    ])
    const run = await t.engine.startWorkflow('too-big')
    await t.until(async () => (await t.status(run.$id)) === 'failed')
    const failed = await t.queries.get(run.$id)
    expect(failed.error).toMatchObject({ code: 'CONFIGURATION_ERROR' })
    expect(failed.error!.message).toMatch(/asks for 5 slots of "gpu", more than its whole capacity of 1/)
  })
})
