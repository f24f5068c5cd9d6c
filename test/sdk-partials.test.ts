// Seed capabilities the README listed as partial, through the SDK against a real server: the type
// guards a client imports (the console's own rule, one copy), job.update() (seed 000's
// PartialExecution), execution analytics (seed 001 Example 12) over REST with its tenancy and its
// 400s, and an execution's failedAt and lastActivityAt (seed 004).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as sdk from '@execution-console/sdk'
import { canRetry, createClient, ConflictError, isExecutionComplete, isExecutionFailed, isExecutionRunning, ValidationError } from '@execution-console/sdk'
import * as domainExecution from '@/server/domain/execution'
import * as domainRetry from '@/server/domain/retry'
import { principal, signedIn, startRestServer } from './helpers'

let api: Awaited<ReturnType<typeof startRestServer>>
const worker = { type: 'worker' as const, id: 'worker-1' }
const engine = { type: 'engine' as const, id: 'engine-1' }
beforeAll(async () => {
  api = await startRestServer()
  await api.db.organization.create({ data: { id: 'org-other', name: 'Other team', createdAt: new Date() } })
})
afterAll(async () => api.close())

describe("seed 000's type guards in the SDK", () => {
  it('are the domain’s functions, not a copy of them', () => {
    expect(sdk.isExecutionComplete).toBe(domainExecution.isExecutionComplete)
    expect(sdk.isExecutionFailed).toBe(domainExecution.isExecutionFailed)
    expect(sdk.isExecutionRunning).toBe(domainExecution.isExecutionRunning)
    expect(sdk.canRetry).toBe(domainRetry.canRetry)
  })

  it('answer for executions the console returns', async () => {
    const $ = createClient({ url: api.origin, headers: api.admin })
    const job = await $.ServiceExecution.create({ service: 'sdr-service', retryPolicy: { maxRetries: 2, backoff: 'exponential', initialDelay: 1000, maxDelay: 10_000 } })
    expect([isExecutionRunning(job), isExecutionComplete(job), isExecutionFailed(job)]).toEqual([false, false, false])
    const running = await job.start()
    expect(isExecutionRunning(running)).toBe(true)
    const failed = await running.fail({ code: 'API_TIMEOUT', message: 'slow upstream', recoverable: true })
    expect(isExecutionFailed(failed)).toBe(true)
    expect(canRetry(failed)).toBe(true)
    expect(failed.allowedOperations).toContain('retry')
    // Not recoverable: no retry by the policy.
    const other = await (await $.ServiceExecution.create({ service: 'sdr-service', retryPolicy: { maxRetries: 2, backoff: 'linear', initialDelay: 1, maxDelay: 1 } })).start()
    expect(canRetry(await other.fail({ code: 'VALIDATION_ERROR', message: 'bad input', recoverable: false }))).toBe(false)
    const done = await (await (await $.ServiceExecution.create({ service: 'sdr-service' })).start()).complete({ success: true, output: { n: 1 }, summary: 'ok' })
    expect(isExecutionComplete(done)).toBe(true)
    expect(canRetry(done)).toBe(false)
  })
})

describe("seed 000's ExecutionSummary", () => {
  it('is an execution in a line: its times and duration, and success only for a completed run that did not say otherwise; 404 to another organisation', async () => {
    const $ = createClient({ url: api.origin, headers: api.admin })
    const queued = await $.ServiceExecution.create({ service: 'sdr-service' })
    expect(await $.ServiceExecution[queued.$id]!.summary).toEqual({ id: queued.$id, status: 'queued', progress: 0, success: false })
    const done = await (await queued.start()).complete({ success: true, output: { n: 1 }, summary: 'ok' })
    const summary = await $.ServiceExecution[done.$id]!.summary
    expect(summary).toMatchObject({ id: done.$id, status: 'completed', progress: 100, success: true, startedAt: done.metrics?.startedAt, completedAt: done.metrics?.completedAt })
    expect(summary.duration).toBe(done.metrics?.duration)
    const unsuccessful = await (await (await $.ServiceExecution.create({ service: 'sdr-service' })).start()).complete({ success: false, output: null, summary: 'nothing to do' })
    expect(await $.ServiceExecution[unsuccessful.$id]!.summary).toMatchObject({ status: 'completed', success: false })
    const failed = await (await (await $.ServiceExecution.create({ service: 'sdr-service' })).start()).fail({ code: 'API_TIMEOUT', message: 'slow' })
    expect(await $.ServiceExecution[failed.$id]!.summary).toMatchObject({ status: 'failed', success: false })
    const other = await signedIn(api.access, api.origin, { role: 'admin', organizations: ['org-other'], email: 'summary-other@b.test' })
    expect((await api.call('GET', `/executions/${done.$id}/summary`, undefined, undefined, other)).status).toBe(404)
  })
})

describe("job.update(): seed 000's PartialExecution", () => {
  it('changes the fields given in one PUT, refuses a stale version and bad input', async () => {
    const $ = createClient({ url: api.origin, headers: api.admin })
    const job = await $.ServiceExecution.create({ service: 'sdr-service', tags: ['a'] })
    const updated = await $.ServiceExecution[job.$id]!.update({ priority: 'high', tags: ['a', 'b'], metadata: { batch: 7 }, progress: 12 })
    expect(updated).toMatchObject({ priority: 'high', tags: ['a', 'b'], progress: 12, version: job.version + 1 })
    expect(updated.metadata.batch).toBe(7)
    // On a live execution too, and through the lifecycle: queued → … → cancelled.
    const cancelled = await updated.update({ status: 'cancelled', reason: 'not needed' })
    expect(cancelled.status).toBe('cancelled')
    await expect(updated.update({ priority: 'low', expectedVersion: job.version })).rejects.toThrow(ConflictError)
    const refused = await updated.update({ priority: 'urgent-ish' as never }).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(ValidationError)
    expect(refused).toMatchObject({ field: 'priority' })
  })
})

describe('execution analytics (seed 001 Example 12)', () => {
  it('counts success rate, average duration and cost by service and workflow, over a time range, only of what the caller sees', async () => {
    const at = Date.now()
    api.writer.run(
      `INSERT INTO "WorkflowDefinition" ("id", "key", "version", "name", "serviceId", "definition", "createdAt") VALUES ('report@1', 'report', 1, 'Report', 'content-service', '[]', ?), ('report@2', 'report', 2, 'Report', 'content-service', '[]', ?)`,
      [at, at],
    )
    const made: string[] = []
    const run = async (outcome: 'completed' | 'failed' | 'cancelled', ms: number, cost: number, workflow: string | null) => {
      const e = await api.executions.create(worker, { service: 'content-service', status: 'running' })
      if (outcome === 'completed') await api.executions.complete(e.$id, worker, { success: true, output: null, summary: 'done' })
      else if (outcome === 'failed') await api.executions.fail(e.$id, worker, { code: 'API_TIMEOUT', message: 'slow' })
      else await api.executions.update(e.$id, worker, { status: 'cancelled' })
      api.writer.run('UPDATE "Execution" SET "durationMs" = ?, "cost" = ?, "workflowDefinitionId" = ? WHERE "id" = ?', [ms, cost, workflow, e.$id])
      made.push(e.$id)
    }
    await run('completed', 1_000, 0.5, 'report@1')
    await run('completed', 3_000, 0.25, 'report@2')
    await run('failed', 500, 0.25, 'report@2')
    await run('cancelled', 100, 0, null)
    const $ = createClient({ url: api.origin, headers: api.admin })

    const all = await $.ServiceExecution.analytics({ service: 'content-service' })
    expect(all).toMatchObject({
      service: 'content-service',
      total: 4,
      completed: 2,
      failed: 1,
      successRate: 0.5,
      averageDuration: 2_000,
      totalCost: 1,
      errorCodes: { API_TIMEOUT: 1 },
    })
    expect(all.byStatus).toEqual({ completed: 2, failed: 1, cancelled: 1 })
    // A workflow by key is every version; key@version one.
    expect(await $.ServiceExecution.analytics({ workflow: 'report' })).toMatchObject({ workflow: 'report', total: 3, successRate: 2 / 3, averageDuration: 2_000 })
    expect(await $.ServiceExecution.analytics({ workflow: 'report@2' })).toMatchObject({ total: 2, completed: 1, failed: 1, successRate: 0.5, totalCost: 0.5 })
    expect((await $.ServiceExecution.analytics({ workflow: 'nothing-like-it' })).total).toBe(0)
    // A time range of creation: all of them are from now, none from yesterday.
    expect((await $.ServiceExecution.analytics({ service: 'content-service', from: new Date(at - 60_000) })).total).toBe(4)
    expect((await $.ServiceExecution.analytics({ service: 'content-service', to: new Date(at - 86_400_000) })).total).toBe(0)

    const byWorkflow = await $.ServiceExecution.analyticsBy('workflow', { service: 'content-service' })
    expect(byWorkflow.rows.map((r) => [r.key, r.total, r.successRate])).toEqual([
      ['report@2', 2, 0.5],
      ['report@1', 1, 1],
      [null, 1, 0],
    ])
    const byService = await $.ServiceExecution.analyticsBy('service')
    expect(byService.rows.find((r) => r.key === 'content-service')).toMatchObject({ total: 4, completed: 2 })

    // Another organisation counts none of them, and reads none of their ids.
    const other = await signedIn(api.access, api.origin, { role: 'admin', organizations: ['org-other'] })
    const theirs = await api.call('GET', '/analytics/summary?service=content-service', undefined, undefined, other)
    expect(theirs.status).toBe(200)
    expect(theirs.body).toMatchObject({ total: 0, successRate: null, totalCost: 0 })
    const theirRows = await api.call('GET', '/analytics/breakdown?by=workflow', undefined, undefined, other)
    expect(theirRows.body.rows).toEqual([])
    for (const id of made) expect(JSON.stringify(theirRows.body)).not.toContain(id)
    // A read key may read them.
    const key = api.access.apiKeys.create({ name: 'reader', organizationId: 'org-provider', scope: 'read' }, principal('admin', ['org-provider'])).key
    expect((await createClient({ url: api.origin, apiKey: key }).ServiceExecution.analytics({ service: 'content-service' })).total).toBe(4)
  })

  it('refuses bad input with a 400 naming the field', async () => {
    for (const [query, field] of [
      ['?from=yesterday', 'from'],
      ['?by=customer', 'by'],
      ['?by=service&colour=red', 'colour'],
    ] as const) {
      const path = query.includes('by=') ? `/analytics/breakdown${query}` : `/analytics/summary${query}`
      const r = await api.call('GET', path)
      expect(r.status, path).toBe(400)
      expect(JSON.stringify(r.body), path).toContain(field)
    }
  })
})

describe("seed 004's failedAt and lastActivityAt", () => {
  it('says when an execution failed and when anything last happened to it, engine log lines included', async () => {
    const $ = createClient({ url: api.origin, headers: api.admin })
    const job = await (await $.ServiceExecution.create({ service: 'sdr-service' })).start()
    expect(job.metadata.failedAt).toBeUndefined()
    const started = Date.parse(job.metadata.lastActivityAt!)
    expect(started).toBeGreaterThanOrEqual(Date.parse(job.metadata.createdAt))
    await new Promise((r) => setTimeout(r, 20))
    // The engine's log lines touch no row (the hot ingest path): the newest event says it.
    await api.executions.log(job.$id, engine, [{ level: 'info', message: 'working' }])
    const logged = await $.ServiceExecution.get(job.$id)
    expect(Date.parse(logged.metadata.lastActivityAt!)).toBeGreaterThan(started)
    expect(logged.metadata.updatedAt).toBe(job.metadata.updatedAt)
    await new Promise((r) => setTimeout(r, 20))
    const failed = await logged.fail({ code: 'API_TIMEOUT', message: 'slow', recoverable: true })
    expect(failed.metadata.failedAt).toBe(failed.metrics!.completedAt)
    expect(Date.parse(failed.metadata.lastActivityAt!)).toBeGreaterThan(Date.parse(logged.metadata.lastActivityAt!))
    // A retry clears it.
    const retried = await failed.retry()
    expect(retried.metadata.failedAt).toBeUndefined()
  })
})

describe('$.WorkflowTemplate.list (its README lists register, list, get)', () => {
  it('lists the versions one may read, or the newest of each', async () => {
    const $ = createClient({ url: api.origin, headers: api.admin })
    await $.TaskDefinition.register({ id: 'ping', version: '1.0.0', name: 'Ping', timeout: 1_000 })
    const template = { id: 'pinger', name: 'Pinger', service: 'sdr-service', steps: [{ id: 'ping', type: 'task' as const, task: 'ping' }] }
    await $.WorkflowTemplate.register(template)
    await $.WorkflowTemplate.register({ ...template, name: 'Pinger, renamed' })
    expect((await $.WorkflowTemplate.list({ id: 'pinger' })).map((t) => t.id)).toEqual(['pinger@2', 'pinger@1'])
    expect((await $.WorkflowTemplate.list({ latest: true })).filter((t) => t.id.startsWith('pinger@'))).toMatchObject([{ version: 2 }])
  })
})
