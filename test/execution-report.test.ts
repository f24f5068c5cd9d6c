// Seed 002's ExecutionResult: `GET /api/executions/{id}/report`, the SDK's `execution.report()`,
// and `BusinessWorkflow.execute()` — which starts a run, waits for its end and answers the report —
// on real runs of the engine, a run that fails, an outside service's execution, and another
// organisation's (not found).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient, NotFoundError } from '@execution-console/sdk'
import { createEngine, type Engine } from '@/server/engine/engine'
import { defineWorkflow, StepError } from '@/server/engine/workflow'
import { principal, startRestServer } from './helpers'

let api: Awaited<ReturnType<typeof startRestServer>>
let engine: Engine
beforeAll(async () => {
  api = await startRestServer()
  engine = createEngine({
    store: api.writer,
    executions: api.executions,
    bus: api.bus,
    pollMs: 50,
    workflows: [
      defineWorkflow({
        id: 'two-steps',
        version: 3,
        name: 'Two steps',
        service: 'batch-processing-service',
        steps: [
          { id: 'fetch', name: 'Fetch rows', assignee: 'system', handler: async () => ({ rows: 2 }) },
          { id: 'load', name: 'Load rows', assignee: 'system', handler: async (ctx) => ({ loaded: (ctx.__steps__.fetch!.outputData as { rows: number }).rows }) },
        ],
      }),
      defineWorkflow({
        id: 'breaks',
        version: 1,
        name: 'Breaks',
        service: 'batch-processing-service',
        steps: [
          {
            id: 'post',
            name: 'Post to the ledger',
            assignee: 'system',
            handler: async () => {
              throw new StepError('LEDGER_REJECTED', 'the ledger refused entry 7', { recoverable: false, context: { entry: 7 } })
            },
          },
        ],
      }),
    ],
  })
  api.attachEngine(engine)
  await engine.start()
})
afterAll(async () => {
  await engine.stop()
  await api.close()
})

describe("seed 002's ExecutionResult", () => {
  it('execute() runs a workflow to its end and answers its report: status, result, metrics, timeline', async () => {
    const $ = createClient({ url: api.origin, headers: api.admin })
    const report = await $.BusinessWorkflow.execute('two-steps', { input: { day: '2026-12-05' } })
    expect(report).toMatchObject({
      planId: 'two-steps@3',
      status: 'COMPLETED',
      consoleStatus: 'completed',
      result: { success: true, output: { fetch: { rows: 2 }, load: { loaded: 2 } } },
      resourceUsage: [],
    })
    expect(report.error).toBeUndefined()
    expect(Date.parse(report.completedAt!)).toBeGreaterThanOrEqual(Date.parse(report.startedAt!))
    expect(report.metrics).toMatchObject({ successRate: 1, resourceEfficiency: null })
    expect(report.metrics.totalDuration).toBeGreaterThanOrEqual(report.metrics.effectiveDuration)
    // Its events in the seed's types, oldest first; log lines and progress are not among them.
    const types = report.timeline.map((e) => e.type)
    expect(types.slice(0, 2)).toEqual(['EXECUTION_CREATED', 'EXECUTION_STARTED'])
    expect(types.filter((t) => t.startsWith('TASK_'))).toEqual(['TASK_STARTED', 'TASK_COMPLETED', 'TASK_STARTED', 'TASK_COMPLETED'])
    expect(types.at(-1)).toBe('EXECUTION_COMPLETED')
    expect(report.timeline.some((e) => e.event === 'execution.log' || e.event === 'execution.progress')).toBe(false)
    expect(report.timeline.find((e) => e.type === 'TASK_COMPLETED')).toMatchObject({ taskId: 'fetch', description: expect.stringMatching(/^step Fetch rows completed/) })
    const ids = report.timeline.map((e) => Number(e.id))
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
    // The same over REST, as the SDK read it.
    const rest = await api.call('GET', `/executions/${report.executionId}/report`)
    expect(rest.status).toBe(200)
    expect(rest.body).toEqual(report)
  })

  it("answers a failed run with seed 002's ExecutionError: code, message, the task it failed in, whether it can be recovered", async () => {
    const $ = createClient({ url: api.origin, headers: api.admin })
    const report = await $.BusinessWorkflow.execute('breaks')
    expect(report).toMatchObject({
      status: 'FAILED',
      consoleStatus: 'failed',
      error: { code: 'LEDGER_REJECTED', message: 'the ledger refused entry 7', taskId: 'post', recoverable: false, context: { entry: 7 } },
    })
    expect(Date.parse(report.error!.timestamp)).not.toBeNaN()
    expect(report.metrics.successRate).toBe(0)
    expect(report.timeline.map((e) => e.type)).toContain('TASK_FAILED')
    expect(report.timeline.at(-1)!.type).toBe('EXECUTION_FAILED')
  })

  it("names an outside service's execution's status the seed's way as it goes, with no plan; another organisation's is not found", async () => {
    const $ = createClient({ url: api.origin, headers: api.admin })
    const job = await $.ServiceExecution.create({ service: 'sdr-service', steps: [{ id: 'research' }] })
    expect(await job.report()).toMatchObject({ status: 'PENDING', consoleStatus: 'queued', planId: null, timeline: [{ type: 'EXECUTION_CREATED' }] })
    await job.start()
    await job.reportMetrics({ cost: 0.25 })
    await new Promise((r) => setTimeout(r, 20))
    const running = await job.report()
    expect(running).toMatchObject({ status: 'RUNNING', consoleStatus: 'running', metrics: { totalCost: 0.25, successRate: null } })
    expect(running.metrics.totalDuration).toBeGreaterThan(0) // (its time so far)
    await job.pause()
    expect((await job.report()).status).toBe('PAUSED')
    await job.cancel('not needed')
    const cancelled = await job.report()
    expect(cancelled).toMatchObject({
      status: 'CANCELLED',
      timeline: expect.arrayContaining([expect.objectContaining({ type: 'EXECUTION_CANCELLED', description: 'cancelled: not needed' })]),
    })
    expect(cancelled.completedAt).toBeDefined()

    await api.db.organization.create({ data: { id: 'org-elsewhere', name: 'Elsewhere', createdAt: new Date() } })
    const key = api.access.apiKeys.create({ name: 'elsewhere', organizationId: 'org-elsewhere', scope: 'read' }, principal('admin', ['org-elsewhere']))
    const other = createClient({ url: api.origin, apiKey: key.key })
    await expect(other.ServiceExecution[job.$id]!.report()).rejects.toBeInstanceOf(NotFoundError)
    expect((await api.call('GET', '/executions/exec_missing/report')).status).toBe(404)
  })
})

describe("seed 002's createCheckpoint", () => {
  it('takes one now from the steps when no state is given, and refuses a state without its step, naming it', async () => {
    const $ = createClient({ url: api.origin, headers: api.admin })
    const job = await $.ServiceExecution.create({ service: 'sdr-service', steps: [{ id: 'research' }, { id: 'send' }] })
    await job.start()
    await job.startStep({ id: 'research' })
    await job.completeStep('research', { output: { leads: 3 } })
    await job.checkpoint()
    const [taken] = await api
      .call('GET', `/executions/${job.$id}/checkpoints`)
      .then((r) => r.body as { step: string; state: { completedSteps: string[]; pendingSteps: string[] }; metadata: { reason: string } }[])
    expect(taken).toMatchObject({ step: 'send', state: { completedSteps: ['research'], pendingSteps: ['send'] }, metadata: { reason: 'requested' } })
    const refused = await api.call('POST', `/executions/${job.$id}/checkpoints`, {
      state: { currentStep: 0, totalSteps: 1, completedSteps: [], pendingSteps: [], variables: {}, results: {} },
    })
    expect(refused.status).toBe(400)
    expect(refused.body.error).toMatchObject({ field: 'step', message: expect.stringContaining('required with state') })
  })
})
