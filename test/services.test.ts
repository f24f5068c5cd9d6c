import { afterEach, describe, expect, it } from 'vitest'
import { FEW_TAGGED } from '@/server/services/execution-sql'
import { operator, testServices } from './helpers'

let cleanup: (() => Promise<void>) | undefined
afterEach(async () => {
  await cleanup?.()
  cleanup = undefined
})

async function setup(now?: () => Date) {
  const s = await testServices(now)
  cleanup = () => s.db.$disconnect()
  return s
}

describe('the write path', () => {
  it('drives an execution through its lifecycle and records who did what', async () => {
    const { executions, queries, published } = await setup()
    const created = await executions.create(operator, {
      order: 'order-1',
      service: 'sdr-service',
      steps: [
        { id: 'research', name: 'Research' },
        { id: 'send', name: 'Send' },
      ],
    })
    expect(created.status).toBe('queued')
    expect(created.metrics?.stepsTotal).toBe(2)
    expect(created.allowedOperations).toEqual(['start', 'cancel'])

    const started = await executions.start(created.$id, operator)
    expect(started.status).toBe('running')
    expect(started.metrics?.startedAt).toBeDefined()

    await executions.startStep(created.$id, operator, { id: 'research' })
    const afterStep = await executions.completeStep(created.$id, operator, 'research', { output: { found: 3 } })
    expect(afterStep.progress).toBe(50)
    expect(afterStep.metrics?.stepsCompleted).toBe(1)

    const paused = await executions.pause(created.$id, operator)
    expect(paused.status).toBe('paused')
    const checkpoints = await queries.checkpoints(created.$id)
    expect(checkpoints).toHaveLength(1)
    expect(checkpoints[0]!.state.completedSteps).toEqual(['research'])
    expect(checkpoints[0]!.state.pendingSteps).toEqual(['send'])

    await executions.resume(created.$id, operator)
    await executions.startStep(created.$id, operator, { id: 'send' })
    await executions.completeStep(created.$id, operator, 'send')
    const done = await executions.complete(created.$id, operator, { success: true, output: { emails_sent: 1 }, summary: 'sent' })
    expect(done.status).toBe('completed')
    expect(done.progress).toBe(100)
    expect(done.metrics?.duration).toBeGreaterThanOrEqual(0)

    const { items: events } = await queries.events(created.$id, { limit: 100 })
    expect(events.map((e) => e.type)).toEqual([
      'execution.created',
      'execution.started',
      'execution.step.started',
      'execution.step.completed',
      'execution.progress',
      'execution.paused',
      'execution.resumed',
      'execution.step.started',
      'execution.step.completed',
      'execution.progress',
      'execution.completed',
    ])
    expect(events.every((e) => e.actor.id === 'test-operator')).toBe(true)
    expect(published.map((e) => e.id)).toEqual(events.map((e) => e.id))
  })

  it("keeps the progress a service reports while it adds its steps one at a time (seed 001's Example 9)", async () => {
    const { executions, queries } = await setup()
    const { $id } = await executions.create(operator, { service: 'sdr-service' })
    await executions.start($id, operator)
    const seen: number[] = []
    const steps = ['research', 'draft', 'send']
    for (const [i, id] of steps.entries()) {
      await executions.startStep($id, operator, { id, name: id })
      seen.push((await queries.get($id)).progress)
      await executions.completeStep($id, operator, id, { output: { i } })
      seen.push((await queries.get($id)).progress)
      await executions.updateProgress($id, operator, ((i + 1) / steps.length) * 100)
      seen.push((await queries.get($id)).progress)
    }
    // Until the first report, the finished steps' share (1 of 1: 100%). Once reported, a step change
    // no longer recomputes it: it no longer jumps to 100% after each step and back.
    expect(seen).toEqual([0, 100, 33.33, 33.33, 33.33, 66.67, 66.67, 66.67, 100].map((p) => expect.closeTo(p, 1)))
    const done = await queries.get($id)
    expect(done.metrics?.stepsCompleted).toBe(3)
    expect(done.metrics?.stepsTotal).toBe(3)

    // Progress given on create stands from the start too; a PUT of progress likewise.
    const declared = await executions.create(operator, { service: 'sdr-service', progress: 10, steps: [{ id: 'a' }, { id: 'b' }] })
    await executions.start(declared.$id, operator)
    await executions.startStep(declared.$id, operator, { id: 'a' })
    expect((await executions.completeStep(declared.$id, operator, 'a')).progress).toBe(10)
    const other = await executions.create(operator, { service: 'sdr-service', steps: [{ id: 'a' }, { id: 'b' }] })
    await executions.start(other.$id, operator)
    await executions.update(other.$id, operator, { progress: 5 })
    await executions.startStep(other.$id, operator, { id: 'a' })
    expect((await executions.completeStep(other.$id, operator, 'a')).progress).toBe(5)
    expect((await executions.complete(other.$id, operator, { success: true, output: null, summary: 'done' })).progress).toBe(100)
  })

  it('answers a create with the execution exactly as a later read of it shows it', async () => {
    const { executions, queries } = await setup()
    const created = await executions.create(operator, {
      service: 'sdr-service',
      priority: 'high',
      tags: ['b', 'a'],
      assignee: { type: 'ai-agent', id: 'agent-7' },
      context: { lead: 'acme' },
      metadata: { environment: 'staging', campaign: 'q4' },
      steps: [
        { id: 'research', name: 'Research', input: { lead: 'acme' } },
        { id: 'send', dependsOn: ['research'] },
      ],
    })
    // The answer is built from the values written and the columns' defaults, not read back.
    // (A read also lists checkpoints and webhooks; a create's answer leaves them out.)
    const { checkpoints, webhooks, ...read } = await queries.get(created.$id)
    expect([checkpoints, webhooks]).toEqual([[], []])
    expect(created).toEqual(read)
    // Its webhooks as a read shows them: header values write-only in both.
    const hooked = await executions.create(operator, {
      service: 'sdr-service',
      webhooks: [{ url: 'https://hooks.example.com/x', events: ['execution.completed'], headers: { authorization: 'Bearer secret-token' } }],
    })
    expect(hooked.webhooks).toEqual((await queries.get(hooked.$id)).webhooks)
    expect(hooked.webhooks![0]!.headers).toEqual({ authorization: '********' })
  })

  it('creates a long workflow with every step in order, its step rows written 500 to a statement', async () => {
    const { executions, queries } = await setup()
    const steps = Array.from({ length: 2_001 }, (_, i) => ({ id: `item-${i}`, input: i % 2 ? { item: i } : undefined }))
    const created = await executions.create(operator, { service: 'sdr-service', steps })
    const read = await queries.get(created.$id)
    expect(read.steps!.map((s) => s.id)).toEqual(steps.map((s) => s.id))
    expect(read.steps![601]).toMatchObject({ id: 'item-601', input: { item: 601 }, status: 'pending' })
    expect(created.steps).toEqual(read.steps)
  })

  it('appends the events of one shared commit, thousands, in order with their own ids', async () => {
    const { executions, queries, published } = await setup()
    const created = await Promise.all(Array.from({ length: 1_100 }, () => executions.create(operator, { service: 'sdr-service' })))
    const ids = (await Promise.all(created.map((e) => executions.start(e.$id, operator)))).map((e) => e.$id)
    const before = published.length
    // 4,400 changes asked in one turn share one transaction: their events bind more values than one statement takes.
    await Promise.all(ids.flatMap((id) => [25, 50, 75, 100].map((progress) => executions.updateProgress(id, operator, progress))))
    const appended = published.slice(before)
    expect(appended).toHaveLength(4_400)
    expect(new Set(appended.map((e) => e.id)).size).toBe(4_400)
    expect(appended.map((e) => e.id)).toEqual([...appended.map((e) => e.id)].sort((x, y) => x - y))
    for (const id of [ids[0]!, ids[1_099]!]) {
      const events = (await queries.events(id, { limit: 10 })).items
      expect(events.map((e) => e.type)).toEqual(['execution.created', 'execution.started', ...Array(4).fill('execution.progress')])
      const progress = events.slice(2)
      expect(progress.map((e) => e.data)).toEqual([{ progress: 25 }, { progress: 50 }, { progress: 75 }, { progress: 100 }])
      expect(progress.map((e) => e.id)).toEqual(appended.filter((e) => e.executionId === id).map((e) => e.id))
    }
  })

  it('refuses a transition the lifecycle does not allow, naming what is allowed, and writes nothing', async () => {
    const { executions, queries } = await setup()
    const e = await executions.create(operator, { service: 'sdr-service' })
    await expect(executions.pause(e.$id, operator)).rejects.toMatchObject({
      kind: 'CONFLICT',
      message: 'cannot pause: execution is queued; allowed: start, cancel',
    })
    const after = await queries.get(e.$id)
    expect(after.status).toBe('queued')
    expect(after.version).toBe(e.version)
    expect((await queries.events(e.$id, { limit: 10 })).items).toHaveLength(1)
  })

  it('refuses a stale expected version', async () => {
    const { executions, queries } = await setup()
    const e = await executions.create(operator, { service: 'sdr-service' })
    const started = await executions.start(e.$id, operator, { expectedVersion: e.version })
    await expect(executions.pause(e.$id, operator, { expectedVersion: e.version })).rejects.toMatchObject({ kind: 'CONFLICT' })
    expect((await queries.get(e.$id)).status).toBe('running')
    await executions.pause(e.$id, operator, { expectedVersion: started.version })
    expect((await queries.get(e.$id)).status).toBe('paused')
  })

  it('commits the other changes of a batch when one of them is refused, each with its own events', async () => {
    const { executions, queries } = await setup()
    const a = await executions.start((await executions.create(operator, { service: 'sdr-service' })).$id, operator)
    const b = await executions.create(operator, { service: 'sdr-service' })
    const c = await executions.start((await executions.create(operator, { service: 'sdr-service' })).$id, operator)
    // Asked in the same turn: they share one transaction; b (queued) cannot pause.
    const [pausedA, refusedB, cancelledC] = await Promise.allSettled([
      executions.pause(a.$id, operator),
      executions.pause(b.$id, operator),
      executions.cancel(c.$id, operator, { reason: 'not needed' }),
    ])
    expect(pausedA).toMatchObject({ status: 'fulfilled', value: { status: 'paused' } })
    expect(refusedB).toMatchObject({ status: 'rejected', reason: { kind: 'CONFLICT' } })
    expect(cancelledC).toMatchObject({ status: 'fulfilled', value: { status: 'cancelled' } })
    expect((await queries.get(a.$id)).status).toBe('paused')
    expect((await queries.get(b.$id)).version).toBe(b.version)
    expect((await queries.events(b.$id, { limit: 10 })).items.map((e) => e.type)).toEqual(['execution.created'])
    expect((await queries.events(a.$id, { limit: 10 })).items.map((e) => e.type)).toEqual(['execution.created', 'execution.started', 'execution.paused'])
    expect((await queries.events(c.$id, { limit: 10 })).items.map((e) => e.type)).toEqual(['execution.created', 'execution.started', 'execution.cancelled'])
  })

  it('lets exactly one of a concurrent pause and cancel win', async () => {
    const { executions, queries } = await setup()
    for (let i = 0; i < 10; i++) {
      const e = await executions.start((await executions.create(operator, { service: 'sdr-service' })).$id, operator)
      const results = await Promise.allSettled([
        executions.pause(e.$id, { type: 'operator', id: 'alice' }, { expectedVersion: e.version }),
        executions.cancel(e.$id, { type: 'operator', id: 'bob' }, { reason: 'stop', expectedVersion: e.version }),
      ])
      const won = results.filter((r) => r.status === 'fulfilled')
      const lost = results.filter((r) => r.status === 'rejected')
      expect(won).toHaveLength(1)
      expect(lost).toHaveLength(1)
      expect((lost[0] as PromiseRejectedResult).reason.kind).toBe('CONFLICT')
      const final = await queries.get(e.$id)
      const types = (await queries.events(e.$id, { limit: 10 })).items.map((x) => x.type)
      // one coherent story: created, started, then exactly the winner's event
      expect(types.slice(0, 2)).toEqual(['execution.created', 'execution.started'])
      expect(types.slice(2)).toEqual([final.status === 'paused' ? 'execution.paused' : 'execution.cancelled'])
    }
  })

  it('fails, retries and counts the retry', async () => {
    const { executions } = await setup()
    const e = await executions.create(operator, {
      service: 'integration-service',
      status: 'running',
      retryPolicy: { maxRetries: 3, backoff: 'exponential', initialDelay: 1000, maxDelay: 60000 },
    })
    expect(e.status).toBe('running')
    const failed = await executions.fail(e.$id, operator, { code: 'API_TIMEOUT', message: 'External API timeout after 30s', step: 'fetch-data' })
    expect(failed.error).toMatchObject({ code: 'API_TIMEOUT', recoverable: true, retryCount: 0, step: 'fetch-data' })
    expect(failed.allowedOperations).toEqual(['retry', 'cancel'])
    // The service that runs it retries it itself: it runs at once.
    const service = { type: 'api' as const, id: 'integration-worker' }
    const retried = await executions.retry(e.$id, service)
    expect(retried.status).toBe('running')
    expect(retried.metrics?.retries).toBe(1)
    expect(retried.error?.retryCount).toBe(1)
    const deferred = await executions.retry((await executions.fail(e.$id, service, { code: 'API_TIMEOUT', message: 'again' })).$id, service, { deferred: true })
    expect(deferred.status).toBe('retry')
    // An operator's retry waits for the service to run it again.
    await executions.start(e.$id, service)
    await executions.fail(e.$id, service, { code: 'API_TIMEOUT', message: 'and again' })
    expect((await executions.retry(e.$id, operator)).status).toBe('retry')
    expect((await executions.cancel(e.$id, operator, { reason: 'give up' })).status).toBe('cancelled')
  })

  it('appends logs in batches and reads them back by level and step with a cursor', async () => {
    const { executions, queries } = await setup()
    const e = await executions.create(operator, { service: 'sdr-service' })
    const lines = Array.from({ length: 250 }, (_, i) => ({
      level: (i % 10 === 0 ? 'error' : 'info') as 'error' | 'info',
      message: `line ${i}`,
      step: i % 2 ? 'research' : 'send',
      metadata: { traceId: `trace-${i}` },
    }))
    const written = await executions.log(e.$id, operator, lines)
    expect(written.count).toBe(250)
    expect(written.lastId - written.firstId).toBe(249)
    const errors = await queries.logs(e.$id, { level: ['error'], limit: 500 })
    expect(errors.items).toHaveLength(25)
    const page1 = await queries.logs(e.$id, { step: ['research'], limit: 100 })
    const page2 = await queries.logs(e.$id, { step: ['research'], limit: 100, after: page1.nextCursor! })
    expect(page1.items).toHaveLength(100)
    expect(page2.items).toHaveLength(25)
    expect(page2.items[0]!.id).toBeGreaterThan(page1.items.at(-1)!.id!)
    expect(page1.items[0]!.metadata?.traceId).toBe('trace-1')
  })

  it('reads the log tail and pages back from it without gaps or repeats', async () => {
    const { executions, queries } = await setup()
    const e = await executions.create(operator, { service: 'sdr-service' })
    await executions.log(
      e.$id,
      operator,
      Array.from({ length: 25 }, (_, i) => ({ level: i % 5 === 0 ? 'error' : 'info', message: `line ${i + 1}` })),
    )
    const tail = await queries.logs(e.$id, { latest: true, limit: 10 })
    expect(tail.items.map((l) => l.message)).toEqual(Array.from({ length: 10 }, (_, i) => `line ${16 + i}`))
    const older = await queries.logs(e.$id, { before: tail.olderCursor!, limit: 10 })
    expect(older.items.map((l) => l.message)).toEqual(Array.from({ length: 10 }, (_, i) => `line ${6 + i}`))
    const oldest = await queries.logs(e.$id, { before: older.olderCursor!, limit: 10 })
    expect([oldest.items.length, oldest.olderCursor]).toEqual([5, null])
    // Filters apply to the tail too.
    expect((await queries.logs(e.$id, { latest: true, level: ['error'], limit: 2 })).items.map((l) => l.message)).toEqual(['line 16', 'line 21'])
  })

  it('finds with seed 001 operators and paginates without gaps or repeats', async () => {
    const { executions, queries } = await setup()
    const ids: string[] = []
    for (let i = 0; i < 30; i++) {
      const e = await executions.create(operator, { service: i % 2 ? 'sdr-service' : 'content-service', priority: i % 3 ? 'normal' : 'urgent', tags: i % 5 ? [] : ['vip'] })
      await executions.reportMetrics((await executions.start(e.$id, operator)).$id, operator, { cost: i / 10 })
      ids.push(e.$id)
    }
    const urgent = await queries.find({ query: { priority: { $in: ['high', 'urgent'] } }, sort: 'createdAt', order: 'desc', limit: 100 })
    expect(urgent.items).toHaveLength(10)
    const pricey = await queries.find({ query: { 'metrics.cost': { $gte: 2 }, service: 'sdr-service' }, sort: 'cost', order: 'desc', limit: 100 })
    expect(pricey.items.map((x) => x.metrics?.cost)).toEqual([2.9, 2.7, 2.5, 2.3, 2.1])
    const vip = await queries.find({ query: { tags: 'vip' }, sort: 'createdAt', order: 'asc', limit: 100 })
    expect(vip.items.map((x) => x.$id)).toEqual([ids[0], ids[5], ids[10], ids[15], ids[20], ids[25]])
    await expect(queries.find({ query: { 'metrics.bogus': 1 }, sort: 'createdAt', order: 'desc', limit: 10 })).rejects.toMatchObject({ kind: 'BAD_REQUEST' })

    const seen: string[] = []
    let cursor: string | undefined
    do {
      const p = await queries.list({ sort: 'createdAt', order: 'desc', limit: 7, cursor })
      seen.push(...p.items.map((x) => x.$id))
      cursor = p.nextCursor ?? undefined
    } while (cursor)
    expect(seen).toEqual([...ids].reverse())
  })

  it('filters the list by status, service, tags, cost, search and their negations', async () => {
    const { executions, queries, db } = await setup()
    await db.service.update({ where: { id: 'sdr-service' }, data: { name: 'AI SDR Outreach' } })
    await db.service.update({ where: { id: 'integration-service' }, data: { name: 'CRM Integration Sync' } })
    await db.service.update({ where: { id: 'content-service' }, data: { name: 'Content Generation' } })
    const a = await executions.create(operator, { service: 'sdr-service', tags: ['vip', 'eu'] })
    const b = await executions.create(operator, { service: 'content-service', tags: ['eu'] })
    const c = await executions.start((await executions.create(operator, { service: 'integration-service' })).$id, operator)
    await executions.fail(c.$id, operator, { code: 'API_TIMEOUT', message: 'External API timeout after 30 seconds' })
    await executions.reportMetrics((await executions.start(b.$id, operator)).$id, operator, { cost: 2.5 })
    const ids = async (filter: Parameters<typeof queries.list>[0]) => (await queries.list(filter)).items.map((e) => e.$id).sort()
    const base = { sort: 'createdAt' as const, order: 'desc' as const, limit: 50 }
    expect(await ids({ ...base, status: ['queued'] })).toEqual([a.$id])
    expect(await ids({ ...base, notStatus: ['queued'] })).toEqual([b.$id, c.$id].sort())
    expect(await ids({ ...base, tag: ['eu'], notService: ['sdr-service'] })).toEqual([b.$id])
    expect(await ids({ ...base, notTag: ['eu'] })).toEqual([c.$id])
    expect(await ids({ ...base, costMin: 1 })).toEqual([b.$id])
    expect(await ids({ ...base, search: 'timeout after 30' })).toEqual([c.$id])
    expect(await ids({ ...base, search: '100%_' })).toEqual([])
    // By the service's name, as the list shows it, as well as by its id.
    expect(await ids({ ...base, search: 'SDR Outreach' })).toEqual([a.$id])
    expect(await ids({ ...base, search: 'crm integration' })).toEqual([c.$id])
    expect(await ids({ ...base, search: 'sdr-serv' })).toEqual([a.$id])
    expect(await queries.count({ search: 'Content Gen' })).toBe(1)
    expect(await queries.count({ service: ['sdr-service', 'content-service'] })).toBe(2)
    expect((await queries.list({ ...base, tag: ['vip'] })).items[0]!.tags.sort()).toEqual(['eu', 'vip'])
  })

  it('finds a rare tag and a common one alike, both ways of looking them up in step, pages and counts included', async () => {
    const { executions, queries, reader } = await setup()
    // More executions with the common tag than FEW_TAGGED: it is looked up execution by execution, the rare one through its index.
    const common = await Promise.all(Array.from({ length: FEW_TAGGED + 5 }, () => executions.create(operator, { service: 'sdr-service', tags: ['common'] })))
    const rare = await Promise.all([1, 2, 3].map(() => executions.create(operator, { service: 'content-service', tags: ['rare', 'common'] })))
    const tagged = (tag: string) => reader.get<{ n: number }>('SELECT count(*) AS n FROM "ExecutionTag" WHERE "tag" = ?', [tag])!.n
    expect(tagged('common')).toBeGreaterThan(FEW_TAGGED)
    expect(tagged('rare')).toBeLessThanOrEqual(FEW_TAGGED)
    const all = async (tag?: string[]) => {
      const seen: string[] = []
      let cursor: string | undefined
      do {
        const p = await queries.list({ sort: 'createdAt', order: 'desc', limit: 400, cursor, ...(tag ? { tag } : {}) })
        seen.push(...p.items.map((x) => x.$id))
        cursor = p.nextCursor ?? undefined
      } while (cursor)
      return seen
    }
    // In the list's own order (newest first), as the unfiltered list has them.
    const everything = await all()
    const newestFirst = (xs: { $id: string }[]) => everything.filter((id) => xs.some((x) => x.$id === id))
    expect(await all(['rare'])).toEqual(newestFirst(rare))
    expect(await all(['common'])).toEqual(newestFirst([...common, ...rare]))
    expect(everything).toHaveLength(FEW_TAGGED + 8)
    expect(await all(['nobody-has-this'])).toEqual([])
    expect(await queries.count({ tag: ['rare'] })).toBe(3)
    expect(await queries.count({ tag: ['common'] })).toBe(FEW_TAGGED + 8)
    expect(await queries.count({ tag: ['rare'], service: ['sdr-service'] })).toBe(0)
  })

  it('summarises a service over a time range: totals, success rate, duration, cost, error codes', async () => {
    let clock = Date.parse('2026-01-01T00:00:00Z')
    const { executions, queries } = await setup(() => new Date(clock))
    const run = async (outcome: 'completed' | 'failed' | 'cancelled', code?: string) => {
      const e = await executions.start((await executions.create(operator, { service: 'integration-service' })).$id, operator)
      await executions.reportMetrics(e.$id, operator, { cost: 0.5 })
      clock += 10_000
      if (outcome === 'completed') await executions.complete(e.$id, operator, { success: true, output: {}, summary: 'ok' })
      if (outcome === 'failed') await executions.fail(e.$id, operator, { code: code!, message: 'x' })
      if (outcome === 'cancelled') await executions.cancel(e.$id, operator)
    }
    await run('completed')
    await run('completed')
    await run('failed', 'API_TIMEOUT')
    await run('failed', 'API_TIMEOUT')
    await run('failed', 'SERVICE_UNAVAILABLE')
    await run('cancelled')
    await executions.create(operator, { service: 'sdr-service' })
    const summary = await queries.analytics({ service: 'integration-service', from: '2025-12-31T00:00:00Z', to: '2026-01-02T00:00:00Z' })
    expect(summary).toMatchObject({
      total: 6,
      completed: 2,
      failed: 3,
      byStatus: { completed: 2, failed: 3, cancelled: 1 },
      averageDuration: 10_000,
      totalCost: 3,
      errorCodes: { API_TIMEOUT: 2, SERVICE_UNAVAILABLE: 1 },
    })
    expect(summary.successRate).toBeCloseTo(2 / 6)
    expect((await queries.analytics({ service: 'integration-service', from: '2026-01-02T00:00:00Z' })).total).toBe(0)
    expect((await queries.analytics({})).total).toBe(7)
  })

  it('flags a step still open after its due date', async () => {
    const { executions, queries } = await setup()
    const e = await executions.create(operator, {
      service: 'content-service',
      steps: [
        { id: 'late', assignee: { type: 'human' }, dueAt: new Date(Date.now() - 60_000).toISOString() },
        { id: 'on-time', assignee: { type: 'human' }, dueAt: new Date(Date.now() + 3_600_000).toISOString() },
      ],
    })
    await executions.start(e.$id, operator)
    await executions.startStep(e.$id, operator, { id: 'late' })
    const steps = await queries.steps(e.$id)
    expect(steps.map((s) => [s.id, s.overdue])).toEqual([
      ['late', true],
      ['on-time', false],
    ])
    await executions.completeStep(e.$id, operator, 'late', { output: { approved: true } })
    expect((await queries.steps(e.$id))[0]!.overdue).toBeUndefined()
  })
})
