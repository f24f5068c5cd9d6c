// The engine on a fake clock: workflows run, retry, time out, pause, wait for people and
// children, recover — deterministically, on a real SQLite file.
import { afterEach, describe, expect, it } from 'vitest'
import { FakeClock, settle } from '@/server/lib/clock'
import { createEngine, type Engine } from '@/server/engine/engine'
import { defineWorkflow, StepError, type WorkflowDefinition } from '@/server/engine/workflow'
import { createExecutionService } from '@/server/services/executions'
import { createQueryService } from '@/server/services/queries'
import { createInProcessBus } from '@/server/events/bus'
import { openReader } from '@/server/db/reader'
import { openWriter } from '@/server/db/writer'
import { freshDatabase, operator } from './helpers'

let engines: Engine[] = []
afterEach(async () => {
  for (const e of engines) await e.stop()
  engines = []
})

async function setup(workflows: WorkflowDefinition[], options: { concurrency?: number; leaseMs?: number; start?: boolean } = {}) {
  const { db, file } = await freshDatabase()
  const clock = new FakeClock()
  const bus = createInProcessBus()
  const writer = openWriter(file)
  const executions = createExecutionService({ writer, bus, now: () => new Date(clock.now()) })
  const queries = createQueryService(db, openReader(file))
  const make = (workerId: string) =>
    createEngine({
      store: writer,
      executions,
      bus,
      workflows,
      clock,
      workerId,
      concurrency: options.concurrency ?? 4,
      leaseMs: options.leaseMs ?? 30_000,
      pollMs: 100,
      random: () => 1,
    })
  const engine = make('worker-a')
  engines.push(engine)
  if (options.start !== false) await engine.start()
  /** Advances the fake clock in small steps until `done` holds (at most `limitMs` of fake time). */
  async function until(done: () => Promise<boolean>, limitMs = 120_000, stepMs = 100) {
    for (let t = 0; t <= limitMs; t += stepMs) {
      if (await done()) return
      await clock.advance(stepMs)
      await settle()
    }
    throw new Error('condition not reached in fake time')
  }
  const status = async (id: string) => (await queries.get(id)).status
  return { db, clock, bus, executions, queries, engine, make, until, status }
}

const noop =
  (output: unknown = { ok: true }) =>
  async () =>
    output

describe('running workflows', () => {
  it('starts each step of a chain once: the boundary hands the next step over, the loop does not start it again', async () => {
    const wf = defineWorkflow({
      id: 'chain',
      version: 1,
      name: 'Chain',
      service: 'batch-processing-service',
      steps: [
        { id: 'one', assignee: 'system', handler: noop({ n: 1 }) },
        { id: 'two', assignee: 'system', handler: noop({ n: 2 }) },
        { id: 'three', assignee: 'system', handler: noop({ n: 3 }) },
      ],
    })
    const { engine, until, status, queries } = await setup([wf])
    const runs = await Promise.all([1, 2, 3, 4].map(() => engine.startWorkflow('chain')))
    await until(async () => (await Promise.all(runs.map((r) => status(r.$id)))).every((s) => s === 'completed'))
    for (const run of runs) {
      const steps = await queries.steps(run.$id)
      expect(steps.map((s) => [s.id, s.attempt])).toEqual([
        ['one', 1],
        ['two', 1],
        ['three', 1],
      ])
      const started = (await queries.events(run.$id, { limit: 100 })).items.filter((e) => e.type === 'execution.step.started')
      expect(started.map((e) => e.step)).toEqual(['one', 'two', 'three'])
      // The boundary checkpoints carry the outputs so far as their results; the last boundary
      // completes the execution and takes none (nothing restores a completed execution).
      const checkpoints = await queries.checkpoints(run.$id)
      expect(checkpoints.map((c) => c.state.results)).toEqual([{ one: { n: 1 }, two: { n: 2 } }, { one: { n: 1 } }])
      // Seed 002's names for the same state: the execution, the task to run next, what is done, each task's state.
      expect(checkpoints[1]).toMatchObject({ executionId: run.$id, state: { currentTaskId: 'two', completedTasks: ['one'] } })
      expect(checkpoints[1]!.state.taskStates).toEqual({ one: { status: 'completed', output: { n: 1 } }, two: { status: 'pending' }, three: { status: 'pending' } })
      expect(checkpoints[0]!.state).toMatchObject({ currentTaskId: 'three', completedTasks: ['one', 'two'] })
      // The result holds every step's output.
      expect((await queries.get(run.$id)).result?.output).toEqual({ one: { n: 1 }, two: { n: 2 }, three: { n: 3 } })
    }
  })

  it('runs steps in dependency order, independent ones in parallel, with conditions, disabled steps and outputs', async () => {
    const running = new Set<string>()
    let overlap = false
    const parallel = (name: string) => async () => {
      running.add(name)
      if (running.size > 1) overlap = true
      await new Promise((r) => setTimeout(r, 20))
      running.delete(name)
      return { from: name }
    }
    const wf = defineWorkflow({
      id: 'fanout',
      version: 3,
      name: 'Fan-out',
      service: 'content-service',
      steps: [
        { id: 'research', assignee: 'ai-agent', handler: async (ctx) => ({ topic: ctx.input.topic }) },
        { id: 'left', assignee: 'ai-agent', dependsOn: ['research'], handler: parallel('left') },
        { id: 'right', assignee: 'system', dependsOn: ['research'], handler: parallel('right') },
        { id: 'only-if-long', assignee: 'system', dependsOn: ['research'], condition: (c) => c.input.long === true, handler: noop() },
        { id: 'legacy', assignee: 'system', dependsOn: ['research'], disabled: true, handler: noop() },
        {
          id: 'publish',
          assignee: 'system',
          dependsOn: ['left', 'right', 'only-if-long', 'legacy'],
          handler: async (ctx) => ({ title: `${(ctx.__steps__.research!.outputData as { topic: string }).topic} for ${ctx.__context__.team}` }),
        },
      ],
    })
    const t = await setup([wf])
    const e = await t.engine.startWorkflow('fanout', { input: { topic: 'AI in Sales' }, context: { team: 'growth' } })
    expect(e.workflowTemplateVersionId).toBe('fanout@3')
    await t.until(async () => (await t.status(e.$id)) === 'completed')
    const done = await t.queries.get(e.$id)
    expect(overlap).toBe(true)
    expect(Object.fromEntries(done.steps!.map((s) => [s.id, s.status]))).toEqual({
      research: 'completed',
      left: 'completed',
      right: 'completed',
      'only-if-long': 'skipped',
      legacy: 'disabled',
      publish: 'completed',
    })
    expect(done.steps!.find((s) => s.id === 'publish')!.output).toEqual({ title: 'AI in Sales for growth' })
    expect(done.progress).toBe(100)
    expect(done.result?.summary).toBe('Fan-out: 4 of 6 steps completed')
    const events = (await t.queries.events(e.$id, { limit: 200 })).items
    expect(events.every((x) => x.actor.type === 'engine')).toBe(true)
    // A checkpoint at every step boundary but the last, which completes the execution.
    expect(events.filter((x) => x.type === 'execution.checkpoint').length).toBe(3)
    expect((await t.db.workflowDefinition.findUnique({ where: { id: 'fanout@3' } }))?.version).toBe(3)
  })

  it('retries a step by its policy with backoff and logs each retry', async () => {
    let calls = 0
    const wf = defineWorkflow({
      id: 'flaky',
      version: 1,
      name: 'Flaky',
      service: 'integration-service',
      steps: [
        {
          id: 'fetch',
          assignee: 'system',
          retryPolicy: { maxRetries: 3, backoff: 'exponential', initialDelay: 1000, maxDelay: 60_000, retryableErrors: ['API_TIMEOUT'] },
          handler: async () => {
            calls += 1
            if (calls < 3) throw new StepError('API_TIMEOUT', 'External API timeout after 30 seconds')
            return { records: 42 }
          },
        },
      ],
    })
    const t = await setup([wf])
    const e = await t.engine.startWorkflow('flaky')
    await t.until(async () => (await t.status(e.$id)) === 'completed')
    expect(calls).toBe(3)
    const step = (await t.queries.steps(e.$id))[0]!
    expect(step.attempt).toBe(3)
    expect(step.retries).toBe(2)
    expect((await t.queries.get(e.$id)).metrics?.errorRate).toBeCloseTo(2 / 3, 3)
    const warnings = (await t.queries.logs(e.$id, { level: ['warn'], limit: 10 })).items.map((l) => l.message)
    expect(warnings).toEqual(['Retrying fetch after 1s (attempt 1/3)', 'Retrying fetch after 2s (attempt 2/3)'])
  })

  it('fails the execution, retries it after the delay without rerunning completed steps, and stops at maxRetries', async () => {
    const calls: Record<string, number> = { research: 0, send: 0 }
    let failures = 1
    const wf = defineWorkflow({
      id: 'sdr',
      version: 1,
      name: 'SDR',
      service: 'sdr-service',
      retryPolicy: { maxRetries: 2, backoff: 'exponential', initialDelay: 1000, maxDelay: 60_000, retryableErrors: ['API_RATE_LIMIT'] },
      steps: [
        { id: 'research', assignee: 'ai-agent', handler: async () => ({ n: (calls.research = (calls.research ?? 0) + 1) }) },
        {
          id: 'send',
          assignee: 'system',
          handler: async () => {
            calls.send! += 1
            if (failures-- > 0) throw new StepError('API_RATE_LIMIT', 'LinkedIn API rate limit exceeded: 100 requests per hour')
            return { sent: 1 }
          },
        },
      ],
    })
    const t = await setup([wf])
    const e = await t.engine.startWorkflow('sdr')
    await t.until(async () => (await t.status(e.$id)) === 'retry', 10_000)
    const waiting = await t.queries.get(e.$id)
    expect(waiting.error).toMatchObject({ code: 'API_RATE_LIMIT', step: 'send', recoverable: true })
    await t.clock.advance(500)
    expect(await t.status(e.$id)).toBe('retry') // not before the 1 s delay
    await t.until(async () => (await t.status(e.$id)) === 'completed')
    expect(calls).toEqual({ research: 1, send: 2 })
    const done = await t.queries.get(e.$id)
    expect(done.metrics?.retries).toBe(1)
    const logs = (await t.queries.logs(e.$id, { level: ['warn'], limit: 10 })).items.map((l) => l.message)
    expect(logs).toEqual(['Retrying after 1s (attempt 1/2)'])

    failures = 10
    const again = await t.engine.startWorkflow('sdr')
    await t.until(async () => {
      const x = await t.queries.get(again.$id)
      return x.status === 'failed' && x.metrics?.retries === 2
    })
    await t.clock.advance(120_000)
    expect(await t.status(again.$id)).toBe('failed')
  })

  it('fails a step that exceeds its timeout with TIMEOUT and aborts its handler', async () => {
    let sawAbort = false
    const wf = defineWorkflow({
      id: 'slow',
      version: 1,
      name: 'Slow',
      service: 'batch-processing-service',
      steps: [
        {
          id: 'crunch',
          assignee: 'system',
          timeout: 5_000,
          handler: (ctx) =>
            new Promise((_, reject) =>
              ctx.signal.addEventListener('abort', () => {
                sawAbort = true
                reject(new Error('aborted'))
              }),
            ),
        },
      ],
    })
    const t = await setup([wf])
    const e = await t.engine.startWorkflow('slow')
    await t.until(async () => (await t.status(e.$id)) === 'failed')
    expect(sawAbort).toBe(true)
    const failed = await t.queries.get(e.$id)
    expect(failed.error).toMatchObject({ code: 'TIMEOUT', step: 'crunch' })
    expect(failed.error!.message).toBe('step crunch exceeded its timeout of 5000 ms')
  })

  it('fails an execution that exceeds its own timeout', async () => {
    const wf = defineWorkflow({
      id: 'forever',
      version: 1,
      name: 'Forever',
      service: 'batch-processing-service',
      timeout: 10_000,
      steps: [{ id: 'wait', assignee: 'system', handler: (ctx) => new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('stop')))) }],
    })
    const t = await setup([wf])
    const e = await t.engine.startWorkflow('forever')
    await t.until(async () => (await t.status(e.$id)) === 'failed', 30_000)
    expect((await t.queries.get(e.$id)).error).toMatchObject({ code: 'TIMEOUT', message: 'execution exceeded its timeout of 10000 ms' })
  })

  it('stops a handler on pause and restarts the step from its checkpoint on resume', async () => {
    const seen: (Record<string, unknown> | null)[] = []
    const wf = defineWorkflow({
      id: 'batch',
      version: 1,
      name: 'Batch',
      service: 'batch-processing-service',
      steps: [
        {
          id: 'process',
          assignee: 'system',
          handler: async (ctx) => {
            seen.push(ctx.restored)
            const start = (ctx.restored?.processed as number | undefined) ?? 0
            for (let i = start; i < 5; i++) {
              if (ctx.signal.aborted) throw new Error('interrupted')
              await ctx.checkpoint({ processed: i + 1 })
              if (i === 2 && seen.length === 1) await new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('paused'))))
            }
            return { processed: 5 }
          },
        },
      ],
    })
    const t = await setup([wf])
    const e = await t.engine.startWorkflow('batch')
    await t.until(async () => (await t.queries.checkpoints(e.$id)).some((c) => (c.state.variables as { processed?: number }).processed === 3))
    await t.executions.pause(e.$id, operator)
    await t.until(async () => t.engine.active.length === 0)
    expect(await t.status(e.$id)).toBe('paused')
    await t.executions.resume(e.$id, operator)
    await t.until(async () => (await t.status(e.$id)) === 'completed')
    expect(seen).toEqual([null, { processed: 3 }])
    const step = (await t.queries.steps(e.$id))[0]!
    expect(step.attempt).toBe(2)
    expect(step.output).toEqual({ processed: 5 })
  })

  it('waits for a human step until an operator completes it, and fails when one rejects it', async () => {
    const wf = defineWorkflow({
      id: 'content',
      version: 1,
      name: 'Content',
      service: 'content-service',
      steps: [
        { id: 'draft', assignee: 'ai-agent', handler: noop({ words: 1547 }) },
        { id: 'review', assignee: { type: 'human', name: 'Sarah Editor' }, dueInMs: 3_600_000 },
        { id: 'publish', assignee: 'system', handler: async (ctx) => ({ approved: (ctx.__steps__.review!.outputData as { approved: boolean }).approved }) },
      ],
    })
    const t = await setup([wf])
    const e = await t.engine.startWorkflow('content')
    await t.until(async () => (await t.queries.steps(e.$id)).find((s) => s.id === 'review')!.status === 'running')
    const review = (await t.queries.steps(e.$id)).find((s) => s.id === 'review')!
    expect(Date.parse(review.dueAt!) - Date.parse(review.startedAt!)).toBe(3_600_000)
    await t.clock.advance(60_000)
    expect(await t.status(e.$id)).toBe('running')
    await t.executions.completeStep(e.$id, operator, 'review', { output: { approved: true } })
    await t.until(async () => (await t.status(e.$id)) === 'completed')
    expect((await t.queries.steps(e.$id)).find((s) => s.id === 'publish')!.output).toEqual({ approved: true })

    const second = await t.engine.startWorkflow('content')
    await t.until(async () => (await t.queries.steps(second.$id)).find((s) => s.id === 'review')!.status === 'running')
    await t.executions.failStep(second.$id, operator, 'review', { code: 'BUSINESS_RULE_VIOLATION', message: 'Rejected: off-brand tone', recoverable: false })
    await t.until(async () => (await t.status(second.$id)) === 'failed')
    expect((await t.queries.get(second.$id)).error).toMatchObject({ code: 'BUSINESS_RULE_VIOLATION', step: 'review' })
  })

  it('starts child executions from a sub-workflow step and waits for them', async () => {
    const child = defineWorkflow({
      id: 'lead',
      version: 1,
      name: 'Lead',
      service: 'sdr-service',
      steps: [{ id: 'email', assignee: 'system', handler: async (ctx) => ({ to: ctx.input.lead }) }],
    })
    const parent = defineWorkflow({
      id: 'campaign',
      version: 1,
      name: 'Campaign',
      service: 'sdr-service',
      steps: [
        { id: 'leads', assignee: 'system', children: (ctx) => (ctx.input.leads as string[]).map((lead) => ({ workflow: 'lead', input: { lead } })) },
        { id: 'report', assignee: 'system', handler: async (ctx) => ({ children: (ctx.__steps__.leads!.outputData as { children: unknown[] }).children.length }) },
      ],
    })
    const t = await setup([child, parent])
    const e = await t.engine.startWorkflow('campaign', { input: { leads: ['ann', 'bo', 'cy'] } })
    await t.until(async () => (await t.status(e.$id)) === 'completed')
    const kids = (await t.queries.list({ parentExecutionId: e.$id, sort: 'createdAt', order: 'asc', limit: 10 })).items
    expect(kids).toHaveLength(3)
    expect(kids.every((k) => k.status === 'completed' && k.rootExecutionId === e.$id && k.correlationId === e.correlationId)).toBe(true)
    const leads = (await t.queries.get(e.$id)).steps!.find((s) => s.id === 'leads')!
    expect(leads.childExecutions?.map((c) => c.id).sort()).toEqual(kids.map((k) => k.$id).sort())
    expect((await t.queries.steps(e.$id)).find((s) => s.id === 'report')!.output).toEqual({ children: 3 })
  })

  it('applies recovery strategies by error code and records each', async () => {
    const wf = defineWorkflow({
      id: 'recover',
      version: 1,
      name: 'Recover',
      service: 'integration-service',
      retryPolicy: { maxRetries: 3, backoff: 'linear', initialDelay: 1000, maxDelay: 1000 },
      recovery: {
        DATA_NOT_FOUND: { action: 'SKIP' },
        MODEL_ERROR: { action: 'FALLBACK', output: (err) => ({ fallback: true, because: err.code }) },
        QUOTA_EXCEEDED: { action: 'ABORT' },
      },
      steps: [
        {
          id: 'enrich',
          assignee: 'system',
          handler: async () => {
            throw new StepError('DATA_NOT_FOUND', 'no record')
          },
        },
        {
          id: 'summarize',
          assignee: 'ai-agent',
          handler: async () => {
            throw new StepError('MODEL_ERROR', 'AI model returned empty response')
          },
        },
        {
          id: 'bill',
          assignee: 'system',
          handler: async (ctx) => {
            if (ctx.input.overQuota) throw new StepError('QUOTA_EXCEEDED', 'Monthly token quota exceeded', { recoverable: true })
            return {}
          },
        },
      ],
    })
    const t = await setup([wf])
    const ok = await t.engine.startWorkflow('recover')
    await t.until(async () => (await t.status(ok.$id)) === 'completed')
    const steps = await t.queries.steps(ok.$id)
    expect(steps.map((s) => s.status)).toEqual(['skipped', 'completed', 'completed'])
    expect(steps[1]!.output).toEqual({ fallback: true, because: 'MODEL_ERROR' })
    const aborted = await t.engine.startWorkflow('recover', { input: { overQuota: true } })
    await t.until(async () => (await t.status(aborted.$id)) === 'failed')
    await t.clock.advance(10_000)
    expect(await t.status(aborted.$id)).toBe('failed') // ABORT: no retry despite the policy
    const actions = (await t.queries.events(aborted.$id, { limit: 100 })).items.filter((x) => x.type === 'execution.recovery').map((x) => (x.data as { action: string }).action)
    expect(actions).toEqual(['SKIP', 'FALLBACK', 'ABORT'])
  })

  it('starts queued executions by priority then age within the concurrency limit', async () => {
    const order: string[] = []
    const wf = defineWorkflow({
      id: 'one',
      version: 1,
      name: 'One',
      service: 'sdr-service',
      steps: [
        {
          id: 's',
          assignee: 'system',
          handler: async (ctx) => {
            order.push(ctx.input.name as string)
            return {}
          },
        },
      ],
    })
    const t = await setup([wf], { concurrency: 1, start: false })
    await t.engine.startWorkflow('one', { input: { name: 'low' }, priority: 'low' })
    await t.engine.startWorkflow('one', { input: { name: 'normal-1' } })
    await t.engine.startWorkflow('one', { input: { name: 'urgent' }, priority: 'urgent' })
    await t.engine.startWorkflow('one', { input: { name: 'normal-2' } })
    await t.engine.start()
    await t.until(async () => order.length === 4)
    expect(order).toEqual(['urgent', 'normal-1', 'normal-2', 'low'])
  })

  it('starts a workflow at once while there is room, and queues it behind the others when there is none', async () => {
    let release = () => {}
    const gate = new Promise<void>((r) => (release = r))
    const wf = defineWorkflow({
      id: 'held',
      version: 1,
      name: 'Held',
      service: 'sdr-service',
      steps: [
        {
          id: 's',
          assignee: 'system',
          handler: async () => {
            await gate
            return {}
          },
        },
      ],
    })
    const t = await setup([wf], { concurrency: 2 })
    await settle() // its first look for work under way (recovery) goes before new work
    const first = await t.engine.startWorkflow('held', { requestedBy: operator })
    const second = await t.engine.startWorkflow('held')
    const third = await t.engine.startWorkflow('held')
    // The first two came back already running, their step started in the same change as the create.
    expect([first.status, second.status, third.status]).toEqual(['running', 'running', 'queued'])
    const events = (await t.queries.events(first.$id, { limit: 10 })).items
    expect(events.map((e) => [e.type, (e.data as { queued?: boolean } | null)?.queued])).toEqual([
      ['execution.created', false],
      ['execution.started', undefined],
      ['execution.step.started', undefined],
    ])
    expect(new Set(events.map((e) => e.timestamp)).size).toBe(1)
    // Asked for by the operator, started by the engine.
    expect(events.map((e) => e.actor.type)).toEqual(['operator', 'engine', 'engine'])
    expect((await t.queries.events(third.$id, { limit: 10 })).items.map((e) => e.type)).toEqual(['execution.created'])
    release()
    await t.until(async () => (await Promise.all([first, second, third].map((e) => t.status(e.$id)))).every((s) => s === 'completed'))
  })

  it('recovers an execution whose worker stopped heartbeating', async () => {
    let calls = 0
    const wf = defineWorkflow({
      id: 'two',
      version: 1,
      name: 'Two',
      service: 'sdr-service',
      steps: [
        { id: 'a', assignee: 'system', handler: noop() },
        { id: 'b', assignee: 'system', handler: async () => ({ n: ++calls }) },
      ],
    })
    const t = await setup([wf], { leaseMs: 3_000, start: false })
    const e = await t.engine.startWorkflow('two')
    // A worker that took the execution, ran step a, started b, then vanished.
    const dead = { type: 'engine' as const, id: 'dead-worker' }
    expect((await t.executions.begin(e.$id, dead, { lease: { workerId: 'dead-worker', leaseMs: 3_000 }, steps: [] })).leaseOwner).toBe('dead-worker')
    await t.executions.startStep(e.$id, operator, { id: 'a' })
    await t.executions.completeStep(e.$id, operator, 'a', { output: { done: true } })
    await t.executions.startStep(e.$id, operator, { id: 'b' })
    await t.engine.start()
    await t.clock.advance(1_000)
    expect(t.engine.active).toEqual([]) // the lease is still the dead worker's
    await t.until(async () => (await t.status(e.$id)) === 'completed')
    const steps = await t.queries.steps(e.$id)
    expect(steps.map((s) => [s.id, s.attempt])).toEqual([
      ['a', 1],
      ['b', 2],
    ])
    expect(calls).toBe(1)
  })

  it('does not hold a worker slot while an execution waits for a person', async () => {
    const review = defineWorkflow({
      id: 'review',
      version: 1,
      name: 'Review',
      service: 'content-service',
      steps: [
        { id: 'approve', assignee: 'human' },
        { id: 'ship', assignee: 'system', handler: noop() },
      ],
    })
    const quick = defineWorkflow({ id: 'quick', version: 1, name: 'Quick', service: 'sdr-service', steps: [{ id: 'go', assignee: 'system', handler: noop() }] })
    const t = await setup([review, quick], { concurrency: 1 })
    const waiting = await t.engine.startWorkflow('review')
    await t.until(async () => (await t.queries.steps(waiting.$id))[0]!.status === 'running')
    const others = await Promise.all([t.engine.startWorkflow('quick'), t.engine.startWorkflow('quick')])
    await t.until(async () => (await Promise.all(others.map((o) => t.status(o.$id)))).every((x) => x === 'completed'))
    expect(await t.status(waiting.$id)).toBe('running')
    await t.executions.completeStep(waiting.$id, operator, 'approve', { output: { ok: true } })
    await t.until(async () => (await t.status(waiting.$id)) === 'completed')
  })
})

describe('restoring a checkpoint', () => {
  it('takes a failed execution back to a chosen checkpoint: the steps it had finished do not run again, the rest do', async () => {
    const calls = { fetch: 0, enrich: 0, publish: 0 }
    let publishFails = true
    const wf = defineWorkflow({
      id: 'restorable',
      version: 1,
      name: 'Restorable',
      service: 'batch-processing-service',
      steps: [
        { id: 'fetch', assignee: 'system', handler: async () => ({ fetched: ++calls.fetch }) },
        { id: 'enrich', assignee: 'system', handler: async () => ({ enriched: ++calls.enrich }) },
        {
          id: 'publish',
          assignee: 'system',
          handler: async () => {
            calls.publish += 1
            if (publishFails) throw new StepError('VALIDATION_ERROR', 'the feed rejected the record')
            return { published: true }
          },
        },
      ],
    })
    const t = await setup([wf])
    const e = await t.engine.startWorkflow('restorable')
    await t.until(async () => (await t.status(e.$id)) === 'failed', 10_000)
    expect(calls).toEqual({ fetch: 1, enrich: 1, publish: 1 })

    // The step-boundary checkpoint after `fetch`: only it had finished then.
    const checkpoints = await t.queries.checkpoints(e.$id)
    const afterFetch = checkpoints.find((c) => c.state.completedSteps.length === 1 && c.state.completedSteps[0] === 'fetch')!
    expect(afterFetch).toBeDefined()
    // Refused as it should be: an unknown checkpoint, a stale expectation.
    await expect(t.executions.restoreCheckpoint(e.$id, operator, { checkpointId: 'ckpt_unknown' })).rejects.toThrow(/checkpoint ckpt_unknown not found/)
    await expect(t.executions.restoreCheckpoint(e.$id, operator, { checkpointId: afterFetch.id, expectedStatus: ['running'] })).rejects.toThrow(/failed now, not running/)
    expect(await t.status(e.$id)).toBe('failed') // (nothing changed)

    publishFails = false
    const restored = await t.executions.restoreCheckpoint(e.$id, operator, { checkpointId: afterFetch.id })
    expect(restored.status).toBe('retry')
    await t.until(async () => (await t.status(e.$id)) === 'completed')
    expect(calls).toEqual({ fetch: 1, enrich: 2, publish: 2 })
    const steps = await t.queries.steps(e.$id)
    expect(steps.map((s) => [s.id, s.status, s.attempt])).toEqual([
      ['fetch', 'completed', 1],
      ['enrich', 'completed', 2],
      ['publish', 'completed', 2],
    ])
    expect(steps[0]!.output).toEqual({ fetched: 1 })
    expect(steps[1]!.output).toEqual({ enriched: 2 })
    // The timeline says who restored which checkpoint and what ran again.
    const events = (await t.queries.events(e.$id, { limit: 500 })).items
    const event = events.find((x) => x.type === 'execution.checkpoint.restored')!
    expect(event).toMatchObject({ actor: { type: operator.type, id: operator.id }, data: { checkpointId: afterFetch.id, kept: 1, rerun: ['enrich', 'publish'] } })
    // An ended execution is not restored: it says why and what to do instead.
    await expect(t.executions.restoreCheckpoint(e.$id, operator, { checkpointId: afterFetch.id })).rejects.toThrow(/completed; a checkpoint is restored into a failed execution/)
  })
})
