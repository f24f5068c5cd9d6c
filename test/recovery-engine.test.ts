// Recovery strategies registered at run time, applied by the engine on a fake clock: each type
// (RETRY with backoff over the step's own policy, SKIP, FALLBACK to a workflow, ABORT,
// CHECKPOINT_RESTORE) does what it says, and each application is an execution.recovery.applied
// event naming the strategy, the error code and its RecoveryResult.
import { afterEach, describe, expect, it } from 'vitest'
import { FakeClock, settle } from '@/server/lib/clock'
import { createEngine, type Engine } from '@/server/engine/engine'
import { defineWorkflow, StepError, type WorkflowDefinition } from '@/server/engine/workflow'
import { createExecutionService } from '@/server/services/executions'
import { createQueryService } from '@/server/services/queries'
import { createRecoveryService } from '@/server/services/recovery'
import { createInProcessBus } from '@/server/events/bus'
import { openReader } from '@/server/db/reader'
import { openWriter } from '@/server/db/writer'
import type { RecoveryStrategyInput } from '@/server/domain/recovery'
import { createDefinitionService } from '@/server/services/definitions'
import { withTaskDefaults } from '@/server/domain/templates'
import type { Actor } from '@/server/domain/actor'
import { open } from '@/server/security/crypto'
import { freshDatabase } from './helpers'

let engines: Engine[] = []
afterEach(async () => {
  for (const e of engines) await e.stop()
  engines = []
})

const ORG = 'org-provider' // the catalog services' provider (helpers.freshDatabase)

async function setup(workflows: WorkflowDefinition[], strategies: Omit<RecoveryStrategyInput, 'organizationId'>[], before?: (writer: ReturnType<typeof openWriter>) => void) {
  const { db, file } = await freshDatabase()
  const clock = new FakeClock()
  const bus = createInProcessBus()
  const writer = openWriter(file)
  const executions = createExecutionService({ writer, bus, now: () => new Date(clock.now()) })
  const queries = createQueryService(db, openReader(file))
  const recovery = createRecoveryService({ writer, now: () => clock.now() })
  before?.(writer)
  const engine = createEngine({ store: writer, executions, bus, workflows, clock, workerId: 'worker-a', pollMs: 100, random: () => 1, recovery })
  engines.push(engine)
  await engine.start()
  // After the engine registered its code workflows: a FALLBACK's workflow must exist.
  for (const s of strategies) recovery.add(s, ORG, 'user:test')
  async function until(done: () => Promise<boolean>, limitMs = 120_000, stepMs = 100) {
    for (let t = 0; t <= limitMs; t += stepMs) {
      if (await done()) return
      await clock.advance(stepMs)
      await settle()
    }
    throw new Error('condition not reached in fake time')
  }
  const status = async (id: string) => (await queries.get(id)).status
  const applied = async (id: string) =>
    (await queries.events(id, { limit: 200 })).items
      .filter((e) => e.type === 'execution.recovery.applied')
      .map(
        (e) =>
          e.data as {
            strategyId: string
            strategyKey: string
            type: string
            code: string
            result: { success: boolean; action: string; message: string; newState?: Record<string, unknown> }
          },
      )
  return { clock, executions, queries, engine, recovery, until, status, applied, writer }
}

describe('recovery strategies in the engine', () => {
  it('RETRY: a strategy for the code retries with its backoff instead of the step’s own policy, and says so each time', async () => {
    const attempts: number[] = []
    const wf = defineWorkflow({
      id: 'crm-sync-test',
      version: 1,
      name: 'CRM sync',
      service: 'integration-service',
      steps: [
        {
          id: 'upsert',
          assignee: 'system',
          // Its own policy would give up after one retry.
          retryPolicy: { maxRetries: 1, backoff: 'linear', initialDelay: 100, maxDelay: 100 },
          handler: async (ctx) => {
            attempts.push(Date.now())
            if (ctx.attempt <= 3) throw new StepError('RATE_LIMITED', 'HubSpot: 429 Too Many Requests')
            return { upserted: 10 }
          },
        },
      ],
    })
    const t = await setup(
      [wf],
      [
        {
          id: 'rate-limits',
          name: 'Back off on rate limits',
          applicableErrors: ['RATE_LIMITED'],
          type: 'RETRY',
          retry: { maxRetries: 3, retryInterval: 1000, backoffMultiplier: 2 },
          priority: 100,
          enabled: true,
        },
      ],
    )
    const started = t.clock.now()
    const run = await t.engine.startWorkflow('crm-sync-test')
    await t.until(async () => (await t.status(run.$id)) === 'completed')
    const step = (await t.queries.steps(run.$id))[0]!
    expect(step.attempt).toBe(4)
    // 1 s, 2 s, 4 s of backoff on the fake clock.
    expect(t.clock.now() - started).toBeGreaterThanOrEqual(7_000)
    const applied = await t.applied(run.$id)
    expect(applied.map((a) => [a.strategyKey, a.type, a.code, a.result.action, a.result.message])).toEqual([
      ['rate-limits', 'RETRY', 'RATE_LIMITED', 'RETRY', 'Retrying step upsert after 1s (attempt 1/3)'],
      ['rate-limits', 'RETRY', 'RATE_LIMITED', 'RETRY', 'Retrying step upsert after 2s (attempt 2/3)'],
      ['rate-limits', 'RETRY', 'RATE_LIMITED', 'RETRY', 'Retrying step upsert after 4s (attempt 3/3)'],
    ])
    expect(t.recovery.get('rate-limits', [ORG]).applications).toBe(3)
    expect(attempts).toHaveLength(4)
  })

  it('RETRY past its budget aborts the execution (no retry of the whole execution on top)', async () => {
    const wf = defineWorkflow({
      id: 'always-limited',
      version: 1,
      name: 'Always limited',
      service: 'integration-service',
      retryPolicy: { maxRetries: 3, backoff: 'linear', initialDelay: 1000, maxDelay: 1000 },
      steps: [
        {
          id: 'call',
          assignee: 'system',
          handler: async () => {
            throw new StepError('RATE_LIMITED', '429')
          },
        },
      ],
    })
    const t = await setup(
      [wf],
      [{ name: 'Two retries', applicableErrors: ['RATE_*'], type: 'RETRY', retry: { maxRetries: 2, retryInterval: 500, backoffMultiplier: 1 }, priority: 100, enabled: true }],
    )
    const run = await t.engine.startWorkflow('always-limited')
    await t.until(async () => (await t.status(run.$id)) === 'failed')
    await t.clock.advance(20_000)
    await settle()
    expect(await t.status(run.$id)).toBe('failed')
    const applied = await t.applied(run.$id)
    expect(applied.map((a) => [a.result.action, a.result.success])).toEqual([
      ['RETRY', true],
      ['RETRY', true],
      ['ABORT', false],
    ])
    expect(applied[2]!.result.message).toBe('Max retries (2) exceeded for RATE_LIMITED: the execution is aborted')
  })

  it('SKIP: the optional step is skipped and the execution goes on', async () => {
    const wf = defineWorkflow({
      id: 'enrich-then-send',
      version: 1,
      name: 'Enrich then send',
      service: 'sdr-service',
      steps: [
        {
          id: 'enrich',
          assignee: 'system',
          handler: async () => {
            throw new StepError('DATA_NOT_FOUND', 'no firmographics for this company')
          },
        },
        { id: 'send', assignee: 'system', handler: async () => ({ sent: true }) },
      ],
    })
    const t = await setup(
      [wf],
      [{ name: 'Enrichment is optional', applicableErrors: ['DATA_NOT_FOUND'], type: 'SKIP', workflow: 'enrich-then-send', priority: 100, enabled: true }],
    )
    const run = await t.engine.startWorkflow('enrich-then-send')
    await t.until(async () => (await t.status(run.$id)) === 'completed')
    expect((await t.queries.steps(run.$id)).map((s) => [s.id, s.status])).toEqual([
      ['enrich', 'skipped'],
      ['send', 'completed'],
    ])
    expect((await t.applied(run.$id)).map((a) => a.result)).toEqual([{ success: true, action: 'SKIP', message: 'Skipped step enrich after DATA_NOT_FOUND; the execution goes on' }])
  })

  it('FALLBACK: the named workflow starts, and the step completes naming it', async () => {
    const wf = defineWorkflow({
      id: 'draft-post',
      version: 1,
      name: 'Draft post',
      service: 'content-service',
      steps: [
        {
          id: 'draft',
          assignee: 'ai-agent',
          handler: async () => {
            throw new StepError('MODEL_ERROR', 'empty completion')
          },
        },
        { id: 'publish', assignee: 'system', handler: async (ctx) => ({ from: (ctx.__steps__.draft?.outputData as { fallback?: unknown }).fallback ? 'fallback' : 'draft' }) },
      ],
    })
    const manual = defineWorkflow({
      id: 'manual-draft',
      version: 1,
      name: 'Manual draft',
      service: 'content-service',
      steps: [{ id: 'write', assignee: 'system', handler: async (ctx) => ({ for: ctx.input.failedExecution }) }],
    })
    const t = await setup(
      [wf, manual],
      [{ name: 'Hand drafts to a writer', applicableErrors: ['MODEL_ERROR'], type: 'FALLBACK', fallback: { workflow: 'manual-draft' }, priority: 100, enabled: true }],
    )
    const run = await t.engine.startWorkflow('draft-post')
    await t.until(async () => (await t.status(run.$id)) === 'completed')
    const [draft, publish] = await t.queries.steps(run.$id)
    const fallbackId = (draft!.output as { fallback: { executionId: string; workflow: string } }).fallback.executionId
    expect(draft!.output).toEqual({ fallback: { workflow: 'manual-draft', executionId: fallbackId } })
    expect(publish!.output).toEqual({ from: 'fallback' })
    const [applied] = await t.applied(run.$id)
    expect(applied!.result).toMatchObject({ success: true, action: 'FALLBACK', newState: { fallbackExecutionId: fallbackId, workflow: 'manual-draft' } })
    await t.until(async () => (await t.status(fallbackId)) === 'completed')
    expect((await t.queries.steps(fallbackId))[0]!.output).toEqual({ for: run.$id })
  })

  it('FALLBACK to a task: the failed step runs again as an instance of the task for a worker, with its input; the output becomes the step’s', async () => {
    const wf = defineWorkflow({
      id: 'draft-post-task',
      version: 1,
      name: 'Draft post',
      service: 'content-service',
      steps: [
        {
          id: 'draft',
          assignee: 'ai-agent',
          handler: async () => {
            throw new StepError('MODEL_ERROR', 'empty completion')
          },
        },
        { id: 'publish', assignee: 'system', handler: async (ctx) => ({ published: (ctx.__steps__.draft?.outputData as { text?: string }).text }) },
      ],
    })
    const t = await setup(
      [wf],
      [
        {
          id: 'hand-to-writer',
          name: 'Hand drafts to a writer',
          applicableErrors: ['MODEL_ERROR'],
          type: 'FALLBACK',
          fallback: { task: 'write-by-hand' },
          priority: 100,
          enabled: true,
        },
      ],
      (writer) =>
        createDefinitionService(writer).registerTask(
          withTaskDefaults({ id: 'write-by-hand', version: '1.0.0', name: 'Write it by hand', type: 'MANUAL', timeout: 3_600_000 }),
          ORG,
          null,
        ),
    )
    const run = await t.engine.startWorkflow('draft-post-task', { input: { topic: 'launch' } })
    // The worker's view: an instance of the fallback task, for the failed step, with its input.
    const pending = () =>
      t.writer.get<{ id: string; taskKey: string; status: string; input: string; stepId: string }>(
        `SELECT "id", "taskKey", "status", "input", "stepId" FROM "TaskInstance" WHERE "executionId" = ? AND "taskKey" = 'write-by-hand'`,
        [run.$id],
      )
    await t.until(async () => pending()?.status === 'PENDING')
    const instance = pending()!
    expect(instance.stepId).toBe('draft')
    expect(open(JSON.parse(instance.input))).toEqual({ topic: 'launch' }) // the failed step's (a handler step's: the execution's input)
    const [applied] = await t.applied(run.$id)
    expect(applied!.result).toMatchObject({
      success: true,
      action: 'FALLBACK',
      message: 'Fell back to task write-by-hand for step draft after MODEL_ERROR',
      newState: { fallbackTask: 'write-by-hand', taskVersion: '1.0.0', taskInstanceId: instance.id },
    })
    // It waits for the worker (no rerun of the handler, no failure) however long it takes.
    await t.clock.advance(120_000)
    await settle()
    expect(await t.status(run.$id)).toBe('running')
    expect((await t.queries.steps(run.$id))[0]).toMatchObject({ id: 'draft', status: 'running' })
    // A worker claims it and reports its result; the step completes with it and the run goes on.
    t.writer.run(`UPDATE "TaskInstance" SET "status" = 'RUNNING', "leaseToken" = 'lease-1', "executorId" = 'w-1' WHERE "id" = ?`, [instance.id])
    const worker: Actor = { type: 'worker', id: 'w-1' }
    await t.executions.completeTask(
      run.$id,
      worker,
      'draft',
      { text: 'written by hand' },
      { taskId: instance.id, leaseToken: 'lease-1' },
      t.engine.planAfterTask(run.$id, 'draft', { text: 'written by hand' }),
    )
    await t.until(async () => (await t.status(run.$id)) === 'completed')
    const [draft, publish] = await t.queries.steps(run.$id)
    expect(draft!.output).toEqual({ text: 'written by hand' })
    expect(publish!.output).toEqual({ published: 'written by hand' })
    expect(t.recovery.get('hand-to-writer', [ORG]).applications).toBe(1)
  })

  it('FALLBACK to a task survives a pause: on resume the fallback is dispatched again, not the step’s own work', async () => {
    let handlerRuns = 0
    const wf = defineWorkflow({
      id: 'draft-post-task-3',
      version: 1,
      name: 'Draft post',
      service: 'content-service',
      steps: [
        {
          id: 'draft',
          assignee: 'ai-agent',
          handler: async () => {
            handlerRuns += 1
            throw new StepError('MODEL_ERROR', 'empty completion')
          },
        },
      ],
    })
    const t = await setup(
      [wf],
      [{ name: 'Hand drafts to a writer', applicableErrors: ['MODEL_ERROR'], type: 'FALLBACK', fallback: { task: 'write-by-hand' }, priority: 100, enabled: true }],
      (writer) =>
        createDefinitionService(writer).registerTask(withTaskDefaults({ id: 'write-by-hand', version: '1.0.0', name: 'Write it by hand', timeout: 3_600_000 }), ORG, null),
    )
    const run = await t.engine.startWorkflow('draft-post-task-3', { input: { topic: 'pause' } })
    const instances = () =>
      t.writer.all<{ id: string; taskKey: string; status: string; input: string }>(
        `SELECT "id", "taskKey", "status", "input" FROM "TaskInstance" WHERE "executionId" = ? ORDER BY "createdAt", "id"`,
        [run.$id],
      )
    await t.until(async () => instances()[0]?.status === 'PENDING')
    const operator: Actor = { type: 'operator', id: 'ops' }
    await t.executions.pause(run.$id, operator)
    await t.until(async () => instances()[0]?.status === 'CANCELLED')
    await t.executions.resume(run.$id, operator)
    await t.until(async () => instances().length === 2 && instances()[1]!.status === 'PENDING')
    expect(instances().map((i) => [i.taskKey, i.status])).toEqual([
      ['write-by-hand', 'CANCELLED'],
      ['write-by-hand', 'PENDING'],
    ])
    expect(open(JSON.parse(instances()[1]!.input))).toEqual({ topic: 'pause' })
    expect(handlerRuns).toBe(1)
    const again = instances()[1]!
    t.writer.run(`UPDATE "TaskInstance" SET "status" = 'RUNNING', "leaseToken" = 'lease-3', "executorId" = 'w-1' WHERE "id" = ?`, [again.id])
    await t.executions.completeTask(
      run.$id,
      { type: 'worker', id: 'w-1' },
      'draft',
      { text: 'after the pause' },
      { taskId: again.id, leaseToken: 'lease-3' },
      t.engine.planAfterTask(run.$id, 'draft', { text: 'after the pause' }),
    )
    await t.until(async () => (await t.status(run.$id)) === 'completed')
    expect((await t.queries.steps(run.$id))[0]!.output).toEqual({ text: 'after the pause' })
    expect((await t.applied(run.$id)).map((a) => a.result.action)).toEqual(['FALLBACK'])
  })

  it('FALLBACK to a task that fails too aborts the execution (one fallback per failure)', async () => {
    const wf = defineWorkflow({
      id: 'draft-post-task-2',
      version: 1,
      name: 'Draft post',
      service: 'content-service',
      steps: [
        {
          id: 'draft',
          assignee: 'ai-agent',
          handler: async () => {
            throw new StepError('MODEL_ERROR', 'empty completion')
          },
        },
      ],
    })
    const t = await setup(
      [wf],
      [
        {
          name: 'Hand drafts to a writer',
          applicableErrors: ['MODEL_*'],
          type: 'FALLBACK',
          fallback: { task: 'write-by-hand', input: { urgent: true } },
          priority: 100,
          enabled: true,
        },
      ],
      (writer) =>
        createDefinitionService(writer).registerTask(withTaskDefaults({ id: 'write-by-hand', version: '1.0.0', name: 'Write it by hand', timeout: 3_600_000 }), ORG, null),
    )
    const run = await t.engine.startWorkflow('draft-post-task-2')
    const instance = () => t.writer.get<{ id: string; input: string }>(`SELECT "id", "input" FROM "TaskInstance" WHERE "executionId" = ?`, [run.$id])
    await t.until(async () => !!instance())
    expect(open(JSON.parse(instance()!.input))).toEqual({ urgent: true }) // the strategy's input, not the step's
    t.writer.run(`UPDATE "TaskInstance" SET "status" = 'RUNNING', "leaseToken" = 'lease-2', "executorId" = 'w-1' WHERE "id" = ?`, [instance()!.id])
    await t.executions.failTask(
      run.$id,
      { type: 'worker', id: 'w-1' },
      'draft',
      { code: 'MODEL_REFUSED', message: 'the writer is away' },
      { taskId: instance()!.id, leaseToken: 'lease-2' },
    )
    await t.until(async () => (await t.status(run.$id)) === 'failed')
    const applied = await t.applied(run.$id)
    expect(applied.map((a) => [a.result.action, a.result.success])).toEqual([
      ['FALLBACK', true],
      ['ABORT', false],
    ])
    expect(applied[1]!.result.message).toBe('Fallback task write-by-hand failed too for step draft (MODEL_REFUSED): the execution is aborted')
  })

  it('ABORT: the execution fails at once, with no retry by its policy', async () => {
    const wf = defineWorkflow({
      id: 'charge',
      version: 1,
      name: 'Charge',
      service: 'sdr-service',
      retryPolicy: { maxRetries: 3, backoff: 'linear', initialDelay: 1000, maxDelay: 1000 },
      steps: [
        {
          id: 'charge',
          assignee: 'system',
          retryPolicy: { maxRetries: 5, backoff: 'linear', initialDelay: 100, maxDelay: 100 },
          handler: async () => {
            throw new StepError('PERMISSION_DENIED', 'card declined', { recoverable: true })
          },
        },
      ],
    })
    const t = await setup([wf], [{ name: 'Never retry a denial', applicableErrors: ['PERMISSION_DENIED'], type: 'ABORT', priority: 100, enabled: true }])
    const run = await t.engine.startWorkflow('charge')
    await t.until(async () => (await t.status(run.$id)) === 'failed')
    await t.clock.advance(10_000)
    await settle()
    expect(await t.status(run.$id)).toBe('failed')
    expect((await t.queries.steps(run.$id))[0]!.attempt).toBe(1)
    expect((await t.applied(run.$id)).map((a) => a.result.action)).toEqual(['ABORT'])
  })

  it('CHECKPOINT_RESTORE: back to the latest checkpoint, completed steps kept, the rest rerun; a second failure aborts', async () => {
    const runs = { load: 0, write: 0 }
    let failWrites = 1
    const wf = defineWorkflow({
      id: 'nightly',
      version: 1,
      name: 'Nightly import',
      service: 'batch-processing-service',
      steps: [
        {
          id: 'load',
          assignee: 'system',
          handler: async () => {
            runs.load += 1
            return { rows: 100 }
          },
        },
        {
          id: 'write',
          assignee: 'system',
          handler: async () => {
            runs.write += 1
            if (failWrites-- > 0) throw new StepError('DATABASE_ERROR', 'deadlock detected')
            return { written: 100 }
          },
        },
      ],
    })
    const t = await setup(
      [wf],
      [
        {
          name: 'Resume nightly imports',
          applicableErrors: ['DATABASE_ERROR'],
          type: 'CHECKPOINT_RESTORE',
          restore: { checkpoint: 'latest', maxRestores: 1 },
          priority: 100,
          enabled: true,
        },
      ],
    )
    const run = await t.engine.startWorkflow('nightly')
    await t.until(async () => (await t.status(run.$id)) === 'completed')
    expect(runs).toEqual({ load: 1, write: 2 })
    const events = (await t.queries.events(run.$id, { limit: 200 })).items.map((e) => e.type)
    expect(events.indexOf('execution.recovery.applied')).toBeLessThan(events.indexOf('execution.checkpoint.restored'))
    const [applied] = await t.applied(run.$id)
    expect(applied!.result).toMatchObject({ success: true, action: 'CHECKPOINT_RESTORE' })
    expect(applied!.result.newState!.checkpointId).toMatch(/^ckpt_/)

    // Its one restore spent: the next failure of the same execution aborts.
    failWrites = 10
    const again = await t.engine.startWorkflow('nightly')
    await t.until(async () => (await t.status(again.$id)) === 'failed' && (await t.applied(again.$id)).length === 2)
    await t.clock.advance(10_000)
    await settle()
    expect(await t.status(again.$id)).toBe('failed')
    expect((await t.applied(again.$id)).map((a) => [a.result.action, a.result.success])).toEqual([
      ['CHECKPOINT_RESTORE', true],
      ['ABORT', false],
    ])
  })

  it('leaves a failure no strategy names to the step’s own policy, and a disabled strategy does nothing', async () => {
    const wf = defineWorkflow({
      id: 'plain',
      version: 1,
      name: 'Plain',
      service: 'sdr-service',
      steps: [
        {
          id: 'call',
          assignee: 'system',
          retryPolicy: { maxRetries: 1, backoff: 'linear', initialDelay: 100, maxDelay: 100 },
          handler: async (ctx) => {
            if (ctx.attempt === 1) throw new StepError('API_TIMEOUT', 'timed out')
            return {}
          },
        },
      ],
    })
    const t = await setup(
      [wf],
      [
        { name: 'Other code', applicableErrors: ['MODEL_ERROR'], type: 'ABORT', priority: 100, enabled: true },
        { name: 'Disabled', applicableErrors: ['API_TIMEOUT'], type: 'ABORT', priority: 100, enabled: false },
      ],
    )
    const run = await t.engine.startWorkflow('plain')
    await t.until(async () => (await t.status(run.$id)) === 'completed')
    expect(await t.applied(run.$id)).toEqual([])
  })
})
